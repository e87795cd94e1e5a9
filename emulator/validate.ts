/** Request body validation shared by dataset and project handlers. */
import { ApiError, invalidArgument, invalidRequest } from "./errors.js";

/** Parse a JSON request body, enforcing the media type. */
export function parseJson(body: Buffer, contentType: string | undefined, allowMergePatch = false): unknown {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  const ok = type === "application/json" || (allowMergePatch && type === "application/merge-patch+json");
  if (!ok) {
    const expected = allowMergePatch ? "application/json or application/merge-patch+json" : "application/json";
    throw new ApiError(415, "UnsupportedMediaType", `The content type '${type || "(none)"}' is not supported; use ${expected}.`);
  }
  if (body.length === 0) throw invalidRequest("The request body is empty.", "EmptyRequest");
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw invalidRequest(`The request body is not valid JSON: ${(e as Error).message}`, "InvalidRequestBodyFormat");
  }
}

/** The body must be a JSON object. */
export function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw invalidRequest(`The ${what} must be a JSON object.`, "InvalidRequestBodyFormat");
  return v as Record<string, unknown>;
}

/** Optional string property. */
export function optString(o: Record<string, unknown>, prop: string): string | undefined {
  const v = o[prop];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidArgument(`The property '${prop}' must be a string.`);
  return v;
}

/** Required non-empty string property. */
export function reqString(o: Record<string, unknown>, prop: string): string {
  const v = optString(o, prop);
  if (v === undefined || v.length === 0) throw invalidArgument(`The property '${prop}' is required and must be a non-empty string.`);
  return v;
}

/** Enforce the customProperties limits (≤10 entries, keys ≤64, values ≤256, string values). */
export function checkCustomProperties(map: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(map);
  if (entries.length > 10) throw invalidArgument(`customProperties has ${entries.length} entries; at most 10 are allowed.`);
  for (const [k, v] of entries) {
    if (typeof v !== "string") throw invalidArgument(`customProperties['${k}'] must be a string.`);
    if (k.length === 0 || k.length > 64) throw invalidArgument(`The customProperties key '${k.slice(0, 80)}' must be 1 to 64 characters long.`);
    if (v.length > 256) throw invalidArgument(`The value of customProperties['${k}'] is ${v.length} characters long; at most 256 are allowed.`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** customProperties on create: absent, or an object. */
export function optCustomProperties(o: Record<string, unknown>): Record<string, string> | undefined {
  const v = o.customProperties;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw invalidArgument("The property 'customProperties' must be an object of strings.");
  return checkCustomProperties(v as Record<string, unknown>);
}

/** RFC 7396 merge of a customProperties patch into the current map; null removes a key (or the whole map). */
export function mergeCustomProperties(current: Record<string, string> | undefined, patch: unknown): Record<string, string> | undefined {
  if (patch === undefined) return current;
  if (patch === null) return undefined;
  if (typeof patch !== "object" || Array.isArray(patch)) throw invalidArgument("The property 'customProperties' must be an object of strings.");
  const next: Record<string, unknown> = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  const checked = checkCustomProperties(next);
  return Object.keys(checked).length ? checked : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids are `format: uuid`: anything else -> 400 InvalidArgument. */
export function checkUuid(id: string, what: string): string {
  if (!UUID.test(id)) throw invalidArgument(`The ${what} id '${id}' is not a valid UUID.`);
  return id.toLowerCase();
}

/** Trailing UUID of an entity URL such as `.../projects/{id}?api-version=...`. */
export function idFromSelf(self: string, collection: string): string | undefined {
  let u: URL;
  try {
    u = new URL(self);
  } catch {
    return undefined;
  }
  const m = new RegExp(`/${collection}/([^/]+)$`).exec(u.pathname);
  return m && UUID.test(m[1]) ? m[1].toLowerCase() : undefined;
}

/** Non-negative int32 query parameter. */
export function intParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 2 ** 31 - 1) throw invalidArgument(`The query parameter '${name}' must be a non-negative integer.`);
  return Number(raw);
}
