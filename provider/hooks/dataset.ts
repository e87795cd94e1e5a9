/**
 * Dataset lifecycle decisions: check, diff, create, read, update, delete.
 * Plain async functions over plain objects: the dynamic provider calls them, tests call them,
 * and a native provider could call them later.
 */
import { createHash, randomUUID } from "node:crypto";
import { ConfigurationError, InputError, OperationContext, ProcessingFailedError, ServiceError, SpeechError, TransportError } from "../client/errors";
import { CREATE_MARKER_KEY, DatasetModel, DatasetProperties, dropUndefined, mergePatchOf } from "../client/models";
import { waitForDataset } from "../client/poll";
import { redact } from "../client/redact";
import { SpeechClient } from "../client/speech-client";
import { VERSION_TRAITS } from "../client/versions";
import { apiVersionFor, clientFor, clientForExisting, connectionFor, isUnknown, UNKNOWN } from "./context";
import { contentIdentity, isNewData } from "./identity";
import { checkSource, hasSource, sourceReplaces, uploadSource } from "./source";
import * as v from "./validate";
import { normalizeMutable, pick, same } from "./validate";

export const DATASET_KINDS = ["Acoustic", "AudioFiles", "Language", "LanguageMarkdown", "Pronunciation", "OutputFormatting"] as const;
export const TEXT_NORMALIZATION_KINDS = ["Default", "None"] as const;
/** Default bound on waiting for processing: one hour. */
export const DEFAULT_PROCESSING_TIMEOUT_IN_MS = 60 * 60_000;
/** The service allows 10 custom properties; the provider keeps one for its create marker. */
export const MAX_USER_CUSTOM_PROPERTIES = 9;
/** Marker value once a create has finished (the dataset is tracked in state and must not be adopted again). */
export const SETTLED = "settled";

/** Inputs that replace the dataset when their value changes. */
const REPLACE_BY_VALUE = ["kind", "locale", "textNormalizationKind"] as const;
/** Inputs that replace the dataset when they change (contentUrl and source by data identity, not text). */
export const REPLACE_PROPERTIES = [...REPLACE_BY_VALUE, "contentUrl", "source"] as const;
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

