/**
 * Project lifecycle decisions: check, diff, create, read, update, delete.
 * Projects exist on API versions 2025-10-15 and v3.2 only.
 */
import { ConfigurationError, OperationContext } from "../client/errors";
import { dropUndefined, mergePatchOf, ProjectModel } from "../client/models";
import { VERSION_TRAITS } from "../client/versions";
import { apiVersionFor, clientFor, clientForExisting, connectionFor, isUnknown, UNKNOWN } from "./context";
import * as v from "./validate";
import { normalizeMutable, pick, same } from "./validate";

type Props = Record<string, any>;

export const REPLACE_PROPERTIES = ["locale"] as const;
export const MUTABLE_PROPERTIES = ["displayName", "description", "customProperties", "foundryProjectName"] as const;
export const LOCAL_PROPERTIES = ["apiVersion", "retry", "endpoint", "region"] as const;

function contextFor(p: Props, action: string): OperationContext {
    return { action, resourceType: "Speech project", resourceName: String(p.resourceName ?? p.displayName ?? "project") };
}

export async function check(_olds: Props, news: Props): Promise<{ inputs: Props; failures: v.CheckFailure[] }> {
    const f = new v.Failures();
    v.locale(f, news);
    v.requiredString(f, news, "displayName");
    v.optionalString(f, news, "description");
    v.optionalString(f, news, "foundryProjectName", { minLength: 1 });
    v.customProperties(f, news, 10);
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
    if (typeof olds.endpointUsed === "string" && !isUnknown(pick(news, ["endpoint", "region"]))) {
        try {
            if (connectionFor(news).endpoint !== olds.endpointUsed) replaces.push(news.endpoint !== undefined ? "endpoint" : "region");
        } catch {
            /* check reports it */
        }
    }
    return { changes: changed.length > 0, replaces, changed, deleteBeforeReplace: false };
}

export function outputsFor(inputs: Props, p: ProjectModel, client: { connection: { endpoint: string; apiVersion: string } }): Props {
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
    });
}

export async function create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const client = clientFor(inputs);
    const p = await client.createProject(
        {
            locale: inputs.locale,
            displayName: inputs.displayName,
            description: inputs.description,
            customProperties: inputs.customProperties,
            foundryProjectName: inputs.foundryProjectName,
        },
        { context: contextFor(inputs, "creating") },
    );
    return { id: p.id, outs: outputsFor(inputs, p, client) };
}

export async function read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
    const client = clientForExisting(props);
    const p = await client.getProject(id, { context: contextFor({ ...props, resourceName: props.resourceName ?? id }, "reading") });
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
}

export async function update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const client = clientForExisting(olds, news);
    const patch: Props = {};
    for (const p of MUTABLE_PROPERTIES) {
        if (same(normalizeMutable(p, olds[p]), normalizeMutable(p, news[p]))) continue;
        patch[p] = p === "customProperties" ? mergePatchOf(olds.customProperties, news.customProperties) : news[p] ?? "";
    }
    if (!Object.keys(patch).length) {
        const { key: _k, ...rest } = news;
        return { outs: dropUndefined({ ...rest, ...pick(olds, ["projectId", "self", "createdDateTime", "links", "counts", "endpointUsed"]), apiVersionUsed: client.connection.apiVersion }) };
    }
    const p = await client.updateProject(id, patch, { context: contextFor(news, "updating") });
    return { outs: outputsFor(news, p, client) };
}

export async function remove(id: string, props: Props): Promise<void> {
    const client = clientForExisting(props);
    await client.deleteProject(id, { context: contextFor({ ...props, resourceName: props.resourceName ?? id }, "deleting") });
}
