/**
 * The Speech-to-text REST client: one method per operation the provider needs, for every
 * supported API version. Requests and responses are mapped to version-neutral models here.
 */
import { Connection } from "./connection";
import { describeContext, InputError, OperationContext, ResponseError } from "./errors";
import { checkOnEndpoint, HttpClient, HttpClientOptions, HttpRequest } from "./http";
import { CREATE_MARKER_KEY, DatasetModel, datasetFromWire, ProjectModel, projectFromWire } from "./models";
import { parseRetryAfter } from "./retry";
import { ApiVersion, operationUrl, VERSION_TRAITS, withApiVersion } from "./versions";

/** Common to every call. */
export interface CallOptions {
    abortSignal?: AbortSignal;
    context?: OperationContext;
}

/** Body of Datasets_Create, version-neutral. */
export interface DatasetCreateSpec {
    kind: string;
    locale: string;
    displayName: string;
    description?: string;
    contentUrl?: string;
    /** Project self URL. Only on versions with projects. */
    project?: string;
    customProperties?: Record<string, string>;
    textNormalizationKind?: string;
}

/**
 * Body of Datasets_Update: only what changes. Sent as `application/json`, so a map given here
 * replaces the service's map whole (the spec's DatasetUpdate allows no null to remove a key).
 */
export interface DatasetUpdateSpec {
    displayName?: string;
    description?: string;
    /** The complete new map (the create marker included by the caller). */
    customProperties?: Record<string, string>;
    /** Project self URL. The spec has no way to detach a project (EntityReference.self is required). */
    project?: string;
}

export interface ProjectCreateSpec {
    locale: string;
    displayName: string;
    description?: string;
    customProperties?: Record<string, string>;
    foundryProjectName?: string;
}

/** Body of Projects_Update (`application/json`): a map given here replaces the service's map whole. */
export interface ProjectUpdateSpec {
    displayName?: string;
    description?: string;
    customProperties?: Record<string, string>;
    foundryProjectName?: string;
}

export interface ListDatasetsOptions extends CallOptions {
    /** OData-like filter, e.g. `displayName eq 'x'`. */
    filter?: string;
    /** Page size requested (`top`). */
    pageSize?: number;
}

export interface UploadedBlocks {
    committedBlocks: { name: string; size: number }[];
    uncommittedBlocks: { name: string; size: number }[];
}

export interface DatasetFile {
    name: string;
    kind: string;
    size?: number;
    contentUrl?: string;
}

export interface GetResult<T> {
    value: T;
    /** Retry-After in ms when the service sent it (non-terminal entities). */
    retryAfterMs?: number;
}

export class SpeechClient {
    readonly http: HttpClient;
    readonly version: ApiVersion;

    constructor(readonly connection: Connection, options: HttpClientOptions = {}) {
        this.http = new HttpClient(connection, options);
        this.version = connection.apiVersion;
    }

    private url(path: string, query?: Record<string, string | number | undefined>): string {
        return operationUrl(this.connection.endpoint, this.version, path, query);
    }

    private send(req: Omit<HttpRequest, "abortSignal" | "context">, o?: CallOptions) {
        return this.http.send({ ...req, abortSignal: o?.abortSignal, context: o?.context });
    }

    /** The URL a project is referenced by in a dataset's `project.self`. */
    projectSelf(projectId: string): string {
        return this.url(`/projects/${projectId}`);
    }

    // ---- datasets ---------------------------------------------------------------------------

    async createDataset(spec: DatasetCreateSpec, o?: CallOptions): Promise<DatasetModel> {
        const body: Record<string, unknown> = {
            kind: spec.kind,
            locale: spec.locale,
            displayName: spec.displayName,
        };
        if (spec.description !== undefined) body.description = spec.description;
        if (spec.contentUrl !== undefined) body.contentUrl = spec.contentUrl;
        if (spec.customProperties && Object.keys(spec.customProperties).length) body.customProperties = spec.customProperties;
        if (spec.textNormalizationKind) body.properties = { textNormalizationKind: spec.textNormalizationKind };
        if (spec.project !== undefined) {
            if (!VERSION_TRAITS[this.version].projects) {
                throw new InputError("project", `API version ${this.version} has no projects; use 2025-10-15 or v3.2, or remove project`);
            }
            body.project = { self: spec.project };
        }
        const res = await this.send({ operationId: "Datasets_Create", method: "POST", url: this.url("/datasets"), json: body, idempotent: false }, o);
        return datasetFromWire(res.body, this.version, "Datasets_Create");
    }