/** `olds` are the old outputs (which keep the inputs); no network. */
export function diff(_id: string, olds: Props, news: Props): DiffResult {
    const changed = new Set<string>();
    const replaces = new Set<string>();
    for (const p of REPLACE_BY_VALUE) {
        if (news[p] === UNKNOWN || !same(olds[p], news[p])) {
            changed.add(p);
            replaces.add(p);
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
    for (const p of [...LOCAL_PROPERTIES, "endpoint", "region"]) {
        if (!same(olds[p], news[p])) changed.add(p);
    }
    // Another Speech resource means another dataset.
    const oldEndpoint = olds.endpointUsed;
    if (typeof oldEndpoint === "string" && !isUnknown(pick(news, ["endpoint", "region"]))) {
        try {
            const c = connectionFor(news);
            if (c.endpoint !== oldEndpoint) {
                replaces.add(news.endpoint !== undefined ? "endpoint" : "region");
                changed.add(news.endpoint !== undefined ? "endpoint" : "region");
            }
        } catch {
            /* unresolved connection: check reports it */
        }
    }
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
 * The marker that makes create exactly-once: derived from the resource's stable token (project,
 * stack and name, set by the Dataset class) and what would make it a different dataset. A retry of
 * the same create — in this process or after a crash — finds the dataset by it instead of creating
 * a second one.
 */
export function createMarker(inputs: Props, endpoint: string): string {
    const base = typeof inputs.createToken === "string" && inputs.createToken ? inputs.createToken : randomUUID();
    const data = typeof inputs.contentUrl === "string" ? contentIdentity(inputs.contentUrl) : String(inputs.sourceHash ?? "");
    // Every input that replaces the dataset must be in the marker, or the replacement adopts the old dataset.
    const parts = [base, endpoint, data, ...REPLACE_BY_VALUE.map((p) => String(inputs[p] ?? ""))];
    return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 40);
}

export async function create(inputs: Props): Promise<CreateResult> {
    const ctx = contextFor(inputs, "creating");
    const client = clientFor(inputs);
    const marker = createMarker(inputs, client.connection.endpoint);
    const userProps: Record<string, string> = inputs.customProperties ?? {};
    let dataset = await findByMarker(client, inputs, marker, ctx);
    if (!dataset) dataset = await postExactlyOnce(client, inputs, marker, ctx);
    return finishCreate(client, inputs, dataset, userProps, ctx);
}

/** Upload (for local sources), wait, settle the marker; errors carry the id so Pulumi keeps tracking the dataset. */
async function finishCreate(client: SpeechClient, inputs: Props, dataset: DatasetModel, userProps: Record<string, string>, ctx: OperationContext): Promise<CreateResult> {
    let current = dataset;
    try {
        if (hasSource(inputs.source) && current.status === "NotStarted") {
            await uploadSource(client, current.id, inputs, ctx);
        }
        const timeout = typeof inputs.processingTimeoutInMs === "number" ? inputs.processingTimeoutInMs : DEFAULT_PROCESSING_TIMEOUT_IN_MS;
        if (timeout > 0) current = await waitForDataset(client, current.id, { timeoutInMs: timeout, context: ctx, initialPollInMs: 500 });
        current = await settle(client, current, userProps, ctx);
    } catch (e) {
        current = await settle(client, current, userProps, ctx).catch(() => current);
        throw trackedError(e, current, inputs, client);
    }
    const outs = outputsFor(inputs, current, client);
    if (current.status === "Failed") {
        const err = current.properties.error;
        throw trackedError(new ProcessingFailedError(ctx, current.id, err?.code || "Failed", err?.message || "the service gave no reason"), current, inputs, client);
    }
    return { id: current.id, outs };
}

async function settle(client: SpeechClient, d: DatasetModel, userProps: Record<string, string>, ctx: OperationContext): Promise<DatasetModel> {
    if (d.createMarker === undefined || d.createMarker === SETTLED) return d;
    return client.updateDataset(d.id, { customProperties: { ...userProps, [CREATE_MARKER_KEY]: SETTLED } }, { context: ctx });
}

/** Finds a dataset this resource already created (same marker, not yet settled). */
async function findByMarker(client: SpeechClient, inputs: Props, marker: string, ctx: OperationContext): Promise<DatasetModel | undefined> {
    const name = String(inputs.displayName).replace(/'/g, "''");
    const all = await client.listDatasets({ filter: `displayName eq '${name}'`, context: { ...ctx, action: "looking up (exactly-once create)" } });
    const found = all.filter((d) => d.createMarker === marker);
    // Oldest first: if a duplicate ever slipped in, the same one is adopted every time.
    found.sort((a, b) => String(a.createdDateTime).localeCompare(String(b.createdDateTime)));
    return found[0];
}

/** A POST that timed out may still be running in the service: a lookup right now can miss it. */
function mayStillRun(e: unknown): boolean {
    return e instanceof TransportError && /TIMEDOUT|TIMEOUT/i.test(e.code);
}

function isAmbiguous(e: unknown): boolean {
    if (e instanceof TransportError) return e.ambiguous;
    if (e instanceof ServiceError) return e.statusCode >= 500 || e.statusCode === 408;
    return false;
}

/** POST once; after an ambiguous failure, look the marker up and adopt, or POST again. */
async function postExactlyOnce(client: SpeechClient, inputs: Props, marker: string, ctx: OperationContext): Promise<DatasetModel> {
    const spec = {
        kind: inputs.kind,
        locale: inputs.locale,
        displayName: inputs.displayName,
        description: inputs.description,
        contentUrl: typeof inputs.contentUrl === "string" ? inputs.contentUrl : undefined,
        project: typeof inputs.project === "string" && inputs.project ? client.projectSelf(v.projectId(inputs.project)!) : undefined,
        customProperties: { ...(inputs.customProperties ?? {}), [CREATE_MARKER_KEY]: marker },
        textNormalizationKind: inputs.textNormalizationKind,
    };
    const attempts = Math.max(1, client.http.retry.maxRetries + 1);
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
        try {
            return await client.createDataset(spec, { context: ctx });
        } catch (e) {
            if (!isAmbiguous(e)) throw e;
            last = e;
            const found = await findByMarker(client, inputs, marker, ctx);
            if (found) return found;
            // POSTing again could make a second dataset once the first one lands; the next create adopts it.
            if (mayStillRun(e)) throw e;
        }
    }
    throw last;
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

/** Outputs: the inputs (never the key) plus what the service says, the same names on every version. */
export function outputsFor(inputs: Props, d: DatasetModel, client: { connection: { endpoint: string; apiVersion: string } }): Props {
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
    const client = clientForExisting(props);
    const got = await client.getDataset(id, { context: contextFor({ ...props, resourceName: props.resourceName ?? id }, "reading") });
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
}

// ---- update --------------------------------------------------------------------------------------

export async function update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const ctx = contextFor(news, "updating");
    const client = clientForExisting(olds, news);
    const patch: { displayName?: string; description?: string; customProperties?: Record<string, string | null>; project?: string | null } = {};
    if (!same(olds.displayName, news.displayName) && news.displayName !== undefined) patch.displayName = news.displayName;
    if (!same(normalizeMutable("description", olds.description), normalizeMutable("description", news.description))) patch.description = news.description ?? "";
    if (!same(normalizeMutable("customProperties", olds.customProperties), normalizeMutable("customProperties", news.customProperties))) {
        patch.customProperties = mergePatchOf(olds.customProperties, news.customProperties);
    }
    if (!same(normalizeMutable("project", olds.project), normalizeMutable("project", news.project))) {
        patch.project = typeof news.project === "string" && news.project ? client.projectSelf(v.projectId(news.project)!) : null;
    }
    let d: DatasetModel | undefined;
    if (Object.keys(patch).length) {
        d = await client.updateDataset(id, patch, { context: ctx });
    }
    // A create that did not finish (interrupted upload, wait bound reached, marker not settled): finish it now.
    if ((olds.status !== "Succeeded" && olds.status !== "Failed") || olds.createSettled === false) {
        const current = d ?? (await client.getDataset(id, { context: ctx }))?.value;
        if (!current) throw new InputError("id", `dataset ${id} no longer exists; run pulumi refresh to drop it from state, then pulumi up to recreate it`);
        const finished = await finishCreate(client, news, current, news.customProperties ?? {}, ctx);
        return { outs: finished.outs };
    }
    if (!d) {
        // Nothing to send: keep what the service said last time, with the new inputs.
        const { key: _k, ...rest } = news;
        const serviceFields = pick(olds, ["datasetId", "self", "status", "createdDateTime", "lastActionDateTime", "properties", "links", "projectSelf", "endpointUsed"]);
        return { outs: dropUndefined({ ...rest, ...serviceFields, apiVersionUsed: client.connection.apiVersion }) };
    }
    return { outs: outputsFor(news, d, client) };
}

// ---- delete --------------------------------------------------------------------------------------

export async function remove(id: string, props: Props): Promise<void> {
    const client = clientForExisting(props);
    await client.deleteDataset(id, { context: contextFor({ ...props, resourceName: props.resourceName ?? id }, "deleting") });
}
