/**
 * Project lifecycle decisions: check, diff, create, read, update, delete.
 * Projects exist on API versions 2025-10-15 and v3.2 only.
 */
import { ConfigurationError, OperationContext, SpeechError } from "../client/errors";
import { CREATE_MARKER_KEY, dropUndefined, ProjectModel } from "../client/models";
import { ProjectUpdateSpec, SpeechClient } from "../client/speech-client";
import { VERSION_TRAITS } from "../client/versions";
import { apiVersionFor, clientFor, connectionFor, isUnknown, UNKNOWN, withExisting } from "./context";
import { createOnce, CreateLease, ExactlyOnceOps, markerToken, SETTLED } from "./exactly-once";
import { connectionPlan } from "./plan";
import * as v from "./validate";
import { normalizeMutable, pick, same } from "./validate";

type Props = Record<string, any>;

export const REPLACE_PROPERTIES = ["locale"] as const;
export const MUTABLE_PROPERTIES = ["displayName", "description", "customProperties", "foundryProjectName"] as const;
export const LOCAL_PROPERTIES = ["apiVersion", "retry"] as const;
/** The service allows 10 custom properties; the provider keeps one for its create marker. */
export const MAX_USER_CUSTOM_PROPERTIES = 9;

function contextFor(p: Props, action: string): OperationContext {
    return { action, resourceType: "Speech project", resourceName: String(p.resourceName ?? p.displayName ?? "project") };
}

export async function check(_olds: Props, news: Props): Promise<{ inputs: Props; failures: v.CheckFailure[] }> {
    const f = new v.Failures();
    news = { ...news };
    if (typeof news.key === "string" && news.key !== UNKNOWN) news.key = news.key.trim();
    v.locale(f, news);
    v.requiredString(f, news, "displayName");
    v.optionalString(f, news, "description");
    v.optionalString(f, news, "foundryProjectName", { minLength: 1 });
    v.customProperties(f, news, MAX_USER_CUSTOM_PROPERTIES);
    v.connectionInputs(f, news);
    v.retryInput(f, news);
    // The API version decides whether projects exist; it resolves without the rest of the connection.
    const version = news.apiVersion === UNKNOWN ? undefined : apiVersionFor(news);
    if (version && !VERSION_TRAITS[version].projects) {
        f.add("apiVersion", `API version ${version} has no projects; use 2025-10-15 or v3.2`);
    } else if (version && news.foundryProjectName !== undefined && news.foundryProjectName !== UNKNOWN && !VERSION_TRAITS[version].foundryProjectName) {
        f.add("foundryProjectName", `API version ${version} has no foundryProjectName; use 2025-10-15`);
    }
    if (f.list.length === 0 && !isUnknown(pick(news, ["endpoint", "region", "key", "apiVersion"]))) {
        try {
            connectionFor(news);
        } catch (e) {
            if (!(e instanceof ConfigurationError)) throw e;
            f.add(e.property, e.message);
        }
    }
    return { inputs: { ...news }, failures: f.list };
}

export function diff(_id: string, olds: Props, news: Props): { changes: boolean; replaces: string[]; changed: string[]; deleteBeforeReplace: boolean } {
    const changed: string[] = [];
    const replaces: string[] = [];
    for (const p of REPLACE_PROPERTIES) {
        if (news[p] === UNKNOWN || !same(olds[p], news[p])) {
            changed.push(p);
            replaces.push(p);
        }
    }
    for (const p of [...MUTABLE_PROPERTIES, ...LOCAL_PROPERTIES]) {
        if (news[p] === UNKNOWN || !same(normalizeMutable(p, olds[p]), normalizeMutable(p, news[p]))) changed.push(p);
    }
    const c = connectionPlan(olds, news);
    changed.push(...c.changed);
    replaces.push(...c.replaces);
    if (olds.createSettled === false) changed.push("customProperties");
    return { changes: changed.length > 0, replaces, changed: [...new Set(changed)], deleteBeforeReplace: false };
}

export function outputsFor(inputs: Props, p: ProjectModel, client: { connection: { endpoint: string; apiVersion: string; key: string } }): Props {
    const { key: _key, ...rest } = inputs;
    return dropUndefined({
        ...rest,
        projectId: p.id,
        self: p.self,
        createdDateTime: p.createdDateTime,
        links: p.links,
        counts: p.properties,
        endpointUsed: client.connection.endpoint,
        apiVersionUsed: client.connection.apiVersion,
        connectionKey: client.connection.key,
        createSettled: p.createMarker !== undefined && p.createMarker !== SETTLED ? false : undefined,
    });
}

