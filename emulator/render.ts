/** Per-API-version rendering of store records into the swagger shapes, with absolute URLs. */
import { createHmac } from "node:crypto";
import { DATASET_LOCALES, localesByLocale } from "./locales.js";
import type { DatasetRecord, DatasetState } from "./store.js";
import type { ApiVersion, EmulatedFile, EmulatedProject } from "./types.js";
import { isoDuration } from "./wav.js";

/** URL building for one API version on the emulator's base URL. */
export class Urls {
  constructor(readonly base: string, readonly version: ApiVersion) {}

  /** `{base}/speechtotext/v3.2` or `{base}/speechtotext`. */
  get root(): string {
    return `${this.base}/speechtotext${this.version === "v3.2" ? "/v3.2" : ""}`;
  }

  /** Absolute URL of `path` (starting with "/") with `query` params and the version's api-version. */
  url(path: string, query: Record<string, string | number | undefined> = {}): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
    if (this.version !== "v3.2") q.set("api-version", this.version);
    const s = q.toString().replace(/\+/g, "%20");
    return `${this.root}${path}${s ? `?${s}` : ""}`;
  }

  dataset(id: string): string {
    return this.url(`/datasets/${id}`);
  }

  project(id: string): string {
    return this.url(`/projects/${id}`);
  }
}

/** Signs blob download URLs (a stand-in for SAS tokens). */
export class BlobSigner {
  constructor(private readonly secret: string, private readonly base: string) {}

  private sig(path: string, se: number): string {
    return createHmac("sha256", this.secret).update(`${path}\n${se}`).digest("base64url");
  }

  /** URL serving the bytes of a file until `validSeconds` from now. */
  url(datasetId: string, file: EmulatedFile, validSeconds: number): string {
    const path = `/blobs/${datasetId}/${file.id}/${encodeURIComponent(file.name)}`;
    const se = Math.floor(Date.now() / 1000) + validSeconds;
    return `${this.base}${path}?sv=emulator&sp=r&se=${se}&sig=${this.sig(path, se)}`;
  }

  /** Verify a blob URL path/query; undefined when valid, else the reason. */
  check(path: string, q: URLSearchParams): string | undefined {
    const se = Number(q.get("se"));
    if (!Number.isInteger(se) || q.get("sig") !== this.sig(path, se)) return "Signature did not match.";
    if (se < Date.now() / 1000) return "Signed expiry time has passed.";
    return undefined;
  }
}

const TERMINAL = new Set(["Succeeded", "Failed"]);
export const isTerminal = (status: string) => TERMINAL.has(status);

/** Is this dataset waiting for blocks (no contentUrl, not committed)? */
export const awaitsBlocks = (d: DatasetRecord) => !d.contentUrl && !d.committed;

/** Render a dataset (`Dataset` schema) for `u.version`. */
export function renderDataset(u: Urls, d: DatasetRecord, s: DatasetState): Record<string, unknown> {
  const v32 = u.version === "v3.2";
  const terminal = isTerminal(s.status);
  const properties: Record<string, unknown> = { textNormalizationKind: d.textNormalizationKind ?? "Default" };
  if (terminal) {
    properties.acceptedLineCount = d.acceptedLineCount ?? 0;
    properties.rejectedLineCount = d.rejectedLineCount ?? 0;
    if (v32) {
      if (d.durationMilliseconds) properties.duration = isoDuration(d.durationMilliseconds);
    } else properties.durationMilliseconds = d.durationMilliseconds ?? 0;
    if (d.error) properties.error = { ...d.error };
  }
  if (v32 && d.email) properties.email = d.email;
  const links: Record<string, string> = { files: u.url(`/datasets/${d.id}/files`) };
  if (awaitsBlocks(d)) {
    links.commitBlocks = u.url(`/datasets/${d.id}/blocks:commit`);
    links.listBlocks = u.url(`/datasets/${d.id}/blocks`);
    links.uploadBlocks = u.url(`/datasets/${d.id}/blocks`);
  }
  const out: Record<string, unknown> = {
    self: u.dataset(d.id),
    kind: d.kind,
    displayName: d.displayName,
  };
  if (d.description !== undefined) out.description = d.description;
  out.locale = d.locale;
  if (d.contentUrl) out.contentUrl = d.contentUrl;
  if (d.customProperties && Object.keys(d.customProperties).length) out.customProperties = { ...d.customProperties };
  if (d.projectId && u.version !== "2024-11-15") out.project = { self: u.project(d.projectId) };
  Object.assign(out, { links, properties, status: s.status, createdDateTime: d.createdDateTime, lastActionDateTime: s.lastActionDateTime });
  return out;
}

/** Render a project (`Project` schema) for `u.version` (v3.2 or 2025-10-15). */
export function renderProject(u: Urls, p: EmulatedProject, datasetCount: number): Record<string, unknown> {
  const sub = (name: string) => u.url(`/projects/${p.id}/${name}`);
  const out: Record<string, unknown> = { self: u.project(p.id), displayName: p.displayName };
  if (p.description !== undefined) out.description = p.description;
  out.locale = p.locale;
  if (p.customProperties && Object.keys(p.customProperties).length) out.customProperties = { ...p.customProperties };
  if (u.version === "2025-10-15" && p.foundryProjectName !== undefined) out.foundryProjectName = p.foundryProjectName;
  out.createdDateTime = p.createdDateTime;
  out.links = { evaluations: sub("evaluations"), datasets: sub("datasets"), models: sub("models"), endpoints: sub("endpoints"), transcriptions: sub("transcriptions") };
  if (u.version === "v3.2") out.properties = { datasetCount, evaluationCount: 0, modelCount: 0, transcriptionCount: 0, endpointCount: 0 };
  return out;
}

/** Render a file (`File` schema). */
export function renderFile(u: Urls, datasetId: string, f: EmulatedFile, contentUrl: string): Record<string, unknown> {
  const properties: Record<string, unknown> = { size: f.size };
  if (f.durationMilliseconds !== undefined) {
    if (u.version === "v3.2") properties.duration = isoDuration(f.durationMilliseconds);
    else properties.durationMilliseconds = f.durationMilliseconds;
  }
  return {
    self: u.url(`/datasets/${datasetId}/files/${f.id}`),
    name: f.name,
    kind: f.kind,
    properties,
    createdDateTime: f.createdDateTime,
    links: { contentUrl },
  };
}

/** `DatasetLocales`: v3.2 locale -> kinds; newer kind -> locales. */
export function renderDatasetLocales(version: ApiVersion): Record<string, string[]> {
  return version === "v3.2" ? localesByLocale() : Object.fromEntries(Object.entries(DATASET_LOCALES).map(([k, v]) => [k, [...v]]));
}
