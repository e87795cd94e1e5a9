/**
 * Dataset lifecycle decisions: check, diff, create, read, update, delete.
 * Plain async functions over plain objects: the dynamic provider calls them, tests call them,
 * and a native provider could call them later.
 */
import { randomUUID } from "node:crypto";
import { ConfigurationError, InputError, OperationContext, ProcessingFailedError, SpeechError } from "../client/errors";
import { CREATE_MARKER_KEY, DatasetModel, DatasetProperties, dropUndefined } from "../client/models";
import { waitForDataset } from "../client/poll";
import { redact, registerUrlSecrets } from "../client/redact";
import { DatasetUpdateSpec, SpeechClient } from "../client/speech-client";
import { VERSION_TRAITS } from "../client/versions";
import { apiVersionFor, clientFor, connectionFor, isUnknown, UNKNOWN, withExisting } from "./context";
import { createOnce, CreateLease, ExactlyOnceOps, markerToken, SETTLED } from "./exactly-once";
import { contentIdentity, isNewData } from "./identity";
import { connectionPlan } from "./plan";
import { checkSource, hasSource, sourceReplaces, uploadSource } from "./source";
import * as v from "./validate";
import { normalizeMutable, pick, same } from "./validate";

export const DATASET_KINDS = ["Acoustic", "AudioFiles", "Language", "LanguageMarkdown", "Pronunciation", "OutputFormatting"] as const;
export const TEXT_NORMALIZATION_KINDS = ["Default", "None"] as const;
/** Default bound on waiting for processing: one hour. */
export const DEFAULT_PROCESSING_TIMEOUT_IN_MS = 60 * 60_000;
/** The service allows 10 custom properties; the provider keeps one for its create marker. */
export const MAX_USER_CUSTOM_PROPERTIES = 9;
export { SETTLED };

/** Inputs that replace the dataset when their value changes (textNormalizationKind by its effective value). */
const REPLACE_BY_VALUE = ["kind", "locale", "textNormalizationKind"] as const;
/** Inputs that replace the dataset when they change (contentUrl and source by data identity, not text; project when removed). */
export const REPLACE_PROPERTIES = [...REPLACE_BY_VALUE, "contentUrl", "source", "project"] as const;
/** Inputs the service can edit in place (Datasets_Update). */
export const MUTABLE_PROPERTIES = ["displayName", "description", "customProperties", "project"] as const;
/** Inputs that only steer the provider: a change is recorded, nothing is sent. */
export const LOCAL_PROPERTIES = ["apiVersion", "retry", "processingTimeoutInMs", "blockSizeInBytes", "uploadConcurrency"] as const;

type Props = Record<string, any>;

export interface CheckResult {
    inputs: Props;
    failures: v.CheckFailure[];
}