function projectOps(client: SpeechClient, inputs: Props, ctx: OperationContext): ExactlyOnceOps<ProjectModel> {
    const userProps: Record<string, string> = inputs.customProperties ?? {};
    return {
        // Projects_List has no documented filter in every version: the whole list, matched by marker.
        candidates: () => client.listProjects({ context: { ...ctx, action: "looking up (exactly-once create)" } }),
        post: (marker) =>
            client.createProject(
                {
                    locale: inputs.locale,
                    displayName: inputs.displayName,
                    description: inputs.description,
                    customProperties: { ...userProps, [CREATE_MARKER_KEY]: marker },
                    foundryProjectName: inputs.foundryProjectName,
                },
                { context: ctx },
            ),
        mark: (p, marker, adopt) => {
            const patch: ProjectUpdateSpec = { customProperties: { ...userProps, [CREATE_MARKER_KEY]: marker } };
            if (adopt) {
                patch.displayName = inputs.displayName;
                patch.description = inputs.description ?? "";
                if (inputs.foundryProjectName !== undefined) patch.foundryProjectName = inputs.foundryProjectName;
            }
            return client.updateProject(p.id, patch, { context: ctx });
        },
        remove: (id) => client.deleteProject(id, { context: { ...ctx, action: "deleting a duplicate of" } }),
        retry: client.http.retry,
    };
}

/** Exactly-once like datasets (see exactly-once.ts): a lost reply never makes a second project. */
export async function create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const ctx = contextFor(inputs, "creating");
    const client = clientFor(inputs);
    const ops = projectOps(client, inputs, ctx);
    const identity = typeof inputs.createToken === "string" && inputs.createToken ? inputs.createToken : `${Math.random()}`;
    const lease = new CreateLease(markerToken(identity, [client.connection.endpoint, String(inputs.locale)]), ops);
    let { entity } = await createOnce(lease, ops);
    try {
        entity = await lease.settle(entity);
    } catch (e) {
        const err = e instanceof Error ? e : new SpeechError(String(e));
        throw Object.assign(err, { id: entity.id, properties: outputsFor(inputs, entity, client), reasons: [err.message] });
    }
    await lease.sweep(entity).catch(() => undefined);
    return { id: entity.id, outs: outputsFor(inputs, entity, client) };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
    const ctx = contextFor({ ...props, resourceName: props.resourceName ?? id }, "reading");
    return withExisting(props, undefined, async (client) => {
        const p = await client.getProject(id, { context: ctx });
        if (!p) return { id: "", props: {} };
        const observed = {
            ...props,
            locale: p.locale,
            displayName: p.displayName,
            description: p.description,
            customProperties: Object.keys(p.customProperties).length ? p.customProperties : undefined,
            foundryProjectName: p.foundryProjectName,
        };
        const outs = outputsFor(observed, p, client);
        if (props.locale !== undefined) return { id: p.id, props: outs };
        return {
            id: p.id,
            props: outs,
            inputs: dropUndefined({ locale: p.locale, displayName: p.displayName, description: p.description, customProperties: observed.customProperties, foundryProjectName: p.foundryProjectName }),
        };
    });
}

export async function update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    return withExisting(olds, news, async (client) => {
        const patch: ProjectUpdateSpec = {};
        for (const p of MUTABLE_PROPERTIES) {
            if (same(normalizeMutable(p, olds[p]), normalizeMutable(p, news[p]))) continue;
            if (p === "customProperties") continue;
            patch[p] = news[p] ?? "";
        }
        if (!same(normalizeMutable("customProperties", olds.customProperties), normalizeMutable("customProperties", news.customProperties)) || olds.createSettled === false) {
            // The full map, marker settled: the spec's ProjectUpdate has no null to remove a key.
            patch.customProperties = { ...(news.customProperties ?? {}), [CREATE_MARKER_KEY]: SETTLED };
        }
        if (!Object.keys(patch).length) {
            const { key: _k, ...rest } = news;
            return {
                outs: dropUndefined({
                    ...rest,
                    ...pick(olds, ["projectId", "self", "createdDateTime", "links", "counts", "endpointUsed"]),
                    apiVersionUsed: client.connection.apiVersion,
                    connectionKey: client.connection.key,
                }),
            };
        }
        const p = await client.updateProject(id, patch, { context: contextFor(news, "updating") });
        return { outs: outputsFor(news, p, client) };
    });
}

export async function remove(id: string, props: Props): Promise<void> {
    const ctx = contextFor({ ...props, resourceName: props.resourceName ?? id }, "deleting");
    await withExisting(props, undefined, (client) => client.deleteProject(id, { context: ctx }));
}
