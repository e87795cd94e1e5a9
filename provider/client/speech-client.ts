/**
 * The Speech-to-text REST client: one method per operation the provider needs, for every
 * supported API version. Requests and responses are mapped to version-neutral models here.
 */
import { Connection } from "./connection";
import { InputError, OperationContext, ResponseError } from "./errors";
import { HttpClient, HttpClientOptions, HttpRequest } from "./http";
import { CREATE_MARKER_KEY, DatasetModel, datasetFromWire, ProjectModel, projectFromWire } from "./models";
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

/** Body of Datasets_Update: only what changes. */
export interface DatasetUpdateSpec {
    displayName?: string;
    description?: string;
    /** Merge patch: a null value removes the key. */
    customProperties?: Record<string, string | null>;
    /** Project self URL; null detaches (where the service allows it). */
    project?: string | null;
}

export interface ProjectCreateSpec {
    locale: string;
    displayName: string;
    description?: string;
    customProperties?: Record<string, string>;
    foundryProjectName?: string;
}

export interface ProjectUpdateSpec {
    displayName?: string;
    description?: string;
    /** Merge patch: a null value removes the key. */
    customProperties?: Record<string, string | null>;
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
            body.project = spec.project === null ? null : { self: spec.project };
        }
        const res = await this.send(
            {
                operationId: "Datasets_Update",
                method: "PATCH",
                url: this.url(`/datasets/${encodeURIComponent(id)}`),
                json: body,
                contentType: "application/merge-patch+json",
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

    /** Datasets_List, following `@nextLink` to the end. */
    async listDatasets(o?: ListDatasetsOptions): Promise<DatasetModel[]> {
        const out: DatasetModel[] = [];
        let url: string | undefined = this.url("/datasets", { filter: o?.filter, top: o?.pageSize });
        const seen = new Set<string>();
        while (url) {
            const res = await this.send({ operationId: "Datasets_List", method: "GET", url, idempotent: true }, o);
            const body = (res.body ?? {}) as { values?: unknown[]; "@nextLink"?: unknown };
            for (const v of Array.isArray(body.values) ? body.values : []) out.push(datasetFromWire(v, this.version, "Datasets_List"));
            url = nextPage(body["@nextLink"], this.version, seen, "Datasets_List");
        }
        return out;
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
                contentType: "application/merge-patch+json",
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

    async listProjects(o?: CallOptions): Promise<ProjectModel[]> {
        this.requireProjects();
        const out: ProjectModel[] = [];
        let url: string | undefined = this.url("/projects");
        const seen = new Set<string>();
        while (url) {
            const res = await this.send({ operationId: "Projects_List", method: "GET", url, idempotent: true }, o);
            const body = (res.body ?? {}) as { values?: unknown[]; "@nextLink"?: unknown };
            for (const v of Array.isArray(body.values) ? body.values : []) out.push(projectFromWire(v, "Projects_List"));
            url = nextPage(body["@nextLink"], this.version, seen, "Projects_List");
        }
        return out;
    }
}

export { CREATE_MARKER_KEY };

/** The next page's URL, or undefined at the end; a link that repeats an earlier page is a service error, not a loop. */
function nextPage(link: unknown, version: ApiVersion, seen: Set<string>, operationId: string): string | undefined {
    if (typeof link !== "string" || !link) return undefined;
    const url = withApiVersion(link, version);
    if (seen.has(url)) throw new ResponseError(`${operationId} returned an @nextLink to a page it already returned; stopping instead of looping`);
    seen.add(url);
    return url;
}

function retryAfter(headers: Record<string, string | string[] | undefined>): number | undefined {
    const h = headers["retry-after"];
    const v = Array.isArray(h) ? h[0] : h;
    return v !== undefined && /^\d+$/.test(v) ? Number(v) * 1000 : undefined;
}
