/**
 * Swagger contract checker for the Azure AI Speech Speech-to-text REST API.
 *
 * Loads the official Swagger 2.0 specs (v3.2, 2024-11-15, 2025-10-15) from the shared reference
 * folder and checks HTTP exchanges (as recorded by the emulator or the provider's client) against
 * them: operation lookup by method + URL, query/path parameters, request bodies, response status
 * codes, response bodies and declared response headers.
 *
 * Swagger schemas are translated to draft-07 JSON Schema for ajv:
 * - `$ref: "#/definitions/X"` resolves against the whole `definitions` object registered as one schema;
 * - `x-ms-*`, `discriminator`, `example`, `readOnly`, ... are dropped (they are not validation keywords);
 * - enums with `x-ms-enum.modelAsString: true` accept any string (the service may add values);
 *   other enums (e.g. `Status`) stay strict;
 * - `x-nullable: true`, and properties documented as "otherwise null" (`@nextLink`), accept null;
 * - in request bodies, `readOnly` properties are ignored (Azure ignores them), and are not required.
 *
 * The reference folder is `<repo>/../shared/reference/azure-speech-stt` (or `SPEECH_SWAGGER_DIR`);
 * when it is absent, {@link contractSkipReason} gives a message tests can pass to `node:test`'s `skip`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/** The Speech-to-text API versions this project supports (and the checker knows). */
export type ApiVersion = "v3.2" | "2024-11-15" | "2025-10-15";

/** All supported API versions, oldest first. */
export const API_VERSIONS: readonly ApiVersion[] = ["v3.2", "2024-11-15", "2025-10-15"];

/**
 * One HTTP request/response pair as seen on the wire.
 *
 * Tolerant of what real HTTP recording produces: header names in any case, header values as
 * string / string[] / number; bodies as parsed JSON, a JSON string or Buffer, or for binary bodies
 * `{ bytes: n }` / Buffer. `status: 0` means "no HTTP response" (e.g. an injected socket reset).
 */
export interface Exchange {
  method: string;
  url: string;
  requestHeaders?: Record<string, unknown>;
  requestBody?: unknown;
  status: number;
  responseHeaders?: Record<string, unknown>;
  responseBody?: unknown;
}

/** The request half of an {@link Exchange}; enough for {@link Contract.checkRequest}. */
export type RequestExchange = Pick<Exchange, "method" | "url" | "requestHeaders" | "requestBody">;

/** Result of {@link Contract.matchOperation}. */
export interface OperationMatch {
  operationId: string;
  /** Decoded path parameter values by name (e.g. `{ id: "9d5f..." }`). */
  pathParams: Record<string, string>;
  /** The swagger path template that matched, e.g. `/datasets/{id}/blocks:commit`. */
  pathTemplate: string;
}

/** A loaded contract for one API version. */
export interface Contract {
  version: ApiVersion;
  /**
   * Finds the operation for a method + URL (absolute, any host; a bare path also works).
   * Path templates like `/datasets/{id}`; for v3.2 the base path is `/speechtotext/v3.2`, for the
   * others `/speechtotext` (the `api-version` query is checked by {@link Contract.checkRequest}, not
   * here). Literal segments beat templates (`/datasets/locales` vs `/datasets/{id}`;
   * `/datasets/{id}/blocks:commit`). Returns undefined when nothing matches.
   */
  matchOperation(method: string, url: string): OperationMatch | undefined;
  /**
   * Validates the request: known operation, required query params (`api-version` where required,
   * and its value equals this version), no undeclared query params, query/path param types and
   * formats (uuid), credentials header (when `requestHeaders` is given), content-type (when headers
   * are given and a body is expected), body against the body parameter's schema for JSON bodies
   * (binary bodies: only the content-type is checked). Returns human-readable violations (empty = ok).
   */
  checkRequest(ex: RequestExchange): string[];
  /**
   * Validates the response: status declared for the operation (an undeclared status >= 400 falls
   * under `default`, whose schema is `Error`; an undeclared 1xx-3xx is a violation), body presence
   * and body against the declared schema, no body where none is declared, content-type against
   * `produces` (when given), declared headers (`Retry-After` integer, `Location` absolute URI) when
   * present. `status: 0` (no response) yields no violations. Returns violations (empty = ok).
   */
  checkResponse(ex: Exchange): string[];
  /** `checkRequest` then `checkResponse` of one exchange, concatenated. */
  checkExchange(ex: Exchange): string[];
  /** The operationIds this version declares. */
  operationIds(): string[];
}