    /** Datasets_Get; undefined when the dataset does not exist (404). */
    async getDataset(id: string, o?: CallOptions): Promise<GetResult<DatasetModel> | undefined> {
        const res = await this.send(
            { operationId: "Datasets_Get", method: "GET", url: this.url(`/datasets/${encodeURIComponent(id)}`), idempotent: true, accept: [404] },
            o,
        );
        if (res.status === 404) return undefined;
        return { value: datasetFromWire(res.body, this.version, "Datasets_Get"), retryAfterMs: retryAfter(res.headers) };
    }

    async updateDataset(id: string, spec: DatasetUpdateSpec, o?: CallOptions): Promise<DatasetModel> {
        const body: Record<string, unknown> = {};
        if (spec.displayName !== undefined) body.displayName = spec.displayName;
        if (spec.description !== undefined) body.description = spec.description;
        if (spec.customProperties !== undefined) body.customProperties = spec.customProperties;
        if (spec.project !== undefined) {
            if (!VERSION_TRAITS[this.version].projects) {
                throw new InputError("project", `API version ${this.version} has no projects; use 2025-10-15 or v3.2, or remove project`);
            }
            body.project = { self: spec.project };
        }
        const res = await this.send(
            {
                operationId: "Datasets_Update",
                method: "PATCH",
                url: this.url(`/datasets/${encodeURIComponent(id)}`),
                json: body,
                idempotent: true,
            },
            o,
        );
        return datasetFromWire(res.body, this.version, "Datasets_Update");
    }

    /** Datasets_Delete; resolves whether or not the dataset existed. */
    async deleteDataset(id: string, o?: CallOptions): Promise<void> {
        await this.send(
            { operationId: "Datasets_Delete", method: "DELETE", url: this.url(`/datasets/${encodeURIComponent(id)}`), idempotent: true, accept: [404] },
            o,
        );
    }

    /**
     * Datasets_List, following `@nextLink` to the end: only on the endpoint's own origin, at most
     * MAX_LIST_PAGES pages and MAX_LIST_ITEMS datasets.
     */
    async listDatasets(o?: ListDatasetsOptions): Promise<DatasetModel[]> {
        return listPages(
            { operationId: "Datasets_List", endpoint: this.connection.endpoint, version: this.version, context: o?.context },
            this.url("/datasets", { filter: o?.filter, top: o?.pageSize }),
            (url) => this.send({ operationId: "Datasets_List", method: "GET", url, idempotent: true }, o),
            (v) => datasetFromWire(v, this.version, "Datasets_List"),
        );
    }

    async getBlocks(id: string, o?: CallOptions): Promise<UploadedBlocks> {
        const res = await this.send(
            { operationId: "Datasets_GetBlocks", method: "GET", url: this.url(`/datasets/${encodeURIComponent(id)}/blocks`), idempotent: true },
            o,
        );
        const b = (res.body ?? {}) as Partial<UploadedBlocks>;
        return {
            committedBlocks: Array.isArray(b.committedBlocks) ? b.committedBlocks : [],
            uncommittedBlocks: Array.isArray(b.uncommittedBlocks) ? b.uncommittedBlocks : [],
        };
    }

    async uploadBlock(id: string, blockId: string, bytes: Buffer, o?: CallOptions): Promise<void> {
        await this.send(
            {
                operationId: "Datasets_UploadBlock",
                method: "PUT",
                url: this.url(`/datasets/${encodeURIComponent(id)}/blocks`, { blockid: blockId }),
                body: bytes,
                contentType: "application/octet-stream",
                idempotent: true,
            },
            o,
        );
    }

    async commitBlocks(id: string, blockIds: string[], o?: CallOptions): Promise<void> {
        await this.send(
            {
                operationId: "Datasets_CommitBlocks",
                method: "POST",
                url: this.url(`/datasets/${encodeURIComponent(id)}/blocks:commit`),
                json: blockIds.map((b) => ({ kind: "Latest", id: b })),
                // Committing the same list twice yields the same dataset content.
                idempotent: true,
            },
            o,
        );
    }

