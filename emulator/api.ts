/** The route table and operation handlers (one per swagger operationId). */
import { ApiError, conflict, invalidArgument, notFound } from "./errors.js";
import { compileFilter } from "./filter.js";
import { DATASET_LOCALES, PROJECT_LOCALES, isLocaleShaped } from "./locales.js";
import { BlobSigner, Urls, isTerminal, renderDataset, renderDatasetLocales, renderFile, renderProject } from "./render.js";
import type { DatasetRecord, Store } from "./store.js";
import { DATASET_KINDS, type ApiVersion, type DatasetKind, type EmulatedProject } from "./types.js";
import {
  asObject, checkUuid, idFromSelf, intParam, mergeCustomProperties, optCustomProperties, optString, parseJson, reqString,
} from "./validate.js";

/** Everything a handler needs about the request and the emulator. */
export interface Ctx {
  version: ApiVersion;
  urls: Urls;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Buffer;
  contentType?: string;
  store: Store;
  signer: BlobSigner;
  config: { retryAfterSeconds: number; pageSize: number; maxDatasets: number };
}

/** What a handler answers. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One route: method + path pattern (":x" segments are params) relative to the version root. */
export interface Route {
  method: string;
  path: string;
  operationId: string;
  /** Versions the operation exists in (default: all). */
  versions?: ApiVersion[];
  handle(ctx: Ctx): Reply | Promise<Reply>;
}

/** Max block size (8 MiB). */
export const MAX_BLOCK_BYTES = 8 * 1024 * 1024;
/** Most blocks a dataset's block list may name: the data is an Azure block blob, which holds at most 50,000 committed blocks. */
export const MAX_COMMITTED_BLOCKS = 50_000;

const WITH_PROJECTS: ApiVersion[] = ["v3.2", "2025-10-15"];

// ---------- helpers ----------

function page<T>(ctx: Ctx, items: T[], path: string, extra: Record<string, string | undefined> = {}): { values: T[]; "@nextLink"?: string } {
  const skip = intParam(ctx.query, "skip") ?? 0;
  const top = intParam(ctx.query, "top") ?? ctx.config.pageSize;
  if (top === 0) throw invalidArgument("The query parameter 'top' must be at least 1.", "UnsupportedPagination");
  const values = items.slice(skip, skip + top);
  const out: { values: T[]; "@nextLink"?: string } = { values };
  if (skip + top < items.length) out["@nextLink"] = ctx.urls.url(path, { skip: skip + top, top, filter: ctx.query.get("filter") ?? undefined, ...extra });
  return out;
}

function getDataset(ctx: Ctx): DatasetRecord {
  const id = checkUuid(ctx.params.id, "dataset");
  const d = ctx.store.datasetsById.get(id);
  if (!d) throw notFound(`The dataset '${id}' does not exist.`);
  return d;
}

function getProject(ctx: Ctx, id = ctx.params.id): EmulatedProject {
  const pid = checkUuid(id, "project");
  const p = ctx.store.projectsById.get(pid);
  if (!p) throw notFound(`The project '${pid}' does not exist.`);
  return p;
}

const retryAfter = (ctx: Ctx, nonTerminal: boolean): Record<string, string> =>
  nonTerminal ? { "Retry-After": String(ctx.config.retryAfterSeconds) } : {};

/** Resolve `project: {self}` against the store; the dataset locale must match. */
function resolveProject(ctx: Ctx, value: unknown, locale: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (ctx.version === "2024-11-15") throw invalidArgument("project is not supported in api-version 2024-11-15.");
  const ref = asObject(value, "property 'project'");
  if (typeof ref.self !== "string") throw invalidArgument("The property 'project.self' is required and must be a URL.", "InvalidProject");
  const id = idFromSelf(ref.self, "projects");
  const p = id && ctx.store.projectsById.get(id);
  if (!p) throw invalidArgument(`The project '${ref.self}' does not exist.`, "InvalidProject");
  if (p.locale !== locale) throw invalidArgument(`The dataset locale '${locale}' does not match the locale '${p.locale}' of the project.`, "InvalidLocale");
  return p.id;
}