export async function check(_olds: Props, news: Props): Promise<CheckResult> {
    const f = new v.Failures();
    const inputs: Props = { ...news };
    // A key read from a file often ends with a newline: the service would refuse it, so it is trimmed here.
    if (typeof inputs.key === "string" && inputs.key !== UNKNOWN) inputs.key = inputs.key.trim();
    if (typeof inputs.contentUrl === "string" && inputs.contentUrl !== UNKNOWN) registerUrlSecrets(inputs.contentUrl);
    v.enumString(f, inputs, "kind", DATASET_KINDS, true);
    v.locale(f, inputs);
    v.requiredString(f, inputs, "displayName");
    v.optionalString(f, inputs, "description");
    v.enumString(f, inputs, "textNormalizationKind", TEXT_NORMALIZATION_KINDS, false);
    v.customProperties(f, inputs, MAX_USER_CUSTOM_PROPERTIES);
    v.connectionInputs(f, inputs);
    v.retryInput(f, inputs);
    v.nonNegativeInt(f, inputs, "processingTimeoutInMs", 7 * 24 * 3600_000);

    const { contentUrl, project } = inputs;
    const source = inputs.source;
    if (contentUrl !== undefined && contentUrl !== null && contentUrl !== UNKNOWN) {
        if (typeof contentUrl !== "string") f.add("contentUrl", `must be a string, got ${v.typeName(contentUrl)}`);
        else {
            const reason = contentUrlProblem(contentUrl);
            if (reason) f.add("contentUrl", reason);
        }
    }
    const hasUrl = contentUrl !== undefined && contentUrl !== null;
    if (hasUrl && hasSource(source)) f.add("source", "set either contentUrl or source, not both");
    if (!hasUrl && !hasSource(source)) {
        f.add("contentUrl", "set contentUrl (a URL the service can read, e.g. a blob SAS URL) or source (a local file or folder as a Pulumi asset/archive)");
    }
    if (hasSource(source)) await checkSource(f, inputs);

    if (project !== undefined && project !== null && project !== UNKNOWN) {
        if (typeof project !== "string" || !v.projectId(project)) {
            f.add("project", `must be a project id (GUID), a project's self URL, or a Project resource (got ${v.show(project)})`);
        }
    }
    // The API version decides whether projects exist; it resolves without the rest of the connection.
    if (project !== undefined && project !== null && inputs.apiVersion !== UNKNOWN) {
        const version = apiVersionFor(inputs);
        if (version && !VERSION_TRAITS[version].projects) {
            f.add("project", `API version ${version} has no projects; use apiVersion 2025-10-15 or v3.2, or remove project`);
        }
    }
    if (typeof inputs.projectLocale === "string" && typeof inputs.locale === "string" && inputs.projectLocale !== UNKNOWN && inputs.locale !== UNKNOWN && inputs.projectLocale !== inputs.locale) {
        f.add("locale", `is ${inputs.locale} but the project's locale is ${inputs.projectLocale}; a dataset's locale must match its project's`);
    }
    if (f.list.length === 0 && !isUnknown(pick(inputs, ["endpoint", "region", "key", "apiVersion"]))) {
        try {
            connectionFor(inputs);
        } catch (e) {
            if (!(e instanceof ConfigurationError)) throw e;
            f.add(e.property, e.message);
        }
    }
    return { inputs, failures: f.list };
}

function contentUrlProblem(url: string): string | undefined {
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        return "must be an absolute URL the service can read with an anonymous GET (e.g. a blob SAS URL)";
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") return `must be an http(s) URL (got ${u.protocol.replace(":", "")})`;
    if (u.username || u.password) return "must not carry user credentials; use a SAS token instead";
    return undefined;
}

// ---- diff ----------------------------------------------------------------------------------------

export interface DiffResult {
    changes: boolean;
    replaces: string[];
    /** Every changed property (for messages and tests). */
    changed: string[];
    deleteBeforeReplace: boolean;
}

/** The value a property has for the service: textNormalizationKind defaults to Default. */
function effective(p: string, props: Props, isOld: boolean): unknown {
    if (p !== "textNormalizationKind") return props[p];
    const given = props.textNormalizationKind ?? (isOld ? props.properties?.textNormalizationKind : undefined);
    return given === undefined || given === null ? "Default" : given;
}

/** `olds` are the old outputs (which keep the inputs); no network. */
export function diff(_id: string, olds: Props, news: Props): DiffResult {
    const changed = new Set<string>();
    const replaces = new Set<string>();
    for (const p of REPLACE_BY_VALUE) {
        if (news[p] === UNKNOWN || !same(effective(p, olds, true), effective(p, news, false))) {
            changed.add(p);
            replaces.add(p);
        } else if (!same(olds[p], news[p])) {
            changed.add(p); // e.g. textNormalizationKind "Default" written out where the service has Default: recorded only
        }
    }
    if (news.contentUrl === UNKNOWN || isNewData(olds.contentUrl, news.contentUrl)) {
        changed.add("contentUrl");
        replaces.add("contentUrl");
    } else if (olds.contentUrl !== news.contentUrl) {
        changed.add("contentUrl"); // a fresh SAS for the same blob: recorded, not replaced
    }
    for (const p of sourceReplaces(olds, news)) {
        changed.add(p);
        replaces.add(p);
    }
    for (const p of MUTABLE_PROPERTIES) {
        if (p === "displayName" && news[p] === undefined) continue;
        if (news[p] === UNKNOWN || !same(normalizeMutable(p, olds[p]), normalizeMutable(p, news[p]))) changed.add(p);
    }
    // The spec's DatasetUpdate cannot detach a project (project.self is required): a dataset leaves its project by replacement.
    if (normalizeMutable("project", olds.project) !== undefined && news.project !== UNKNOWN && normalizeMutable("project", news.project) === undefined) {
        changed.add("project");
        replaces.add("project");
    }
    for (const p of LOCAL_PROPERTIES) {
        if (!same(olds[p], news[p])) changed.add(p);
    }
    const c = connectionPlan(olds, news);
    for (const p of c.changed) changed.add(p);
    for (const p of c.replaces) replaces.add(p);
    // A tracked dataset whose create marker is not settled could be adopted by a later create: update settles it.
    if (olds.createSettled === false) changed.add("customProperties");
    // A dataset whose processing failed cannot be repaired in place: it is replaced (like a tainted resource).
    if (olds.status === "Failed") {
        const p = hasSource(news.source) ? "source" : "contentUrl";
        changed.add(p);
        replaces.add(p);
    }
    return { changes: changed.size > 0, replaces: [...replaces], changed: [...changed], deleteBeforeReplace: false };
}