    async listFiles(id: string, o?: CallOptions): Promise<DatasetFile[]> {
        const res = await this.send(
            { operationId: "Datasets_ListFiles", method: "GET", url: this.url(`/datasets/${encodeURIComponent(id)}/files`), idempotent: true },
            o,
        );
        const values = ((res.body ?? {}) as { values?: unknown[] }).values ?? [];
        return values.map((v) => {
            const f = v as { name?: string; kind?: string; properties?: { size?: number }; links?: { contentUrl?: string } };
            return { name: f.name ?? "", kind: f.kind ?? "", size: f.properties?.size, contentUrl: f.links?.contentUrl };
        });
    }

    /** Datasets_ListSupportedLocales as kind -> locales, whatever the version's shape. */
    async datasetLocales(o?: CallOptions): Promise<Record<string, string[]>> {
        const res = await this.send(
            { operationId: "Datasets_ListSupportedLocales", method: "GET", url: this.url("/datasets/locales"), idempotent: true },
            o,
        );
        const body = (res.body ?? {}) as Record<string, unknown>;
        const out: Record<string, string[]> = {};
        if (VERSION_TRAITS[this.version].pathVersioned) {
            for (const [locale, kinds] of Object.entries(body)) {
                for (const k of Array.isArray(kinds) ? kinds : []) (out[String(k)] ??= []).push(locale);
            }
        } else {
            for (const [kind, locales] of Object.entries(body)) out[kind] = Array.isArray(locales) ? locales.map(String) : [];
        }
        return out;
    }

    // ---- projects ---------------------------------------------------------------------------

    private requireProjects(): void {
        if (!VERSION_TRAITS[this.version].projects) {
            throw new InputError("apiVersion", `API version ${this.version} has no projects; use 2025-10-15 or v3.2`);
        }
    }

    async createProject(spec: ProjectCreateSpec, o?: CallOptions): Promise<ProjectModel> {
        this.requireProjects();
        const body: Record<string, unknown> = { locale: spec.locale, displayName: spec.displayName };
        if (spec.description !== undefined) body.description = spec.description;
        if (spec.customProperties && Object.keys(spec.customProperties).length) body.customProperties = spec.customProperties;
        if (spec.foundryProjectName !== undefined) {
            if (!VERSION_TRAITS[this.version].foundryProjectName) {
                throw new InputError("foundryProjectName", `API version ${this.version} has no foundryProjectName; use 2025-10-15`);
            }
            body.foundryProjectName = spec.foundryProjectName;
        }
        const res = await this.send({ operationId: "Projects_Create", method: "POST", url: this.url("/projects"), json: body, idempotent: false }, o);
        return projectFromWire(res.body, "Projects_Create");
    }

    async getProject(id: string, o?: CallOptions): Promise<ProjectModel | undefined> {
        this.requireProjects();
        const res = await this.send(
            { operationId: "Projects_Get", method: "GET", url: this.url(`/projects/${encodeURIComponent(id)}`), idempotent: true, accept: [404] },
            o,
        );
        return res.status === 404 ? undefined : projectFromWire(res.body, "Projects_Get");
    }

    async updateProject(id: string, spec: ProjectUpdateSpec, o?: CallOptions): Promise<ProjectModel> {
        this.requireProjects();
        const body: Record<string, unknown> = {};
        for (const k of ["displayName", "description", "customProperties", "foundryProjectName"] as const) {
            if (spec[k] !== undefined) body[k] = spec[k];
        }
        const res = await this.send(
            {
                operationId: "Projects_Update",
                method: "PATCH",
                url: this.url(`/projects/${encodeURIComponent(id)}`),
                json: body,
                idempotent: true,
            },
            o,
        );
        return projectFromWire(res.body, "Projects_Update");
    }

    async deleteProject(id: string, o?: CallOptions): Promise<void> {
        this.requireProjects();
        await this.send(
            { operationId: "Projects_Delete", method: "DELETE", url: this.url(`/projects/${encodeURIComponent(id)}`), idempotent: true, accept: [404] },
            o,
        );
    }