async function renderedDatasets(ctx: Ctx, list: DatasetRecord[], path: string): Promise<Reply> {
  const states = await Promise.all(list.map(async (d) => ({ d, s: await ctx.store.settle(d) })));
  let rows = states;
  const filter = ctx.query.get("filter");
  if (filter) {
    const pred = compileFilter(filter, {
      displayName: {}, description: {}, status: {}, locale: {}, kind: {}, createdDateTime: { ordered: true }, lastActionDateTime: { ordered: true },
    });
    rows = rows.filter(({ d, s }) => pred((p) => (p === "status" ? s.status : p === "lastActionDateTime" ? s.lastActionDateTime : (d as unknown as Record<string, unknown>)[p])));
  }
  const body = page(ctx, rows, path);
  const values = body.values.map(({ d, s }) => renderDataset(ctx.urls, d, s));
  return { status: 200, headers: retryAfter(ctx, body.values.some(({ s }) => !isTerminal(s.status))), body: { ...body, values } };
}

// ---------- datasets ----------

function createDataset(ctx: Ctx): Reply {
  const o = asObject(parseJson(ctx.body, ctx.contentType), "dataset");
  const displayName = reqString(o, "displayName");
  const kindRaw = reqString(o, "kind");
  const kind = DATASET_KINDS.find((k) => k.toLowerCase() === kindRaw.toLowerCase());
  if (!kind) throw invalidArgument(`The kind '${kindRaw}' is not supported. Supported kinds: ${DATASET_KINDS.join(", ")}.`);
  const locale = reqString(o, "locale");
  if (!isLocaleShaped(locale) || !DATASET_LOCALES[kind].includes(locale))
    throw invalidArgument(`The locale '${locale}' is not supported for datasets of kind '${kind}'.`, "InvalidLocale");
  const description = optString(o, "description");
  const contentUrl = optString(o, "contentUrl");
  if (contentUrl !== undefined) {
    let u: URL | undefined;
    try { u = new URL(contentUrl); } catch { u = undefined; }
    if (!u || (u.protocol !== "http:" && u.protocol !== "https:"))
      throw invalidArgument(`The contentUrl '${contentUrl}' is not an absolute http(s) URL.`);
  }
  const customProperties = optCustomProperties(o);
  const projectId = resolveProject(ctx, o.project, locale);
  const props = o.properties === undefined || o.properties === null ? {} : asObject(o.properties, "property 'properties'");
  const textNormalizationKind = optString(props, "textNormalizationKind");
  if (textNormalizationKind !== undefined && !["Default", "None"].includes(textNormalizationKind))
    throw invalidArgument(`The textNormalizationKind '${textNormalizationKind}' is not supported (Default, None).`);
  const email = ctx.version === "v3.2" ? optString(props, "email") : undefined;
  if (ctx.store.datasetsById.size >= ctx.config.maxDatasets)
    throw new ApiError(403, "Forbidden", `The quota of ${ctx.config.maxDatasets} datasets for this resource is reached.`, "QuotaViolation");
  const d = ctx.store.createDataset({ kind, locale, displayName, description, contentUrl, customProperties, projectId, textNormalizationKind, email, createdWith: ctx.version });
  const self = ctx.urls.dataset(d.id);
  return { status: 201, headers: { Location: self }, body: renderDataset(ctx.urls, d, ctx.store.state(d)) };
}

async function getDatasetOp(ctx: Ctx): Promise<Reply> {
  const d = getDataset(ctx);
  const s = await ctx.store.settle(d);
  return { status: 200, headers: retryAfter(ctx, !isTerminal(s.status)), body: renderDataset(ctx.urls, d, s) };
}

/**
 * customProperties of a PATCH: with `application/merge-patch+json` merged as RFC 7396 says (null
 * removes a key); with `application/json` the map given replaces the map whole, and a null value is
 * refused as the schema (strings only) says.
 */