/** One exchange built from an official example file (see {@link loadExamples}). */
export interface ExampleCase {
  version: ApiVersion;
  /** Example file name, e.g. `get_dataset.json`. */
  file: string;
  /** The `x-ms-examples` title that references the file. */
  title: string;
  operationId: string;
  method: string;
  pathTemplate: string;
  /** One exchange per response status in the example (same request each time). */
  exchanges: Exchange[];
}

// ---------------------------------------------------------------------------------------------
// Locating the reference files

const PACKAGE_NAME = "pulumi-custom-speech";
const REFERENCE_SUBPATH = path.join("shared", "reference", "azure-speech-stt");

/** Walks up from this file to the folder whose package.json is named "pulumi-custom-speech". */
export function repoRoot(): string | undefined {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: unknown };
        if (parsed.name === PACKAGE_NAME) return dir;
      } catch {
        // not our package.json; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function hasAnyVersion(dir: string): boolean {
  return API_VERSIONS.some((v) => fs.existsSync(path.join(dir, "stable", v, "speechtotext.json")))
    || API_VERSIONS.some((v) => fs.existsSync(path.join(dir, v, "speechtotext.json")));
}

/**
 * The folder holding the Speech-to-text reference specs (the one containing `stable/`), or
 * undefined when absent. `SPEECH_SWAGGER_DIR` overrides the lookup (and is then the only place
 * looked at); otherwise `<repo>/../shared/reference/azure-speech-stt`, then
 * `<repo>/shared/reference/azure-speech-stt`, where `<repo>` is found by walking up from here.
 */
export function swaggerDir(): string | undefined {
  const override = process.env.SPEECH_SWAGGER_DIR;
  if (override !== undefined && override !== "") {
    const dir = path.resolve(override);
    return hasAnyVersion(dir) ? dir : undefined;
  }
  const root = repoRoot();
  if (root === undefined) return undefined;
  for (const candidate of [path.join(root, "..", REFERENCE_SUBPATH), path.join(root, REFERENCE_SUBPATH)]) {
    if (hasAnyVersion(candidate)) return path.resolve(candidate);
  }
  return undefined;
}

/** The folder of one version (`<swaggerDir>/stable/<version>`), or undefined when absent. */
export function versionDir(version: ApiVersion): string | undefined {
  const dir = swaggerDir();
  if (dir === undefined) return undefined;
  for (const candidate of [path.join(dir, "stable", version), path.join(dir, version)]) {
    if (fs.existsSync(path.join(candidate, "speechtotext.json"))) return candidate;
  }
  return undefined;
}

/**
 * A skip message for `node:test` when the reference specs (of `version`, or of any version when
 * omitted) are absent; undefined when they are present.
 * Usage: `test("...", { skip: contractSkipReason("v3.2") }, ...)`.
 */
