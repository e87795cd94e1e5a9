/**
 * Version-neutral shapes of what the service returns, and the mapping from each API version's
 * wire shape. The same output name means the same thing on every version.
 */
import { ResponseError } from "./errors";
import { ApiVersion, isoDurationToMs, msToIsoDuration } from "./versions";

/** The customProperties key that carries the create marker (see hooks/dataset.ts). Never shown to users. */
export const CREATE_MARKER_KEY = "pulumiCreateToken";

export type DatasetStatus = "NotStarted" | "Running" | "Succeeded" | "Failed";

/** The statuses the API defines, in their canonical casing. */
export const DATASET_STATUSES: readonly DatasetStatus[] = ["NotStarted", "Running", "Succeeded", "Failed"];

const STATUS_BY_LOWER = new Map<string, DatasetStatus>(DATASET_STATUSES.map((s) => [s.toLowerCase(), s]));

/**
 * The service's status in canonical casing ("succeeded", "RUNNING", " notstarted " -> "Succeeded", "Running",
 * "NotStarted"). A value the API does not define is returned unchanged: see isKnownStatus.
 */
export function normalizeStatus(status: string): DatasetStatus | string {
    return STATUS_BY_LOWER.get(status.trim().toLowerCase()) ?? status;
}

/** True for the four statuses the API defines (canonical casing, as normalizeStatus returns them). */
export function isKnownStatus(status: string): status is DatasetStatus {
    return (DATASET_STATUSES as readonly string[]).includes(status);
}

export interface EntityError {
    code: string;
    message: string;
}

/** What the service says about a dataset, the same names on every API version. */
export interface DatasetProperties {
    acceptedLineCount?: number;
    rejectedLineCount?: number;
    /** Duration of the audio in milliseconds (all versions; v3.2's ISO value converted). */
    durationMilliseconds?: number;
    /** Duration of the audio as ISO 8601 (all versions; newer versions' milliseconds converted). */
    duration?: string;
    textNormalizationKind?: string;
    error?: EntityError;
}

export interface DatasetLinks {
    files?: string;
    commitBlocks?: string;
    listBlocks?: string;
    uploadBlocks?: string;
}

export interface DatasetModel {
    id: string;
    self: string;
    kind: string;
    locale: string;
    displayName: string;
    description?: string;
    /** The user's custom properties (the create marker removed). */
    customProperties: Record<string, string>;
    /** The create marker's value, when present. */
    createMarker?: string;
    /** The project's self URL, on versions that have projects. */
    project?: string;
    status: DatasetStatus | string;
    createdDateTime?: string;
    lastActionDateTime?: string;
    properties: DatasetProperties;
    links: DatasetLinks;
}

export interface ProjectModel {
    id: string;
    self: string;
    locale: string;
    displayName: string;
    description?: string;
    /** The user's custom properties (the create marker removed). */
    customProperties: Record<string, string>;
    /** The create marker's value, when present. */
    createMarker?: string;
    foundryProjectName?: string;
    createdDateTime?: string;
    links: Record<string, string>;
    /** v3.2 only: counts of the project's entities. */
    properties?: Record<string, number>;
}

/** The trailing GUID of a self URL (query string ignored). */
export function idFromSelf(self: string): string | undefined {
    const m = /\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/?(?:\?.*)?$/.exec(self);
    return m?.[1]?.toLowerCase();
}

function obj(v: unknown): Record<string, unknown> {
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}
function num(v: unknown): number | undefined {
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}
function strMap(v: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(obj(v))) if (typeof val === "string") out[k] = val;
    return out;
}

/** Maps a Dataset body of any version to DatasetModel; throws ResponseError when it is not a dataset. */
export function datasetFromWire(body: unknown, _version: ApiVersion, operationId: string): DatasetModel {
    const b = obj(body);
    const self = str(b.self);
    const id = self ? idFromSelf(self) : undefined;
    if (!self || !id || typeof b.kind !== "string" || typeof b.locale !== "string") {
        throw new ResponseError(`${operationId} returned something that is not a dataset (no self URL with an id, kind or locale)`);
    }
    const p = obj(b.properties);
    const ms = num(p.durationMilliseconds) ?? isoDurationToMs(str(p.duration));
    const err = obj(p.error);
    const custom = strMap(b.customProperties);
    const marker = custom[CREATE_MARKER_KEY];
    delete custom[CREATE_MARKER_KEY];
    const links = obj(b.links);
    const props: DatasetProperties = {
        acceptedLineCount: num(p.acceptedLineCount),
        rejectedLineCount: num(p.rejectedLineCount),
        durationMilliseconds: ms,
        duration: str(p.duration) ?? (ms !== undefined ? msToIsoDuration(ms) : undefined),
        textNormalizationKind: str(p.textNormalizationKind),
        error: typeof err.code === "string" || typeof err.message === "string"
            ? { code: str(err.code) ?? "", message: str(err.message) ?? "" }
            : undefined,
    };
    return {
        id,
        self,
        kind: b.kind,
        locale: b.locale,
        displayName: str(b.displayName) ?? "",
        description: str(b.description),
        customProperties: custom,
        createMarker: marker,
        project: str(obj(b.project).self),
        status: normalizeStatus(str(b.status) ?? "NotStarted"),
        createdDateTime: str(b.createdDateTime),
        lastActionDateTime: str(b.lastActionDateTime),
        properties: dropUndefined(props),
        links: dropUndefined({
            files: str(links.files),
            commitBlocks: str(links.commitBlocks),
            listBlocks: str(links.listBlocks),
            uploadBlocks: str(links.uploadBlocks),
        }),
    };
}

export function projectFromWire(body: unknown, operationId: string): ProjectModel {
    const b = obj(body);
    const self = str(b.self);
    const id = self ? idFromSelf(self) : undefined;
    if (!self || !id || typeof b.locale !== "string") {
        throw new ResponseError(`${operationId} returned something that is not a project (no self URL with an id, or no locale)`);
    }
    const props = obj(b.properties);
    const counts: Record<string, number> = {};
    for (const [k, v] of Object.entries(props)) if (typeof v === "number") counts[k] = v;
    const custom = strMap(b.customProperties);
    const marker = custom[CREATE_MARKER_KEY];
    delete custom[CREATE_MARKER_KEY];
    return dropUndefined({
        id,
        self,
        locale: b.locale,
        displayName: str(b.displayName) ?? "",
        description: str(b.description),
        customProperties: custom,
        createMarker: marker,
        foundryProjectName: str(b.foundryProjectName),
        createdDateTime: str(b.createdDateTime),
        links: strMap(b.links),
        properties: Object.keys(counts).length ? counts : undefined,
    }) as ProjectModel;
}

/** Removes undefined-valued keys (Pulumi state and protobuf Structs cannot hold undefined). */
export function dropUndefined<T extends object>(o: T): T {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
    return out as T;
}