function updatedCustomProperties(ctx: Ctx, current: Record<string, string> | undefined, patch: unknown): Record<string, string> | undefined {
  const type = (ctx.contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/merge-patch+json" || patch === undefined) return mergeCustomProperties(current, patch);
  if (patch === null || typeof patch !== "object" || Array.isArray(patch) || Object.values(patch).some((v) => typeof v !== "string")) {
    throw invalidArgument("The property 'customProperties' must be an object of strings.");
  }
  return mergeCustomProperties(undefined, patch);
}

async function updateDataset(ctx: Ctx): Promise<Reply> {
  const d = getDataset(ctx);
  const o = asObject(parseJson(ctx.body, ctx.contentType, true), "datasetUpdate");
  const displayName = optString(o, "displayName");
  if (displayName !== undefined && displayName.length === 0) throw invalidArgument("The property 'displayName' must not be empty.");
  if ("description" in o && o.description !== null) optString(o, "description");
  const customProperties = updatedCustomProperties(ctx, d.customProperties, o.customProperties);
  let projectId = d.projectId;
  if ("project" in o) projectId = o.project === null ? (ctx.version === "2024-11-15" ? d.projectId : undefined) : resolveProject(ctx, o.project, d.locale);
  // all checks passed: apply
  if (displayName !== undefined) d.displayName = displayName;
  if ("description" in o) d.description = o.description === null ? undefined : (o.description as string);
  d.customProperties = customProperties;
  d.projectId = projectId;
  const s = await ctx.store.settle(d);
  return { status: 200, headers: retryAfter(ctx, !isTerminal(s.status)), body: renderDataset(ctx.urls, d, s) };
}

function deleteDataset(ctx: Ctx): Reply {
  const id = checkUuid(ctx.params.id, "dataset");
  ctx.store.datasetsById.delete(id);
  return { status: 204 };
}

// ---------- blocks ----------

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkBlockId(id: string | null): string {
  if (id === null || id === "") throw invalidArgument("The query parameter 'blockid' is required.");
  if (!BASE64.test(id)) throw invalidArgument(`The blockid '${id}' is not a valid Base64 string (it must be URL-encoded in the query).`);
  if (Buffer.from(id, "base64").length > 64) throw invalidArgument("The blockid must decode to at most 64 bytes.");
  return id;
}

function uploadBlock(ctx: Ctx): Reply {
  const d = getDataset(ctx);
  if (d.contentUrl) throw conflict("The dataset was created with a contentUrl and does not accept blocks.");
  if (d.committed) throw conflict("The blocks of this dataset are already committed.");
  const type = (ctx.contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type && type !== "application/octet-stream")
    throw new ApiError(415, "UnsupportedMediaType", `The content type '${type}' is not supported; use application/octet-stream.`);
  const id = checkBlockId(ctx.query.get("blockid"));
  const known = [...d.uncommitted.keys(), ...d.committedBlocks.map((b) => b.id)];
  if (known.length && known[0].length !== id.length)
    throw invalidArgument(`All block ids of a dataset must have the same length (${known[0].length}); '${id}' has ${id.length}.`);
  if (ctx.body.length === 0) throw invalidArgument("The block is empty.", "InvalidPayload");
  if (ctx.body.length > MAX_BLOCK_BYTES) throw invalidArgument(`The block is ${ctx.body.length} bytes; the maximum is 8 MiB (${MAX_BLOCK_BYTES}).`, "InvalidPayload");
  d.uncommitted.set(id, ctx.body);
  return { status: 201 };
}

async function getBlocks(ctx: Ctx): Promise<Reply> {
  const d = getDataset(ctx);
  const s = await ctx.store.settle(d);
  return {
    status: 200,
    headers: retryAfter(ctx, !isTerminal(s.status)),
    body: {
      committedBlocks: d.committedBlocks.map((b) => ({ name: b.id, size: b.bytes.length })),
      uncommittedBlocks: [...d.uncommitted].map(([name, b]) => ({ name, size: b.length })),
    },
  };
}

function commitBlocks(ctx: Ctx): Reply {
  const d = getDataset(ctx);
  const list = parseJson(ctx.body, ctx.contentType);
  if (d.contentUrl) throw conflict("The dataset was created with a contentUrl; there are no blocks to commit.");
  if (d.committed) throw conflict("The blocks of this dataset are already committed.");
  if (!Array.isArray(list) || list.length === 0) throw invalidArgument("The block list must be a non-empty JSON array of {kind, id}.");
  if (list.length > MAX_COMMITTED_BLOCKS)
    throw invalidArgument(`The block list has ${list.length} blocks; a dataset holds at most ${MAX_COMMITTED_BLOCKS} blocks.`, "InvalidPayload");
  const blocks = list.map((raw, i) => {
    const e = asObject(raw, `block list entry ${i}`);
    const id = typeof e.id === "string" ? e.id : "";
    const kind = typeof e.kind === "string" ? e.kind : "";
    const committed = d.committedBlocks.find((b) => b.id === id)?.bytes;
    const uncommitted = d.uncommitted.get(id);
    let bytes: Buffer | undefined;
    if (kind === "Uncommitted") bytes = uncommitted;
    else if (kind === "Committed") bytes = committed;
    else if (kind === "Latest") bytes = uncommitted ?? committed;
    else throw invalidArgument(`Block list entry ${i}: kind '${kind}' is not one of Committed, Uncommitted, Latest.`);
    if (!bytes) throw invalidArgument(`Block list entry ${i}: there is no ${kind.toLowerCase()} block with id '${id}'.`, "InvalidPayload");
    return { id, bytes };
  });
  ctx.store.commit(d, blocks);
  return { status: 200 };
}

// ---------- files ----------

function sasSeconds(ctx: Ctx): number {
  const twelveHours = 12 * 3600;
  if (ctx.version === "v3.2") {
    const s = intParam(ctx.query, "sasValidityInSeconds");
    return s ? s : twelveHours;
  }
  const m = intParam(ctx.query, "sasLifetimeMinutes");
  return m ? m * 60 : twelveHours;
}

async function listFiles(ctx: Ctx): Promise<Reply> {
  const d = getDataset(ctx);
  const s = await ctx.store.settle(d);
  let files = d.files;
  const filter = ctx.query.get("filter");
  if (filter) {
    const pred = compileFilter(filter, { name: {}, kind: {}, createdDateTime: { ordered: true } });
    files = files.filter((f) => pred((p) => (f as unknown as Record<string, unknown>)[p]));
  }
  const ttl = sasSeconds(ctx);
  const sasName = ctx.version === "v3.2" ? "sasValidityInSeconds" : "sasLifetimeMinutes";
  const body = page(ctx, files, `/datasets/${d.id}/files`, { [sasName]: ctx.query.get(sasName) ?? undefined });
  const values = body.values.map((f) => renderFile(ctx.urls, d.id, f, ctx.signer.url(d.id, f, ttl)));
  return { status: 200, headers: retryAfter(ctx, !isTerminal(s.status)), body: { ...body, values } };
}

async function getFile(ctx: Ctx): Promise<Reply> {
  const d = getDataset(ctx);
  await ctx.store.settle(d);
  const fid = checkUuid(ctx.params.fileId, "file");
  const f = d.files.find((x) => x.id === fid);
  if (!f) throw notFound(`The file '${fid}' of dataset '${d.id}' does not exist.`);
  return { status: 200, body: renderFile(ctx.urls, d.id, f, ctx.signer.url(d.id, f, sasSeconds(ctx))) };
}

// ---------- projects ----------

function createProject(ctx: Ctx): Reply {
  const o = asObject(parseJson(ctx.body, ctx.contentType), "project");
  const displayName = reqString(o, "displayName");
  const locale = reqString(o, "locale");
  if (!PROJECT_LOCALES.includes(locale)) throw invalidArgument(`The locale '${locale}' is not supported for projects.`, "InvalidLocale");
  const p = ctx.store.createProject({
    displayName,
    locale,
    description: optString(o, "description"),
    customProperties: optCustomProperties(o),
    foundryProjectName: ctx.version === "2025-10-15" ? optString(o, "foundryProjectName") : undefined,
  });
  const body = renderProject(ctx.urls, p, 0);
  return { status: 201, headers: { Location: ctx.urls.project(p.id) }, body };
}

function projectBody(ctx: Ctx, p: EmulatedProject) {
  return renderProject(ctx.urls, p, ctx.store.datasetsOfProject(p.id).length);
}

function listProjects(ctx: Ctx): Reply {
  let list = [...ctx.store.projectsById.values()];
  const filter = ctx.query.get("filter");
  if (filter) {
    const allowed: Record<string, { ordered?: boolean }> = { displayName: {}, description: {}, locale: {}, createdDateTime: { ordered: true } };
    if (ctx.version === "2025-10-15") allowed.foundryProjectName = {};
    const pred = compileFilter(filter, allowed);
    list = list.filter((p) => pred((k) => (p as unknown as Record<string, unknown>)[k]));
  }
  const body = page(ctx, list, "/projects");
  return { status: 200, body: { ...body, values: body.values.map((p) => projectBody(ctx, p)) } };
}

function updateProject(ctx: Ctx): Reply {
  const p = getProject(ctx);
  const o = asObject(parseJson(ctx.body, ctx.contentType, true), "projectUpdate");
  const displayName = optString(o, "displayName");
  if (displayName !== undefined && displayName.length === 0) throw invalidArgument("The property 'displayName' must not be empty.");
  if ("description" in o && o.description !== null) optString(o, "description");
  const foundry = ctx.version === "2025-10-15" && "foundryProjectName" in o && o.foundryProjectName !== null ? optString(o, "foundryProjectName") : undefined;
  const customProperties = updatedCustomProperties(ctx, p.customProperties, o.customProperties);
  if (displayName !== undefined) p.displayName = displayName;
  if ("description" in o) p.description = o.description === null ? undefined : (o.description as string);
  if (ctx.version === "2025-10-15" && "foundryProjectName" in o) p.foundryProjectName = foundry;
  p.customProperties = customProperties;
  return { status: 200, body: projectBody(ctx, p) };
}

/** The routes, most specific first. */
export const ROUTES: Route[] = [
  { method: "GET", path: "/datasets/locales", operationId: "Datasets_ListSupportedLocales", handle: (c) => ({ status: 200, body: renderDatasetLocales(c.version) }) },
  { method: "GET", path: "/datasets", operationId: "Datasets_List", handle: (c) => renderedDatasets(c, [...c.store.datasetsById.values()], "/datasets") },
  { method: "POST", path: "/datasets", operationId: "Datasets_Create", handle: createDataset },
  { method: "GET", path: "/datasets/:id", operationId: "Datasets_Get", handle: getDatasetOp },
  { method: "PATCH", path: "/datasets/:id", operationId: "Datasets_Update", handle: updateDataset },
  { method: "DELETE", path: "/datasets/:id", operationId: "Datasets_Delete", handle: deleteDataset },
  { method: "GET", path: "/datasets/:id/blocks", operationId: "Datasets_GetBlocks", handle: getBlocks },
  { method: "PUT", path: "/datasets/:id/blocks", operationId: "Datasets_UploadBlock", handle: uploadBlock },
  { method: "POST", path: "/datasets/:id/blocks:commit", operationId: "Datasets_CommitBlocks", handle: commitBlocks },
  { method: "GET", path: "/datasets/:id/files", operationId: "Datasets_ListFiles", handle: listFiles },
  { method: "GET", path: "/datasets/:id/files/:fileId", operationId: "Datasets_GetFile", handle: getFile },
  { method: "GET", path: "/projects/locales", operationId: "Projects_ListSupportedLocales", versions: WITH_PROJECTS, handle: () => ({ status: 200, body: [...PROJECT_LOCALES] }) },
  { method: "GET", path: "/projects", operationId: "Projects_List", versions: WITH_PROJECTS, handle: listProjects },
  { method: "POST", path: "/projects", operationId: "Projects_Create", versions: WITH_PROJECTS, handle: createProject },
  { method: "GET", path: "/projects/:id", operationId: "Projects_Get", versions: WITH_PROJECTS, handle: (c) => ({ status: 200, body: projectBody(c, getProject(c)) }) },
  { method: "PATCH", path: "/projects/:id", operationId: "Projects_Update", versions: WITH_PROJECTS, handle: updateProject },
  {
    method: "DELETE", path: "/projects/:id", operationId: "Projects_Delete", versions: WITH_PROJECTS,
    handle: (c) => { c.store.deleteProject(checkUuid(c.params.id, "project")); return { status: 204 }; },
  },
  {
    method: "GET", path: "/projects/:id/datasets", operationId: "Projects_ListDatasets", versions: WITH_PROJECTS,
    handle: (c) => { const p = getProject(c); return renderedDatasets(c, c.store.datasetsOfProject(p.id), `/projects/${p.id}/datasets`); },
  },
  ...(["evaluations", "models", "endpoints", "transcriptions"] as const).map((name): Route => ({
    method: "GET", path: `/projects/:id/${name}`, operationId: `Projects_List${name[0].toUpperCase()}${name.slice(1)}`, versions: WITH_PROJECTS,
    handle: (c) => { getProject(c); return { status: 200, body: { values: [] } }; },
  })),
];

/** Find the route for `method` + `path`; `pathMatched` tells whether another method would match. */
export function matchRoute(method: string, path: string): { route?: Route; params: Record<string, string>; pathMatched: boolean } {
  const segs = path.split("/").filter(Boolean);
  let pathMatched = false;
  for (const r of ROUTES) {
    const rs = r.path.split("/").filter(Boolean);
    if (rs.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < rs.length && ok; i++) {
      const pat = rs[i];
      if (pat.startsWith(":")) params[pat.slice(1)] = safeDecode(segs[i]);
      else if (pat !== segs[i]) ok = false;
    }
    if (!ok) continue;
    pathMatched = true;
    if (r.method === method) return { route: r, params, pathMatched };
  }
  return { params: {}, pathMatched };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