// ---- create --------------------------------------------------------------------------------------

export interface CreateResult {
    id: string;
    outs: Props;
}

function contextFor(inputs: Props, action: string): OperationContext {
    return { action, resourceType: "Speech dataset", resourceName: String(inputs.resourceName ?? inputs.displayName ?? "dataset") };
}

/**
 * The token of this resource's create (see exactly-once.ts): its URN identity (set by the Dataset
 * class) and everything that would make it a different dataset, so that a replacement never adopts
 * the dataset it replaces.
 */
export function createToken(inputs: Props, endpoint: string): string {
    const identity = typeof inputs.createToken === "string" && inputs.createToken ? inputs.createToken : randomUUID();
    const data = typeof inputs.contentUrl === "string" ? contentIdentity(inputs.contentUrl) : String(inputs.sourceHash ?? "");
    const project = typeof inputs.project === "string" ? v.projectId(inputs.project) ?? inputs.project : "";
    return markerToken(identity, [endpoint, data, ...REPLACE_BY_VALUE.map((p) => String(effective(p, inputs, false) ?? "")), project]);
}

function projectSelfOf(client: SpeechClient, inputs: Props): string | undefined {
    return typeof inputs.project === "string" && inputs.project ? client.projectSelf(v.projectId(inputs.project)!) : undefined;
}