    /**
     * Projects_List, following `@nextLink` to the end: only on the endpoint's own origin, at most
     * MAX_LIST_PAGES pages and MAX_LIST_ITEMS projects.
     */
    async listProjects(o?: CallOptions): Promise<ProjectModel[]> {
        this.requireProjects();
        return listPages(
            { operationId: "Projects_List", endpoint: this.connection.endpoint, version: this.version, context: o?.context },
            this.url("/projects"),
            (url) => this.send({ operationId: "Projects_List", method: "GET", url, idempotent: true }, o),
            (v) => projectFromWire(v, "Projects_List"),
        );
    }
}

export { CREATE_MARKER_KEY };

/**
 * Most pages one list call follows. A real account has at most a few thousand entities (S0 quota: 500
 * datasets) in pages of 100, so a longer `@nextLink` chain is a misbehaving endpoint, not data.
 */
export const MAX_LIST_PAGES = 1000;

/** Most entities one list call returns (see MAX_LIST_PAGES). */
export const MAX_LIST_ITEMS = 100_000;

interface ListScope {
    operationId: string;
    endpoint: string;
    version: ApiVersion;
    context?: OperationContext;
}

/** Fetches pages from `first` while `@nextLink` goes on, within MAX_LIST_PAGES and MAX_LIST_ITEMS. */
async function listPages<T>(
    scope: ListScope,
    first: string,
    fetchPage: (url: string) => Promise<{ body: unknown }>,
    map: (v: unknown) => T,
): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>([first]);
    let url: string | undefined = first;
    for (let pages = 0; url; ) {
        if (pages >= MAX_LIST_PAGES) {
            throw new ResponseError(
                `${describeContext(scope.context)}: ${scope.operationId} returned an @nextLink after ${MAX_LIST_PAGES} pages ` +
                    `(MAX_LIST_PAGES); stopping instead of listing forever. The endpoint may not be a Speech API, or narrow the list with a filter`,
            );
        }
        const res = await fetchPage(url);
        pages++;
        const body = (res.body ?? {}) as { values?: unknown[]; "@nextLink"?: unknown };
        const values = Array.isArray(body.values) ? body.values : [];
        if (out.length + values.length > MAX_LIST_ITEMS) {
            throw new ResponseError(
                `${describeContext(scope.context)}: ${scope.operationId} returned more than ${MAX_LIST_ITEMS} entities ` +
                    `(MAX_LIST_ITEMS) in ${pages} pages; stopping. The endpoint may not be a Speech API, or narrow the list with a filter`,
            );
        }
        for (const v of values) out.push(map(v));
        url = nextPage(body["@nextLink"], scope, seen);
    }
    return out;
}

/**
 * The next page's URL, or undefined at the end. It is followed only on the endpoint's own origin (scheme, host,
 * port; no user info), so that the key is never sent elsewhere or downgraded to plain http; a relative link
 * resolves against the endpoint. A link that repeats an earlier page is a service error, not a loop.
 */
function nextPage(link: unknown, scope: ListScope, seen: Set<string>): string | undefined {
    if (link === undefined || link === null || link === "") return undefined;
    const where = `${describeContext(scope.context)}: ${scope.operationId}`;
    if (typeof link !== "string") throw new ResponseError(`${where} returned an @nextLink that is not a string; stopping`);
    const target = checkOnEndpoint(link, scope.endpoint);
    if ("reason" in target) {
        throw new ResponseError(
            `${where} returned an @nextLink that ${target.reason}; not following it, so that the key is not sent there. ` +
                `The endpoint may not be a Speech API, or a proxy in between rewrites links`,
        );
    }
    const url = withApiVersion(target.url.toString(), scope.version);
    if (seen.has(url)) throw new ResponseError(`${where} returned an @nextLink to a page it already returned; stopping instead of looping`);
    seen.add(url);
    return url;
}

/** Retry-After in milliseconds (seconds or an HTTP date, the one parser in retry.ts); the caller caps it. */
function retryAfter(headers: Record<string, string | string[] | undefined>): number | undefined {
    return parseRetryAfter(headers["retry-after"]);
}