export function contractSkipReason(version?: ApiVersion): string | undefined {
  const where = process.env.SPEECH_SWAGGER_DIR
    ? `SPEECH_SWAGGER_DIR=${process.env.SPEECH_SWAGGER_DIR}`
    : `<repo>/../${REFERENCE_SUBPATH.split(path.sep).join("/")} (or set SPEECH_SWAGGER_DIR)`;
  if (swaggerDir() === undefined) {
    return `Speech-to-text swagger reference files are absent: looked in ${where}`;
  }
  if (version !== undefined && versionDir(version) === undefined) {
    return `Speech-to-text swagger reference files for ${version} are absent: looked in ${where}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Swagger shapes (only what the checker reads)

type JsonObject = Record<string, unknown>;

interface SwaggerParameter {
  name: string;
  in: "path" | "query" | "header" | "body" | "formData";
  required?: boolean;
  type?: string;
  format?: string;
  enum?: unknown[];
  schema?: JsonObject;
  [k: string]: unknown;
}

interface SwaggerResponse {
  description?: string;
  schema?: JsonObject;
  headers?: Record<string, JsonObject>;
}

interface SwaggerOperation {
  operationId: string;
  consumes?: string[];
  produces?: string[];
  parameters?: Array<SwaggerParameter | { $ref: string }>;
  responses: Record<string, SwaggerResponse>;
  security?: Array<Record<string, unknown>>;
  "x-ms-examples"?: Record<string, { $ref: string }>;
}

interface SwaggerDoc {
  basePath?: string;
  consumes?: string[];
  produces?: string[];
  "x-ms-parameterized-host"?: { hostTemplate: string };
  paths: Record<string, Record<string, unknown>>;
  parameters?: Record<string, SwaggerParameter>;
  definitions?: Record<string, JsonObject>;
  security?: Array<Record<string, unknown>>;
  securityDefinitions?: Record<string, { type: string; name?: string; in?: string }>;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

interface Segment {
  /** Literal text (no params) — matched exactly. */
  literal?: string;
  /** Regex for a segment with params (e.g. `{id}` or `{id}:copy`). */
  regex?: RegExp;
  names: string[];
  /** 2 = literal, 1 = mixed literal + param, 0 = a lone param. */
  specificity: number;
}

interface Operation {
  operationId: string;
  method: string;
  pathTemplate: string;
  segments: Segment[];
  parameters: SwaggerParameter[];
  consumes: string[];
  produces: string[];
  responses: Record<string, SwaggerResponse>;
  security: Array<Record<string, unknown>>;
  examples: Record<string, string>;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileSegment(seg: string): Segment {
  if (!seg.includes("{")) return { literal: seg, names: [], specificity: 2 };
  const names: string[] = [];
  let source = "";
  let rest = seg;
  const re = /\{([^}]+)\}/;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    source += escapeRegex(rest.slice(0, m.index)) + "(.+?)";
    names.push(m[1]!);
    rest = rest.slice(m.index + m[0].length);
  }
  source += escapeRegex(rest);
  const lone = /^\{[^}]+\}$/.test(seg);
  return { regex: new RegExp(`^${source}$`), names, specificity: lone ? 0 : 1 };
}

// ---------------------------------------------------------------------------------------------
// Swagger schema -> JSON Schema (draft-07)

type Mode = "request" | "response";

const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "definitions"]);
const SCHEMA_KEYWORDS = new Set(["additionalProperties", "items", "not", "additionalItems"]);
const SCHEMA_ARRAY_KEYWORDS = new Set(["allOf", "anyOf", "oneOf"]);
const DROPPED_KEYWORDS = new Set([
  "discriminator", "readOnly", "example", "examples", "externalDocs", "xml", "collectionFormat",
  "x-nullable", "title", "description", "allowEmptyValue",
]);

class SchemaConverter {
  constructor(
    private readonly definitions: Record<string, JsonObject>,
    private readonly refBase: string,
    private readonly mode: Mode,
  ) {}

  private target(schema: JsonObject): JsonObject {
    const ref = schema.$ref;
    if (typeof ref === "string" && ref.startsWith("#/definitions/")) {
      return this.definitions[ref.slice("#/definitions/".length)] ?? schema;
    }
    return schema;
  }

  private isReadOnly(schema: unknown): boolean {
    if (!isObject(schema)) return false;
    if (schema.readOnly === true) return true;
    if (typeof schema.$ref === "string") return this.target(schema).readOnly === true;
    return false;
  }

  convert(node: unknown): unknown {
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    const xmsEnum = node["x-ms-enum"];
    const modelAsString = isObject(xmsEnum) && xmsEnum.modelAsString === true;
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-") || DROPPED_KEYWORDS.has(key)) continue;
      if (key === "$ref" && typeof value === "string") {
        out.$ref = value.startsWith("#/") ? this.refBase + value : value;
      } else if (key === "enum" && modelAsString) {
        continue; // modelAsString: any string is acceptable
      } else if (key === "type" && value === "file") {
        continue; // formData file: not a JSON type
      } else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
        const props: JsonObject = {};
        for (const [name, sub] of Object.entries(value)) {
          // In requests Azure ignores readOnly properties: accept anything there.
          props[name] = key === "properties" && this.mode === "request" && this.isReadOnly(sub)
            ? {}
            : this.convertProperty(sub);
        }
        out[key] = props;
      } else if (SCHEMA_KEYWORDS.has(key)) {
        out[key] = Array.isArray(value) ? value.map((v) => this.convert(v)) : this.convert(value);
      } else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) {
        out[key] = value.map((v) => this.convert(v));
      } else if (key === "required" && Array.isArray(value) && this.mode === "request") {
        const props = isObject(node.properties) ? node.properties : {};
        const kept = value.filter((n) => !(typeof n === "string" && this.isReadOnly(props[n])));
        if (kept.length > 0) out.required = kept;
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  /** Converts a property schema, widening it to accept null where swagger says it may be null. */
  private convertProperty(sub: unknown): unknown {
    const converted = this.convert(sub);
    if (isObject(sub)) {
      const nullable = sub["x-nullable"] === true
        || (typeof sub.description === "string" && /\botherwise null\b/i.test(sub.description));
      if (nullable) return { anyOf: [converted, { type: "null" }] };
    }
    return converted;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers for wire values

function lowerHeaders(headers: Record<string, unknown> | undefined): Map<string, string> | undefined {
  if (headers === undefined) return undefined;
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || v === null) continue;
    const value = Array.isArray(v) ? v.map(String).join(", ") : String(v);
    out.set(k.toLowerCase(), value);
  }
  return out;
}

function mediaType(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

function isBytesMarker(v: unknown): v is { bytes: number } {
  return isObject(v) && typeof v.bytes === "number" && Object.keys(v).length === 1;
}

function isBinary(v: unknown): boolean {
  return Buffer.isBuffer(v) || v instanceof Uint8Array || v instanceof ArrayBuffer || isBytesMarker(v);
}

function isEmptyBody(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return true;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof ArrayBuffer) return v.byteLength === 0;
  if (isBytesMarker(v)) return v.bytes === 0;
  return false;
}

/** Turns a recorded body into parsed JSON, or reports why it is not JSON. */
function asJson(v: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (isBytesMarker(v)) return { ok: false, reason: `a binary body (${v.bytes} bytes) where JSON was expected` };
  let text: string | undefined;
  if (typeof v === "string") text = v;
  else if (Buffer.isBuffer(v) || v instanceof Uint8Array) text = Buffer.from(v).toString("utf8");
  else if (v instanceof ArrayBuffer) text = Buffer.from(v).toString("utf8");
  if (text === undefined) return { ok: true, value: v };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: `a body that is not JSON (${JSON.stringify(text.slice(0, 60))})` };
  }
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url, "http://contract.invalid");
  } catch {
    return undefined;
  }
}

function describeValue(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function formatAjvErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  const out: string[] = [];
  for (const e of errors) {
    // The "must match a schema in anyOf" summary repeats what the branch errors already said.
    if (e.keyword === "anyOf") continue;
    if (e.keyword === "type" && e.params.type === "null") continue;
    let field = e.instancePath;
    let msg = e.message ?? "is invalid";
    if (e.keyword === "required") {
      const missing = String(e.params.missingProperty);
      field = `${e.instancePath}/${missing}`;
      msg = `is required but missing`;
    } else if (e.keyword === "enum") {
      msg = `must be one of ${(e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(", ")}`;
    }
    const got = e.keyword === "required" ? "" : ` (got ${describeValue(e.data)})`;
    out.push(`${where}${field || ""}: ${msg}${got}`);
  }
  return [...new Set(out)];
}

// ---------------------------------------------------------------------------------------------
// The contract

class SwaggerContract implements Contract {
  readonly version: ApiVersion;
  readonly dir: string;
  private readonly doc: SwaggerDoc;
  private readonly basePath: string;
  private readonly ops: Operation[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly converters: Record<Mode, SchemaConverter>;

  constructor(version: ApiVersion, dir: string) {
    this.version = version;
    this.dir = dir;
    this.doc = JSON.parse(fs.readFileSync(path.join(dir, "speechtotext.json"), "utf8")) as SwaggerDoc;
    const hostTemplate = this.doc["x-ms-parameterized-host"]?.hostTemplate;
    const fromHost = hostTemplate?.replace(/^\{endpoint\}/, "");
    this.basePath = (this.doc.basePath ?? fromHost ?? "").replace(/\/+$/, "");

    this.ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: true });
    addFormats(this.ajv);
    const definitions = this.doc.definitions ?? {};
    const ids = { request: `https://contract.invalid/${version}/request.json`, response: `https://contract.invalid/${version}/response.json` };
    this.converters = {
      request: new SchemaConverter(definitions, ids.request, "request"),
      response: new SchemaConverter(definitions, ids.response, "response"),
    };
    for (const mode of ["request", "response"] as const) {
      const defs: JsonObject = {};
      for (const [name, def] of Object.entries(definitions)) defs[name] = this.converters[mode].convert(def);
      this.ajv.addSchema({ $id: ids[mode], definitions: defs });
    }

    for (const [template, item] of Object.entries(this.doc.paths)) {
      const shared = Array.isArray(item.parameters) ? (item.parameters as SwaggerOperation["parameters"]) ?? [] : [];
      for (const method of HTTP_METHODS) {
        const op = item[method] as SwaggerOperation | undefined;
        if (!isObject(op)) continue;
        const params = new Map<string, SwaggerParameter>();
        for (const p of [...shared, ...(op.parameters ?? [])]) {
          const resolved = this.resolveParam(p);
          if (resolved.name === "endpoint" && resolved.in === "path") continue; // host, not path
          params.set(`${resolved.in}:${resolved.name}`, resolved);
        }
        const examples: Record<string, string> = {};
        for (const [title, ref] of Object.entries(op["x-ms-examples"] ?? {})) examples[title] = ref.$ref;
        this.ops.push({
          operationId: op.operationId,
          method: method.toUpperCase(),
          pathTemplate: template,
          segments: template.split("/").slice(1).map(compileSegment),
          parameters: [...params.values()],
          consumes: op.consumes ?? this.doc.consumes ?? ["application/json"],
          produces: op.produces ?? this.doc.produces ?? ["application/json"],
          responses: op.responses,
          security: op.security ?? this.doc.security ?? [],
          examples,
        });
      }
    }
  }

  private resolveParam(p: SwaggerParameter | { $ref: string }): SwaggerParameter {
    if ("$ref" in p && typeof p.$ref === "string") {
      const name = p.$ref.replace(/^#\/parameters\//, "");
      const found = this.doc.parameters?.[name];
      if (!found) throw new Error(`${this.version}: unresolved parameter ${p.$ref}`);
      return found;
    }
    return p as SwaggerParameter;
  }

  private validator(key: string, mode: Mode, schema: unknown): ValidateFunction {
    let v = this.compiled.get(`${mode}:${key}`);
    if (!v) {
      v = this.ajv.compile(this.converters[mode].convert(schema) as object);
      this.compiled.set(`${mode}:${key}`, v);
    }
    return v;
  }

  operationIds(): string[] {
    return this.ops.map((o) => o.operationId);
  }

  checkExchange(ex: Exchange): string[] {
    return [...this.checkRequest(ex), ...this.checkResponse(ex)];
  }

  /** The operation record for an operationId (used by the example builder). */
  operation(operationId: string): Operation | undefined {
    return this.ops.find((o) => o.operationId === operationId);
  }

  /** All operations (used by the example builder). */
  operations(): readonly Operation[] {
    return this.ops;
  }

  /** The declared security schemes (used by the example builder). */
  securityDefinitions(): NonNullable<SwaggerDoc["securityDefinitions"]> {
    return this.doc.securityDefinitions ?? {};
  }

  /** Base path of this version, e.g. `/speechtotext/v3.2`. */
  base(): string {
    return this.basePath;
  }

  private relativePath(url: URL): string | undefined {
    const p = url.pathname;
    if (p === this.basePath || p.startsWith(this.basePath + "/")) return p.slice(this.basePath.length);
    // Tolerate an endpoint with a path prefix (e.g. behind a proxy).
    const i = p.indexOf(this.basePath + "/");
    return i >= 0 ? p.slice(i + this.basePath.length) : undefined;
  }

  private match(method: string, url: string): { op: Operation; pathParams: Record<string, string> } | undefined {
    const parsed = parseUrl(url);
    if (!parsed) return undefined;
    const rel = this.relativePath(parsed);
    if (rel === undefined) return undefined;
    const segs = rel.split("/").slice(1).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    const m = method.toUpperCase();
    let best: { op: Operation; pathParams: Record<string, string>; score: number[] } | undefined;
    for (const op of this.ops) {
      if (op.method !== m || op.segments.length !== segs.length) continue;
      const pathParams: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        const tpl = op.segments[i]!;
        const seg = segs[i]!;
        if (tpl.literal !== undefined) {
          ok = tpl.literal === seg;
        } else {
          const mm = tpl.regex!.exec(seg);
          if (!mm || mm.slice(1).some((x) => x === "")) ok = false;
          else tpl.names.forEach((n, j) => (pathParams[n] = mm[j + 1]!));
        }
      }
      if (!ok) continue;
      const score = op.segments.map((s) => s.specificity);
      if (!best || compareScores(score, best.score) > 0) best = { op, pathParams, score };
    }
    return best && { op: best.op, pathParams: best.pathParams };
  }

  matchOperation(method: string, url: string): OperationMatch | undefined {
    const m = this.match(method, url);
    return m && { operationId: m.op.operationId, pathParams: m.pathParams, pathTemplate: m.op.pathTemplate };
  }

  private noMatch(method: string, url: string): string {
    const parsed = parseUrl(url);
    if (!parsed) return `${method} ${url}: not a valid URL`;
    if (this.relativePath(parsed) === undefined) {
      return `${method.toUpperCase()} ${parsed.pathname}: not under the ${this.version} base path ${this.basePath}`;
    }
    const samePath = this.ops.filter((o) => this.match(o.method, url)?.op === o).map((o) => o.method);
    if (samePath.length > 0) {
      return `${method.toUpperCase()} ${parsed.pathname}: method not declared in ${this.version} (declared: ${[...new Set(samePath)].join(", ")})`;
    }
    return `${method.toUpperCase()} ${parsed.pathname}: no ${this.version} operation matches this path`;
  }

  /** Validates one non-body parameter value (as text from the wire). */
  private checkParamValue(op: Operation, p: SwaggerParameter, raw: string): string[] {
    const where = `${op.operationId}: ${p.in} parameter '${p.name}'`;
    let value: unknown = raw;
    if (p.type === "integer" || p.type === "number") {
      const re = p.type === "integer" ? /^-?\d+$/ : /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
      if (!re.test(raw)) return [`${where}: must be ${p.type === "integer" ? "an integer" : "a number"} (got ${describeValue(raw)})`];
      value = Number(raw);
    } else if (p.type === "boolean") {
      if (raw !== "true" && raw !== "false") return [`${where}: must be true or false (got ${describeValue(raw)})`];
      value = raw === "true";
    }
    const schema: JsonObject = {};
    for (const k of ["type", "format", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "x-ms-enum"]) {
      if (p[k] !== undefined) schema[k] = p[k];
    }
    if (p.type === "array") return []; // no array params in these specs; not worth splitting here
    const v = this.validator(`param:${op.operationId}:${p.in}:${p.name}`, "request", schema);
    if (v(value)) return [];
    return formatAjvErrors(where, v.errors);
  }

  checkRequest(ex: RequestExchange): string[] {
    const matched = this.match(ex.method, ex.url);
    if (!matched) return [this.noMatch(ex.method, ex.url)];
    const { op, pathParams } = matched;
    const out: string[] = [];
    const url = parseUrl(ex.url)!;
    const headers = lowerHeaders(ex.requestHeaders);

    // Path parameters
    for (const p of op.parameters.filter((x) => x.in === "path")) {
      const value = pathParams[p.name];
      if (value === undefined) out.push(`${op.operationId}: path parameter '${p.name}' is missing`);
      else out.push(...this.checkParamValue(op, p, value));
    }

    // Query parameters
    const declaredQuery = new Map(op.parameters.filter((x) => x.in === "query").map((x) => [x.name, x]));
    for (const p of declaredQuery.values()) {
      const values = url.searchParams.getAll(p.name);
      if (values.length === 0) {
        if (p.required) out.push(`${op.operationId}: query parameter '${p.name}' is required but missing`);
        continue;
      }
      if (values.length > 1) out.push(`${op.operationId}: query parameter '${p.name}' is given ${values.length} times`);
      for (const value of values) {
        out.push(...this.checkParamValue(op, p, value));
        if (p.name === "api-version" && value !== this.version) {
          out.push(`${op.operationId}: query parameter 'api-version' is ${describeValue(value)} but this contract is ${this.version}`);
        }
      }
    }
    for (const name of new Set(url.searchParams.keys())) {
      if (!declaredQuery.has(name)) {
        out.push(`${op.operationId}: query parameter '${name}' is not declared in ${this.version} (declared: ${[...declaredQuery.keys()].join(", ") || "none"})`);
      }
    }

    // Header parameters and credentials (only when headers were recorded)
    if (headers !== undefined) {
      for (const p of op.parameters.filter((x) => x.in === "header")) {
        const value = headers.get(p.name.toLowerCase());
        if (value === undefined) {
          if (p.required) out.push(`${op.operationId}: header '${p.name}' is required but missing`);
        } else out.push(...this.checkParamValue(op, p, value));
      }
      out.push(...this.checkCredentials(op, headers));
    }

    // Body
    const bodyParam = op.parameters.find((x) => x.in === "body");
    const formParams = op.parameters.filter((x) => x.in === "formData");
    const contentType = headers?.get("content-type");
    const empty = isEmptyBody(ex.requestBody);
    if (bodyParam || formParams.length > 0) {
      if (empty) {
        if (bodyParam?.required) out.push(`${op.operationId}: request body '${bodyParam.name}' is required but missing`);
      } else {
        if (headers !== undefined) {
          if (contentType === undefined) {
            out.push(`${op.operationId}: request has a body but no content-type (expected ${op.consumes.join(" or ")})`);
          } else if (!op.consumes.map((c) => c.toLowerCase()).includes(mediaType(contentType))) {
            out.push(`${op.operationId}: request content-type ${describeValue(contentType)} is not one of ${op.consumes.join(", ")}`);
          }
        }
        // Nulls are validated like any value: the spec's schemas (e.g. DatasetUpdate.customProperties,
        // strings only; project, an EntityReference with a required self) have no null, whatever the
        // media type, so a body that removes a member with null is not one the spec allows.
        if (bodyParam?.schema) out.push(...this.checkRequestBody(op, bodyParam, ex.requestBody));
      }
    } else if (!empty) {
      out.push(`${op.operationId}: takes no request body but one was sent (${describeValue(isBinary(ex.requestBody) ? "<binary>" : ex.requestBody)})`);
    }
    return out;
  }

  private checkCredentials(op: Operation, headers: Map<string, string>): string[] {
    if (op.security.length === 0) return [];
    const defs = this.doc.securityDefinitions ?? {};
    const alternatives = op.security.map((alt) => Object.keys(alt).map((s) => defs[s]).filter((d) => d?.in === "header" && d.name));
    const satisfied = alternatives.some((alt) => alt.every((d) => headers.has(d!.name!.toLowerCase())));
    if (satisfied) return [];
    const names = alternatives.map((alt) => alt.map((d) => d!.name).join(" + ")).join(" or ");
    return [`${op.operationId}: no credentials: expected header ${names}`];
  }

  private checkRequestBody(op: Operation, p: SwaggerParameter, body: unknown): string[] {
    const where = `${op.operationId}: request body`;
    const schema = p.schema!;
    if (schema.type === "string" && schema.format === "binary") return []; // bytes: content-type checked above
    const json = asJson(body);
    if (!json.ok) return [`${where}: ${json.reason}`];
    const v = this.validator(`body:${op.operationId}`, "request", schema);
    if (v(json.value)) return [];
    return formatAjvErrors(where, v.errors);
  }

  checkResponse(ex: Exchange): string[] {
    const matched = this.match(ex.method, ex.url);
    if (!matched) return [this.noMatch(ex.method, ex.url)];
    const { op } = matched;
    if (!ex.status) return []; // no HTTP response (socket reset, timeout): nothing to check
    const declared = Object.keys(op.responses);
    let key = String(ex.status);
    if (!(key in op.responses)) {
      if (ex.status >= 400 && "default" in op.responses) key = "default";
      else {
        const note = "default" in op.responses ? "; `default` covers only error statuses (>= 400)" : "";
        return [`${op.operationId}: response status ${ex.status} is not declared (declared: ${declared.join(", ")}${note})`];
      }
    }
    const response = op.responses[key]!;
    const where = `${op.operationId}: response ${ex.status} body`;
    const out: string[] = [];
    const headers = lowerHeaders(ex.responseHeaders);
    const empty = isEmptyBody(ex.responseBody);

    if (response.schema) {
      if (empty) {
        out.push(`${where}: missing (declared ${schemaName(response.schema)})`);
      } else {
        const json = asJson(ex.responseBody);
        if (!json.ok) out.push(`${where}: ${json.reason}`);
        else {
          const v = this.validator(`response:${op.operationId}:${key}`, "response", response.schema);
          if (!v(json.value)) out.push(...formatAjvErrors(where, v.errors));
        }
        const ct = headers?.get("content-type");
        if (headers !== undefined && ct !== undefined && !op.produces.map((c) => c.toLowerCase()).includes(mediaType(ct))) {
          out.push(`${op.operationId}: response ${ex.status} content-type ${describeValue(ct)} is not one of ${op.produces.join(", ")}`);
        }
      }
    } else if (!empty) {
      out.push(`${where}: none is declared but one was sent (${describeValue(isBinary(ex.responseBody) ? "<binary>" : ex.responseBody)})`);
    }

    if (headers !== undefined) {
      for (const [name, h] of Object.entries(response.headers ?? {})) {
        const value = headers.get(name.toLowerCase());
        if (value === undefined) continue; // swagger 2 response headers are never required
        const hw = `${op.operationId}: response ${ex.status} header '${name}'`;
        if (h.type === "integer" && !/^-?\d+$/.test(value.trim())) out.push(`${hw}: must be an integer (got ${describeValue(value)})`);
        if (h.format === "uri" && !/^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(value.trim())) out.push(`${hw}: must be an absolute URI (got ${describeValue(value)})`);
      }
    }
    return out;
  }
}

function schemaName(schema: JsonObject): string {
  return typeof schema.$ref === "string" ? schema.$ref.replace(/^#\/definitions\//, "") : String(schema.type ?? "a body");
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

/**
 * The API version a request URL targets: `v3.2` for `/speechtotext/v3.2/...`, otherwise the
 * `api-version` query value when it is a known version; undefined when neither applies.
 * Lets a test pick the contract for a recorded exchange: `loadContract(apiVersionOf(ex.url)!)`.
 */
export function apiVersionOf(url: string): ApiVersion | undefined {
  const parsed = parseUrl(url);
  if (!parsed) return undefined;
  if (/(^|\/)speechtotext\/v3\.2(\/|$)/.test(parsed.pathname)) return "v3.2";
  const q = parsed.searchParams.get("api-version");
  return API_VERSIONS.find((v) => v !== "v3.2" && v === q);
}

const cache = new Map<string, SwaggerContract>();

/**
 * Loads (and caches) the contract of one API version.
 * Throws when the reference files are absent (see {@link contractSkipReason} to skip instead).
 */
export function loadContract(version: ApiVersion): Contract {
  return loadSwaggerContract(version);
}

function loadSwaggerContract(version: ApiVersion): SwaggerContract {
  const dir = versionDir(version);
  if (dir === undefined) {
    throw new Error(contractSkipReason(version) ?? `Speech-to-text swagger for ${version} is absent`);
  }
  let c = cache.get(dir);
  if (!c) {
    c = new SwaggerContract(version, dir);
    cache.set(dir, c);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Official examples -> exchanges

function lookup(params: JsonObject, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  const key = Object.keys(params).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : params[key];
}

/**
 * Builds exchanges from every example file in the version's `examples/` folder. Each file is tied to
 * the operation whose `x-ms-examples` references it; method and URL come from that operation, path /
 * query / header / body values from the example's `parameters`, each response status, headers and
 * body from `responses`. Throws if the reference files are absent or a file is referenced by no
 * operation (so a new example cannot silently go unchecked).
 */
export function loadExamples(version: ApiVersion): ExampleCase[] {
  const contract = loadSwaggerContract(version);
  const exDir = path.join(contract.dir, "examples");
  const files = fs.existsSync(exDir) ? fs.readdirSync(exDir).filter((f) => f.endsWith(".json")).sort() : [];
  const owners = new Map<string, Array<{ op: Operation; title: string }>>();
  for (const op of contract.operations()) {
    for (const [title, ref] of Object.entries(op.examples)) {
      const file = path.basename(ref);
      const list = owners.get(file) ?? [];
      list.push({ op, title });
      owners.set(file, list);
    }
  }
  const cases: ExampleCase[] = [];
  for (const file of files) {
    const refs = owners.get(file);
    if (!refs) throw new Error(`${version}/examples/${file} is not referenced by any operation's x-ms-examples`);
    const example = JSON.parse(fs.readFileSync(path.join(exDir, file), "utf8")) as { parameters?: JsonObject; responses?: Record<string, { headers?: JsonObject; body?: unknown }> };
    const params = example.parameters ?? {};
    for (const { op, title } of refs) {
      const endpoint = String(lookup(params, "endpoint") ?? "https://westus.api.cognitive.microsoft.com").replace(/\/+$/, "");
      let p = op.pathTemplate;
      for (const prm of op.parameters.filter((x) => x.in === "path")) {
        const value = lookup(params, prm.name);
        if (value !== undefined) p = p.split(`{${prm.name}}`).join(encodeURIComponent(String(value)));
      }
      const query = new URLSearchParams();
      for (const prm of op.parameters.filter((x) => x.in === "query")) {
        const value = lookup(params, prm.name);
        if (value !== undefined) query.set(prm.name, String(value));
      }
      const qs = query.toString();
      const url = `${endpoint}${contract.base()}${p}${qs ? `?${qs}` : ""}`;

      const requestHeaders: Record<string, string> = {};
      for (const d of Object.values(contract.securityDefinitions())) {
        if (d.in !== "header" || !d.name) continue;
        const value = lookup(params, d.name);
        if (value !== undefined) requestHeaders[d.name] = String(value);
      }
      for (const prm of op.parameters.filter((x) => x.in === "header")) {
        const value = lookup(params, prm.name);
        if (value !== undefined) requestHeaders[prm.name] = String(value);
      }
      const bodyParam = op.parameters.find((x) => x.in === "body");
      const requestBody = bodyParam ? lookup(params, bodyParam.name) : undefined;
      const ct = lookup(params, "Content-Type");
      if (ct !== undefined) requestHeaders["Content-Type"] = String(ct);
      else if (requestBody !== undefined && op.consumes[0]) requestHeaders["Content-Type"] = op.consumes[0];

      const exchanges: Exchange[] = Object.entries(example.responses ?? {}).map(([status, r]) => ({
        method: op.method,
        url,
        requestHeaders,
        requestBody,
        status: Number(status),
        responseHeaders: {
          ...(r.body !== undefined ? { "Content-Type": op.produces[0] ?? "application/json" } : {}),
          ...(r.headers ?? {}),
        },
        responseBody: r.body,
      }));
      cases.push({ version, file, title, operationId: op.operationId, method: op.method, pathTemplate: op.pathTemplate, exchanges });
    }
  }
  return cases;
}