/** The exactly-once operations for one dataset resource. */
function datasetOps(client: SpeechClient, inputs: Props, ctx: OperationContext): ExactlyOnceOps<DatasetModel> {
    const userProps: Record<string, string> = inputs.customProperties ?? {};
    const name = String(inputs.displayName).replace(/'/g, "''");
    return {
        candidates: () => client.listDatasets({ filter: `displayName eq '${name}'`, context: { ...ctx, action: "looking up (exactly-once create)" } }),
        post: (marker) =>
            client.createDataset(
                {
                    kind: inputs.kind,
                    locale: inputs.locale,
                    displayName: inputs.displayName,
                    description: inputs.description,
                    contentUrl: typeof inputs.contentUrl === "string" ? inputs.contentUrl : undefined,
                    project: projectSelfOf(client, inputs),
                    customProperties: { ...userProps, [CREATE_MARKER_KEY]: marker },
                    textNormalizationKind: inputs.textNormalizationKind,
                },
                { context: ctx },
            ),
        mark: (d, marker, adopt) => {
            // The full map: the service is sent no null (the schema has none), the user's entries are kept.
            const patch: DatasetUpdateSpec = { customProperties: { ...userProps, [CREATE_MARKER_KEY]: marker } };
            if (adopt) {
                // An abandoned create may have been made with older inputs: the service gets the current ones.
                patch.displayName = inputs.displayName;
                patch.description = inputs.description ?? "";
                const project = projectSelfOf(client, inputs);
                if (project && v.projectId(project) !== (d.project ? v.projectId(d.project) : undefined)) patch.project = project;
            }
            return client.updateDataset(d.id, patch, { context: ctx });
        },
        remove: (id) => client.deleteDataset(id, { context: { ...ctx, action: "deleting a duplicate of" } }),
        retry: client.http.retry,
    };
}

export async function create(inputs: Props): Promise<CreateResult> {
    const ctx = contextFor(inputs, "creating");
    const client = clientFor(inputs);
    const ops = datasetOps(client, inputs, ctx);
    const lease = new CreateLease(createToken(inputs, client.connection.endpoint), ops);
    const { entity } = await createOnce(lease, ops);
    return finishCreate(client, inputs, entity, lease, ctx);
}

/**
 * Upload (for local sources), wait, settle the marker, remove duplicates of our own POSTs.
 * Errors carry the id so Pulumi keeps tracking the dataset; a processing failure is the error shown
 * even when the settle step failed too.
 */
async function finishCreate(client: SpeechClient, inputs: Props, dataset: DatasetModel, lease: CreateLease<DatasetModel>, ctx: OperationContext): Promise<CreateResult> {
    let current = dataset;
    let failure: unknown;
    const stopRenewing = lease.keepAlive(current);
    try {
        if (hasSource(inputs.source)) {
            // Sends what the service lacks, or (blocks already committed) only verifies them against the local data.
            await uploadSource(client, current.id, inputs, ctx);
        }
        const timeout = typeof inputs.processingTimeoutInMs === "number" ? inputs.processingTimeoutInMs : DEFAULT_PROCESSING_TIMEOUT_IN_MS;
        if (timeout > 0) {
            current = await waitForDataset(client, current.id, { timeoutInMs: timeout, context: ctx, initialPollInMs: 500 });
        }
        if (current.status === "Failed") {
            const err = current.properties.error;
            failure = new ProcessingFailedError(ctx, current.id, err?.code || "Failed", err?.message || "the service gave no reason");
        }
    } catch (e) {
        failure = e;
    }
    stopRenewing();
    try {
        current = await lease.settle(current);
    } catch (e) {
        failure ??= e;
    }
    await lease.sweep(current).catch(() => undefined); // a duplicate that survives keeps a lapsing lease: the next create adopts it
    if (failure) throw trackedError(failure, current, inputs, client);
    return { id: current.id, outs: outputsFor(inputs, current, client) };
}

/** Attaches id and outputs to an error so the engine records the half-created dataset (no orphan). */
function trackedError(e: unknown, d: DatasetModel, inputs: Props, client: SpeechClient): Error {
    const err = e instanceof Error ? e : new SpeechError(String(e));
    return Object.assign(err, {
        id: d.id,
        properties: outputsFor(inputs, d, client),
        reasons: [err.message],
    });
}

/**
 * Outputs: the inputs (never the key input itself) plus what the service says, the same names on
 * every version, and the connection the dataset is reached with: `endpointUsed`, and
 * `connectionKey` (a secret output) so that refresh and destroy reach it whatever the config says then.
 */
export function outputsFor(inputs: Props, d: DatasetModel, client: { connection: { endpoint: string; apiVersion: string; key: string } }): Props {
    const { key: _key, ...rest } = inputs;
    return dropUndefined({
        ...rest,
        datasetId: d.id,
        self: d.self,
        status: d.status,
        createdDateTime: d.createdDateTime,
        lastActionDateTime: d.lastActionDateTime,
        properties: redactedProperties(d.properties),
        links: d.links,
        projectSelf: d.project,
        endpointUsed: client.connection.endpoint,
        apiVersionUsed: client.connection.apiVersion,
        connectionKey: client.connection.key,
        // Only when the create marker could not be settled: the next update settles it (see diff).
        createSettled: d.createMarker !== undefined && d.createMarker !== SETTLED ? false : undefined,
    });
}

/** The service's reason for a failure may quote the contentUrl with its SAS; outputs are not secret. */
function redactedProperties(p: DatasetProperties): DatasetProperties {
    return p.error ? { ...p, error: { code: redact(p.error.code), message: redact(p.error.message) } } : p;
}

// ---- read ----------------------------------------------------------------------------------------

export interface ReadResult {
    id: string;
    props: Props;
    inputs?: Props;
}

export async function read(id: string, props: Props): Promise<ReadResult> {
    if (typeof props.contentUrl === "string") registerUrlSecrets(props.contentUrl);
    const ctx = contextFor({ ...props, resourceName: props.resourceName ?? id }, "reading");
    return withExisting(props, undefined, async (client) => {
        const got = await client.getDataset(id, { context: ctx });
        if (!got) return { id: "", props: {} };
        const d = got.value;
        const imported = props.kind === undefined; // Dataset.get: no prior state
        const observed: Props = {
            ...props,
            kind: d.kind,
            locale: d.locale,
            displayName: d.displayName,
            description: d.description,
            customProperties: Object.keys(d.customProperties).length ? d.customProperties : undefined,
            project: d.project ? (typeof props.project === "string" && v.projectId(props.project) === v.projectId(d.project) ? props.project : d.project) : undefined,
        };
        if (d.properties.textNormalizationKind && props.textNormalizationKind !== undefined) observed.textNormalizationKind = d.properties.textNormalizationKind;
        const outs = outputsFor(observed, d, client);
        if (!imported) return { id: d.id, props: outs };
        const inputs = dropUndefined({
            kind: d.kind,
            locale: d.locale,
            displayName: d.displayName,
            description: d.description,
            customProperties: observed.customProperties,
            project: d.project,
        });
        return { id: d.id, props: outs, inputs };
    });
}

// ---- update --------------------------------------------------------------------------------------

/** The PATCH that brings the service to the new inputs (only what changed; maps sent whole, never null). */
function updatePatch(client: SpeechClient, olds: Props, news: Props): DatasetUpdateSpec {
    const patch: DatasetUpdateSpec = {};
    if (!same(olds.displayName, news.displayName) && news.displayName !== undefined) patch.displayName = news.displayName;
    if (!same(normalizeMutable("description", olds.description), normalizeMutable("description", news.description))) patch.description = news.description ?? "";
    if (!same(normalizeMutable("customProperties", olds.customProperties), normalizeMutable("customProperties", news.customProperties)) || olds.createSettled === false) {
        patch.customProperties = { ...(news.customProperties ?? {}), [CREATE_MARKER_KEY]: SETTLED };
    }
    const project = projectSelfOf(client, news);
    if (project && !same(normalizeMutable("project", olds.project), normalizeMutable("project", news.project))) patch.project = project;
    return patch;
}

export async function update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    if (typeof news.contentUrl === "string") registerUrlSecrets(news.contentUrl);
    const ctx = contextFor(news, "updating");
    return withExisting(olds, news, async (client) => {
        const unfinished = (olds.status !== "Succeeded" && olds.status !== "Failed") || olds.createSettled === false;
        if (unfinished) {
            // A create that did not finish (interrupted upload, wait bound reached, marker not settled): finish it now,
            // as the owner of its marker, after bringing the service to the current inputs.
            const ops = datasetOps(client, news, ctx);
            const lease = new CreateLease(createToken(news, client.connection.endpoint), ops);
            const got = (await client.getDataset(id, { context: ctx }))?.value;
            if (!got) throw new InputError("id", `dataset ${id} no longer exists; run pulumi refresh to drop it from state, then pulumi up to recreate it`);
            const current = await ops.mark(got, lease.marker(), true);
            const finished = await finishCreate(client, news, current, lease, ctx);
            return { outs: finished.outs };
        }
        const patch = updatePatch(client, olds, news);
        if (!Object.keys(patch).length) {
            // Nothing to send: keep what the service said last time, with the new inputs and the key that reaches it.
            const { key: _k, ...rest } = news;
            const serviceFields = pick(olds, ["datasetId", "self", "status", "createdDateTime", "lastActionDateTime", "properties", "links", "projectSelf", "endpointUsed"]);
            return { outs: dropUndefined({ ...rest, ...serviceFields, apiVersionUsed: client.connection.apiVersion, connectionKey: client.connection.key }) };
        }
        const d = await client.updateDataset(id, patch, { context: ctx });
        return { outs: outputsFor(news, d, client) };
    });
}

// ---- delete --------------------------------------------------------------------------------------

export async function remove(id: string, props: Props): Promise<void> {
    const ctx = contextFor({ ...props, resourceName: props.resourceName ?? id }, "deleting");
    await withExisting(props, undefined, (client) => client.deleteDataset(id, { context: ctx }));
}
