/**
 * Test harness that drives the *real* Pulumi Node.js dynamic-provider host
 * (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, exactly the way the Pulumi
 * engine does, plus a way to capture what the real SDK serializes for a program
 * (via `pulumi.runtime.setMocks`).
 *
 * Facts about the host (pulumi 3.270) that shape this harness:
 * - It is started as `node .../cmd/dynamic-provider/index.js <engine-address>` with
 *   cwd = the Pulumi project directory, and prints its gRPC port on stdout.
 *   The engine-address argument is required but otherwise ignored; `pulumi.log`
 *   inside the host talks to an engine only if `PULUMI_NODEJS_ENGINE` is set
 *   (the real CLI does not set it, so logs go to stdout/stderr).
 * - The provider is `require-from-string(props.__provider).handler()`; the module
 *   has an empty filename, so `require()` inside hook bodies resolves bare
 *   specifiers through `<cwd>/node_modules` (walking up) and relative paths against
 *   cwd. Package self-reference does NOT work (no parent filename).
 * - Configure only stores `args` (secrets unwrapped); the provider's own
 *   `configure` runs lazily on the first CRUD call that deserializes it. Its
 *   `config.get("k")` looks up `<PULUMI_NODEJS_PROJECT>:k` (project defaults to
 *   "project"). ConfigureResponse says acceptSecrets=false and supportsPreview=false,
 *   so the engine strips secrets from every request and never calls Create/Update
 *   with preview=true; the host ignores the `preview` flag (it would really create).
 * - Diff and Update receive the old *outputs* as `olds`; Check receives old *inputs*.
 * - Results go through `Struct.fromJavaScript`: an `undefined` value anywhere in
 *   returned outs/props/inputs fails the call with "Unexpected struct type." (after
 *   the hook's side effects happened).
 * - Errors thrown by check/diff/read/delete are printed to stderr with their stack
 *   (`${e}: ${e.stack}`); create/update errors are not printed but returned, with an
 *   ErrorResourceInitFailed detail when the error has a truthy `id`.
 *
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";

// ---------------------------------------------------------------------------
// Wire shapes
// ---------------------------------------------------------------------------

/** The sentinel Pulumi puts on the wire for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Key whose value identifies a special wire object (secret, asset, archive, resource ref). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** `SIG_KEY` value of a secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** `SIG_KEY` value of an asset (`path` | `text` | `uri`, plus `hash` when the engine computed it). */
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
/** `SIG_KEY` value of an archive (`assets` | `path` | `uri`, plus `hash`). */
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** Wraps `value` in the secret wire shape `{ [SIG_KEY]: SECRET_SIG, value }`. */
export function secretWire(value: unknown): { [SIG_KEY]: string; value: unknown } {
  return { [SIG_KEY]: SECRET_SIG, value: value === undefined ? null : value };
}

/** True when `v` is a secret in wire shape. */
export function isSecretWire(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/**
 * Deeply replaces secret wire wrappers by their values (what the engine does for a
 * provider that does not accept secrets) and reports where they were, as
 * dot/bracket paths (`token`, `nested.key`, `list[2]`).
 */
export function unwrapSecrets(value: unknown): { value: any; secretPaths: string[] } {
  const secretPaths: string[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (isSecretWire(v)) {
      secretPaths.push(at);
      return walk(v.value, at);
    }
    if (Array.isArray(v)) return v.map((e, i) => walk(e, `${at}[${i}]`));
    if (typeof v === "object" && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(v)) out[k] = walk(e, at ? `${at}.${k}` : k);
      return out;
    }
    return v;
  };
  const result = walk(value, "");
  return { value: result, secretPaths: [...new Set(secretPaths)] };
}

/** JSON-normalizes a value for protobuf: drops `undefined` object members, turns `undefined` array items into null. */
export function jsonish(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(jsonish);
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v as object)) if (e !== undefined) out[k] = jsonish(e);
    return out;
  }
  if (typeof v === "bigint") return Number(v);
  return v;
}

/** Converts a plain JS object (wire shapes included) to a `google.protobuf.Struct`. */
export function toStruct(obj: object | undefined | null): structproto.Struct {
  return structproto.Struct.fromJavaScript((jsonish(obj ?? {}) ?? {}) as Record<string, structproto.JavaScriptValue>);
}

/** Converts a `google.protobuf.Struct` (possibly absent) back to a plain JS object. */
export function fromStruct(s: structproto.Struct | undefined | null): Record<string, any> {
  return s ? (s.toJavaScript() as Record<string, any>) : {};
}

/**
 * Approximates what the engine does to registered inputs before it sends them to
 * a provider: secrets unwrapped (the dynamic host does not accept secrets) and
 * assets/archives re-serialized from their known fields only. The SDK's wire
 * objects carry an extra `__pulumiAsset: true` / `__pulumiArchive: true` marker
 * that the engine drops, and the engine adds `hash` (sha256 hex of the contents)
 * to text and file assets (`path` resolved against `cwd`, the program directory).
 * Archive hashes are not computed here (the engine hashes its own archive
 * serialization); an existing `hash` is kept.
 */
export function asEngineSends(inputs: Record<string, any>, opts: { cwd?: string } = {}): Record<string, any> {
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  const fs = require("node:fs") as typeof import("node:fs");
  const walk = (v: any): any => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== "object" || v === null) return v;
    if (v[SIG_KEY] === ASSET_SIG) {
      const out: Record<string, any> = { [SIG_KEY]: ASSET_SIG };
      for (const k of ["path", "text", "uri", "hash"]) if (v[k] !== undefined) out[k] = v[k];
      if (out.hash === undefined && typeof v.text === "string") out.hash = createHash("sha256").update(v.text).digest("hex");
      if (out.hash === undefined && typeof v.path === "string") {
        const p = path.resolve(opts.cwd ?? process.cwd(), v.path);
        if (fs.existsSync(p)) out.hash = createHash("sha256").update(fs.readFileSync(p)).digest("hex");
      }
      return out;
    }
    if (v[SIG_KEY] === ARCHIVE_SIG) {
      const out: Record<string, any> = { [SIG_KEY]: ARCHIVE_SIG };
      for (const k of ["path", "uri", "hash"]) if (v[k] !== undefined) out[k] = v[k];
      if (v.assets !== undefined) out.assets = Object.fromEntries(Object.entries(v.assets).map(([k, a]) => [k, walk(a)]));
      return out;
    }
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, walk(e)]));
  };
  return walk(unwrapSecrets(inputs).value);
}

// ---------------------------------------------------------------------------
// URNs
// ---------------------------------------------------------------------------

/** Builds a URN like the engine does for a top-level resource: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function urnFor(type: string, name: string, stack = "stack", project = "project"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) return { type: "", name: "" };
  return { type: parts[2].split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** The `ErrorResourceInitFailed` detail the host attaches when a provider error carries an `id`. */
export interface InitFailedDetail {
  id: string;
  properties: Record<string, any>;
  reasons: string[];
}

/**
 * A gRPC error from the host; when the provider threw an error carrying
 * `id`/`properties` (a half-created resource), the ErrorResourceInitFailed
 * detail is decoded into `initFailed`.
 *
 * Note: the host only attaches that detail for Create and Update; for Check,
 * Diff, Read and Delete any thrown error becomes a plain UNKNOWN status whose
 * `details` is the error's message.
 */
export class ProviderRpcError extends Error {
  /** gRPC status code (2 = UNKNOWN for anything the provider threw). */
  code: number;
  /** gRPC status details (the provider error's message). */
  details: string;
  /** The RPC that failed, e.g. `"create"`. */
  method: string;
  /** Decoded half-created resource, when present. */
  initFailed?: InitFailedDetail;
  constructor(method: string, code: number, details: string, initFailed?: InitFailedDetail) {
    super(`${method}: ${grpc.status[code] ?? code}: ${details}`);
    this.name = "ProviderRpcError";
    this.method = method;
    this.code = code;
    this.details = details;
    if (initFailed) this.initFailed = initFailed;
  }
}

function decodeInitFailed(metadata: grpc.Metadata | undefined): InitFailedDetail | undefined {
  const bin = metadata?.get("grpc-status-details-bin")?.[0];
  if (!bin) return undefined;
  const status = statusproto.Status.deserializeBinary(typeof bin === "string" ? Buffer.from(bin, "base64") : bin);
  for (const any of status.getDetailsList()) {
    if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const d = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    return { id: d.getId(), properties: fromStruct(d.getProperties()), reasons: d.getReasonsList() };
  }
  return undefined;
}

function toRpcError(method: string, err: grpc.ServiceError): ProviderRpcError {
  return new ProviderRpcError(method, err.code, err.details ?? err.message, decodeInitFailed(err.metadata));
}

// ---------------------------------------------------------------------------
// Fake engine (accepts Log calls)
// ---------------------------------------------------------------------------

/** One `Engine.Log` call received by the fake engine. */
export interface EngineLogEntry {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  urn: string;
}

const severities: Record<number, EngineLogEntry["severity"]> = {
  [engproto.LogSeverity.DEBUG]: "debug",
  [engproto.LogSeverity.INFO]: "info",
  [engproto.LogSeverity.WARNING]: "warning",
  [engproto.LogSeverity.ERROR]: "error",
};

async function startFakeEngine(logs: EngineLogEntry[]): Promise<{ address: string; close(): Promise<void> }> {
  const server = new grpc.Server();
  const unimplemented = (name: string) => (_call: unknown, cb: grpc.sendUnaryData<never>) =>
    cb({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by the test engine` });
  server.addService(engrpc.EngineService, {
    log(call: grpc.ServerUnaryCall<engproto.LogRequest, emptyproto.Empty>, cb: grpc.sendUnaryData<emptyproto.Empty>) {
      const r = call.request;
      logs.push({ severity: severities[r.getSeverity()] ?? "info", message: r.getMessage(), urn: r.getUrn() });
      cb(null, new emptyproto.Empty());
    },
    getRootResource: unimplemented("GetRootResource"),
    setRootResource: unimplemented("SetRootResource"),
    startDebugging: unimplemented("StartDebugging"),
    requirePulumiVersion: unimplemented("RequirePulumiVersion"),
  } as unknown as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(t);
          resolve();
        });
      }),
  };
}

// ---------------------------------------------------------------------------
// Provider host
// ---------------------------------------------------------------------------

/** What the host answered to Configure. */
export interface ConfigureResult {
  acceptSecrets: boolean;
  acceptResources: boolean;
  acceptOutputs: boolean;
  supportsPreview: boolean;
}

/** A running dynamic-provider host process and a gRPC client to it. */
export interface ProviderHost {
  /** The gRPC port the host printed. */
  port: number;
  /** The project name the host sees (`PULUMI_NODEJS_PROJECT`). */
  project: string;
  /**
   * Sends ConfigureRequest. `config` keys should be namespaced like stack config
   * (`"proj:key"`); a key without `:` is prefixed with the host's project (as
   * `pulumi config set key` would). Values go in `variables` and, as a Struct, in
   * `args` (what the host actually reads); keys listed in `secretKeys` are sent as
   * secrets in `args`, like the engine does for secure config.
   * The provider's own `configure` runs later, on the first CRUD call.
   */
  configure(
    config: Record<string, string>,
    opts?: { acceptSecrets?: boolean; acceptResources?: boolean; secretKeys?: string[] },
  ): Promise<ConfigureResult>;
  /** Check: `olds` are the old inputs (`{}` on create), `news` the new inputs. */
  check(
    urn: string,
    olds: object,
    news: object,
    opts?: { randomSeed?: Buffer },
  ): Promise<{ inputs: Record<string, any>; failures: { property: string; reason: string }[] }>;
  /** Diff: `olds` are the old *outputs* (state), as the engine sends them; `oldInputs` optional. */
  diff(
    urn: string,
    id: string,
    olds: object,
    news: object,
    opts?: { oldInputs?: object; ignoreChanges?: string[] },
  ): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }>;
  /** Create. NB: the host ignores `preview` (the real engine never sends preview=true to it). */
  create(
    urn: string,
    properties: object,
    opts?: { preview?: boolean; timeoutSec?: number },
  ): Promise<{ id: string; properties: Record<string, any> }>;
  /** Read (refresh): `properties` are the prior outputs; with empty properties the host falls back to `inputs`. */
  read(
    urn: string,
    id: string,
    properties: object,
    inputs?: object,
  ): Promise<{ id: string; properties: Record<string, any>; inputs?: Record<string, any> }>;
  /** Update: `olds` are the old *outputs*, `news` the checked new inputs. */
  update(
    urn: string,
    id: string,
    olds: object,
    news: object,
    opts?: { preview?: boolean; timeoutSec?: number; oldInputs?: object; ignoreChanges?: string[] },
  ): Promise<{ properties: Record<string, any> }>;
  /** Delete: `properties` are the outputs. */
  delete(urn: string, id: string, properties: object, opts?: { oldInputs?: object; timeoutSec?: number }): Promise<void>;
  /** GetPluginInfo: the SDK version string. */
  pluginInfo(): Promise<string>;
  /** Everything the host wrote to stdout so far (first line is the port). */
  stdout(): string;
  /** Everything the host wrote to stderr so far. */
  stderr(): string;
  /** Messages the fake engine received through Engine.Log (only with `engineLogging: true`). */
  engineLogs(): string[];
  /** The same, with severity and URN. */
  engineLogEntries(): EngineLogEntry[];
  /** Exit code once the process has exited, else null. */
  exitCode(): number | null;
  /** Kills the process and closes the client and fake engine; idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startProviderHost}. */
export interface StartProviderHostOptions {
  /** Project directory; the host runs there and resolves `require`s in hooks relative to it. */
  cwd: string;
  /** Extra environment (merged over `process.env`, like the engine passes its own environment). */
  env?: NodeJS.ProcessEnv;
  /** Node binary; default `process.execPath`. */
  nodePath?: string;
  /** Project name (sets PULUMI_NODEJS_PROJECT and PULUMI_PROJECT like the engine); default "project". */
  project?: string;
  /**
   * Start a fake Engine gRPC server (accepting Log), pass its address as the argument
   * and set PULUMI_NODEJS_ENGINE so `pulumi.log.*` in hooks reaches it. The real CLI
   * does not set that variable, so by default logs go to the host's stdout/stderr.
   */
  engineLogging?: boolean;
  /**
   * When true (default), secret wire values in requests are unwrapped before
   * sending, as the engine does for a provider whose ConfigureResponse has
   * acceptSecrets=false (the dynamic host always says false).
   */
  stripSecrets?: boolean;
  /** Per-call deadline in ms; default 60000. */
  callTimeoutMs?: number;
  /** How long to wait for the port line; default 30000 ms. */
  startTimeoutMs?: number;
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function resolveHostScript(cwd: string): string {
  const rel = "@pulumi/pulumi/cmd/dynamic-provider/index.js";
  try {
    // What the CLI's pulumi-resource-pulumi-nodejs shim runs: the project's own SDK.
    return createRequire(path.join(cwd, "package.json")).resolve(rel);
  } catch {
    return require.resolve(rel);
  }
}

/**
 * Starts `node @pulumi/pulumi/cmd/dynamic-provider <engine-address>` in `opts.cwd`
 * (the SDK installed in that project if any, else this repo's), waits for the port
 * it prints, and returns a gRPC client to it. Always `stop()` it; a forgotten host
 * is killed when the test process exits.
 */
export async function startProviderHost(opts: StartProviderHostOptions): Promise<ProviderHost> {
  const project = opts.project ?? "project";
  const stripSecrets = opts.stripSecrets ?? true;
  const callTimeoutMs = opts.callTimeoutMs ?? 60_000;
  const logs: EngineLogEntry[] = [];
  // The host requires an engine address argument but never dials it; only pulumi.log
  // in hook code would, and only through PULUMI_NODEJS_ENGINE. So a fake engine is
  // started only when asked for, and a never-dialed placeholder is passed otherwise.
  const engine = opts.engineLogging
    ? await startFakeEngine(logs)
    : { address: "127.0.0.1:1", close: async () => undefined };
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // do not let the child think it is a node:test subprocess
  Object.assign(env, {
    PULUMI_NODEJS_PROJECT: project,
    PULUMI_PROJECT: project,
  });
  if (opts.engineLogging) env.PULUMI_NODEJS_ENGINE = engine.address;
  Object.assign(env, opts.env ?? {});

  const child = spawn(opts.nodePath ?? process.execPath, [resolveHostScript(opts.cwd), engine.address], {
    cwd: opts.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  liveChildren.add(child);
  // A forgotten stop() must not keep the test process alive (the exit hook kills it).
  child.unref();
  (child.stdout as unknown as { unref?(): void }).unref?.();
  (child.stderr as unknown as { unref?(): void }).unref?.();
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const c of liveChildren) c.kill("SIGKILL");
    });
  }
  let out = "";
  let err = "";
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) => child.once("exit", (code, signal) => {
    exitCode = code ?? (signal ? 128 : -1);
    liveChildren.delete(child);
    resolve();
  }));
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => (err += d));

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`provider host printed no port within ${opts.startTimeoutMs ?? 30_000} ms\nstderr:\n${err}`)),
        opts.startTimeoutMs ?? 30_000,
      );
      child.stdout!.on("data", (d: string) => {
        out += d;
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`provider host exited (${exitCode}) before printing a port\nstdout:\n${out}\nstderr:\n${err}`));
      });
    });
  } catch (e) {
    child.kill("SIGKILL");
    await engine.close();
    throw e;
  }

  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  let acceptsSecrets = false;
  const prep = (v: object | undefined): structproto.Struct => toStruct(stripSecrets && !acceptsSecrets ? unwrapSecrets(v ?? {}).value : v);

  const call = <Req, Res>(method: string, req: Req): Promise<Res> =>
    new Promise<Res>((resolve, reject) => {
      const fn = (client as unknown as Record<string, Function>)[method];
      fn.call(client, req, new grpc.Metadata(), { deadline: Date.now() + callTimeoutMs }, (e: grpc.ServiceError | null, res: Res) =>
        e ? reject(toRpcError(method, e)) : resolve(res),
      );
    });

  const setUrn = (req: { setUrn(v: string): unknown; setType(v: string): unknown; setName(v: string): unknown }, urn: string) => {
    const { type, name } = parseUrn(urn);
    req.setUrn(urn);
    req.setType(type);
    req.setName(name);
  };

  let stopped: Promise<void> | undefined;

  const host: ProviderHost = {
    port,
    project,

    async configure(config, o = {}) {
      const req = new provproto.ConfigureRequest();
      const secret = new Set((o.secretKeys ?? []).map((k) => (k.includes(":") ? k : `${project}:${k}`)));
      const args: Record<string, unknown> = {};
      const vars = req.getVariablesMap();
      for (const [k0, v] of Object.entries(config)) {
        const k = k0.includes(":") ? k0 : `${project}:${k0}`;
        vars.set(k, v);
        args[k] = secret.has(k) ? secretWire(v) : v;
      }
      req.setArgs(toStruct(args));
      req.setAcceptsecrets(o.acceptSecrets ?? true);
      req.setAcceptresources(o.acceptResources ?? true);
      const res = await call<provproto.ConfigureRequest, provproto.ConfigureResponse>("configure", req);
      acceptsSecrets = res.getAcceptsecrets();
      return {
        acceptSecrets: res.getAcceptsecrets(),
        acceptResources: res.getAcceptresources(),
        acceptOutputs: res.getAcceptoutputs(),
        supportsPreview: res.getSupportspreview(),
      };
    },

    async check(urn, olds, news, o = {}) {
      const req = new provproto.CheckRequest();
      setUrn(req, urn);
      req.setOlds(prep(olds));
      req.setNews(prep(news));
      if (o.randomSeed) req.setRandomseed(o.randomSeed);
      const res = await call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
      return {
        inputs: fromStruct(res.getInputs()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },

    async diff(urn, id, olds, news, o = {}) {
      const req = new provproto.DiffRequest();
      setUrn(req, urn);
      req.setId(id);
      req.setOlds(prep(olds));
      req.setNews(prep(news));
      if (o.oldInputs) req.setOldInputs(prep(o.oldInputs));
      if (o.ignoreChanges) req.setIgnorechangesList(o.ignoreChanges);
      const res = await call<provproto.DiffRequest, provproto.DiffResponse>("diff", req);
      const C = provproto.DiffResponse.DiffChanges;
      const ch = res.getChanges();
      return {
        changes: ch === C.DIFF_SOME ? "some" : ch === C.DIFF_NONE ? "none" : "unknown",
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
      };
    },

    async create(urn, properties, o = {}) {
      const req = new provproto.CreateRequest();
      setUrn(req, urn);
      req.setProperties(prep(properties));
      req.setPreview(o.preview ?? false);
      if (o.timeoutSec !== undefined) req.setTimeout(o.timeoutSec);
      const res = await call<provproto.CreateRequest, provproto.CreateResponse>("create", req);
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },

    async read(urn, id, properties, inputs) {
      const req = new provproto.ReadRequest();
      setUrn(req, urn);
      req.setId(id);
      req.setProperties(prep(properties));
      if (inputs) req.setInputs(prep(inputs));
      const res = await call<provproto.ReadRequest, provproto.ReadResponse>("read", req);
      const result: { id: string; properties: Record<string, any>; inputs?: Record<string, any> } = {
        id: res.getId(),
        properties: fromStruct(res.getProperties()),
      };
      if (res.hasInputs()) result.inputs = fromStruct(res.getInputs());
      return result;
    },

    async update(urn, id, olds, news, o = {}) {
      const req = new provproto.UpdateRequest();
      setUrn(req, urn);
      req.setId(id);
      req.setOlds(prep(olds));
      req.setNews(prep(news));
      if (o.oldInputs) req.setOldInputs(prep(o.oldInputs));
      if (o.ignoreChanges) req.setIgnorechangesList(o.ignoreChanges);
      req.setPreview(o.preview ?? false);
      if (o.timeoutSec !== undefined) req.setTimeout(o.timeoutSec);
      const res = await call<provproto.UpdateRequest, provproto.UpdateResponse>("update", req);
      return { properties: fromStruct(res.getProperties()) };
    },

    async delete(urn, id, properties, o = {}) {
      const req = new provproto.DeleteRequest();
      setUrn(req, urn);
      req.setId(id);
      req.setProperties(prep(properties));
      if (o.oldInputs) req.setOldInputs(prep(o.oldInputs));
      if (o.timeoutSec !== undefined) req.setTimeout(o.timeoutSec);
      await call<provproto.DeleteRequest, emptyproto.Empty>("delete", req);
    },

    async pluginInfo() {
      const res = await call<emptyproto.Empty, { getVersion(): string }>("getPluginInfo", new emptyproto.Empty());
      return res.getVersion();
    },

    stdout: () => out,
    stderr: () => err,
    engineLogs: () => logs.map((l) => l.message),
    engineLogEntries: () => logs.slice(),
    exitCode: () => exitCode,

    stop() {
      stopped ??= (async () => {
        client.close();
        if (exitCode === null) {
          child.kill("SIGTERM");
          const t = setTimeout(() => child.kill("SIGKILL"), 3000);
          await exited;
          clearTimeout(t);
        }
        await engine.close();
      })();
      return stopped;
    },
  };
  return host;
}

/** A throw-away Pulumi project directory that depends on this package through a symlink. */
export interface LinkedProject {
  /** The project directory (use as `cwd` of {@link startProviderHost}). */
  dir: string;
  /** Project name written to Pulumi.yaml / package.json. */
  name: string;
  /** Removes the directory. */
  cleanup(): Promise<void>;
}

/**
 * Creates a temporary project laid out like a user's Pulumi project:
 * `node_modules/<this package>` is a symlink to the repository root and
 * `node_modules/@pulumi` a symlink to the repository's `@pulumi` folder.
 *
 * Needed because the host loads the provider with an empty module filename, so a
 * package *self*-reference (`require("pulumi-custom-speech/hooks")` with
 * cwd = the repo) fails with MODULE_NOT_FOUND; from a project that has the package
 * in node_modules the same require resolves (through the "exports" map, to the
 * real path under the repo's dist/).
 */
export async function makeLinkedProject(opts: { name?: string; packageRoot?: string } = {}): Promise<LinkedProject> {
  const fs = await import("node:fs/promises");
  const os = await import("node:os");
  const root = opts.packageRoot ?? findPackageRoot(__dirname);
  const pkg = JSON.parse(await fs.readFile(path.join(root, "package.json"), "utf8")) as { name: string };
  const name = opts.name ?? "harness-project";
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pcs-project-"));
  await fs.writeFile(path.join(dir, "package.json"), JSON.stringify({ name, private: true, dependencies: { [pkg.name]: `file:${root}` } }, null, 2));
  await fs.writeFile(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  const nm = path.join(dir, "node_modules");
  await fs.mkdir(path.join(nm, ...pkg.name.split("/").slice(0, -1)), { recursive: true });
  await fs.symlink(root, path.join(nm, pkg.name), "dir");
  await fs.symlink(path.join(root, "node_modules", "@pulumi"), path.join(nm, "@pulumi"), "dir");
  return { dir, name, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

function findPackageRoot(from: string): string {
  const fs = require("node:fs") as typeof import("node:fs");
  for (let d = from; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "package.json"))) return d;
    if (path.dirname(d) === d) throw new Error(`no package.json above ${from}`);
  }
}

// ---------------------------------------------------------------------------
// Capturing what the real SDK registers
// ---------------------------------------------------------------------------

/** One resource registration as the SDK put it on the wire. */
export interface Registration {
  /** Resource type token, e.g. `pulumi-nodejs:dynamic/speech:Dataset`. */
  type: string;
  /** Logical name. */
  name: string;
  /** Serialized inputs (wire shapes: assets/archives with SIG_KEY, `__provider` text), secrets unwrapped. */
  inputs: Record<string, any>;
  /** Paths (top-level keys, or `a.b` / `a[0]` for nested) of inputs that were secret. */
  secretInputs: string[];
  /** Registration options from the request (parent, dependencies, protect, provider, ...). */
  options?: any;
  /** State the mock returned (secrets unwrapped). */
  outputs?: Record<string, any>;
  /** True for custom resources, false for components. */
  custom: boolean;
}

/** Options of {@link captureRegistrations}. */
export interface CaptureOptions {
  project?: string;
  stack?: string;
  /** Stack config; keys without `:` are prefixed with the project. */
  config?: Record<string, string>;
  /** Config keys to mark secret (`pulumi.Config.getSecret` still works without). */
  secretConfigKeys?: string[];
  /** Run as a preview (`pulumi.runtime.isDryRun()`); default false. */
  preview?: boolean;
  /** Mock `newResource`; default returns `{ id: "<name>_id", state: inputs }`. */
  newResource?: (args: pulumi.runtime.MockResourceArgs) => { id: string | undefined; state: Record<string, any> } | Promise<{ id: string | undefined; state: Record<string, any> }>;
  /** Mock `call` (invokes); default echoes inputs. */
  call?: (args: pulumi.runtime.MockCallArgs) => Record<string, any> | Promise<Record<string, any>>;
}

/**
 * Runs a Pulumi program under pulumi.runtime.setMocks and returns every
 * resource registration with its inputs exactly as the real SDK serialized them
 * (including the `__provider` string for dynamic resources, secrets unwrapped
 * but listed in `secretInputs`).
 *
 * The raw request Struct is taken from the mock monitor's `registerResource`
 * (so assets stay in wire shape); the function waits until the SDK's RPC queue
 * drains and no new registrations appear. Registrations that the mock rejects
 * make the returned promise reject. The runtime is process-global: do not run
 * two captures concurrently.
 */
export async function captureRegistrations(
  program: () => unknown | Promise<unknown>,
  opts: CaptureOptions = {},
): Promise<Registration[]> {
  const project = opts.project ?? "project";
  const stack = opts.stack ?? "stack";
  const settings = loadSdkInternal<SdkSettings>("runtime/settings");
  const runtimeConfig = loadSdkInternal<SdkConfig>("runtime/config");

  const previousConfig = runtimeConfig.allConfig();
  const cfg: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.config ?? {})) cfg[k.includes(":") ? k : `${project}:${k}`] = v;
  const secretKeys = (opts.secretConfigKeys ?? []).map((k) => (k.includes(":") ? k : `${project}:${k}`));
  runtimeConfig.setAllConfig(cfg, secretKeys);

  const registrations: Registration[] = [];
  const failures: unknown[] = [];
  const byUrn = new Map<string, Registration>();
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const r = opts.newResource ? await opts.newResource(args) : { id: `${args.name}_id`, state: args.inputs };
        return r;
      },
      call: async (args) => (opts.call ? opts.call(args) : args.inputs),
    },
    project,
    stack,
    opts.preview ?? false,
  );
  const monitor = settings.getMonitor() as MockMonitorLike;
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) => {
    const wire = fromStruct(req.getObject());
    const { value, secretPaths } = unwrapSecrets(wire);
    const reg: Registration = {
      type: req.getType(),
      name: req.getName(),
      inputs: value,
      secretInputs: secretPaths,
      custom: req.getCustom(),
      options: registrationOptions(req),
    };
    registrations.push(reg);
    return original(req, (err: unknown, resp: any) => {
      if (err) failures.push(err);
      else if (resp) {
        byUrn.set(resp.getUrn(), reg);
        reg.outputs = unwrapSecrets(fromStruct(resp.getObject())).value;
      }
      callback(err, resp);
    });
  };

  try {
    await program();
    // Drain: the SDK chains every RPC on settings.rpcDone; apply() callbacks may
    // register more resources after a drain, so loop until stable.
    let seen = -1;
    let stableRounds = 0;
    while (stableRounds < 3) {
      await settings.waitForRPCs();
      await new Promise((r) => setImmediate(r));
      if (registrations.length === seen) stableRounds++;
      else {
        seen = registrations.length;
        stableRounds = 0;
      }
    }
  } finally {
    monitor.registerResource = original;
    runtimeConfig.setAllConfig(previousConfig, []);
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `captureRegistrations: ${failures.length} registration(s) failed: ${String(failures[0])}`);
  }
  return registrations;
}

function registrationOptions(req: any): Record<string, unknown> {
  const o: Record<string, unknown> = {
    parent: req.getParent() || undefined,
    protect: req.hasProtect?.() ? req.getProtect() : undefined,
    dependencies: req.getDependenciesList(),
    provider: req.getProvider() || undefined,
    deleteBeforeReplace: req.getDeletebeforereplace() || undefined,
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    retainOnDelete: req.hasRetainondelete?.() ? req.getRetainondelete() : undefined,
    importId: req.getImportid() || undefined,
    version: req.getVersion() || undefined,
  };
  const ct = req.getCustomtimeouts?.();
  if (ct && (ct.getCreate() || ct.getUpdate() || ct.getDelete())) {
    o.customTimeouts = { create: ct.getCreate(), update: ct.getUpdate(), delete: ct.getDelete() };
  }
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete o[k];
  }
  return o;
}

interface SdkSettings {
  getMonitor(): unknown;
  waitForRPCs(): Promise<void>;
}
interface SdkConfig {
  allConfig(): Record<string, string>;
  setAllConfig(c: Record<string, string>, secretKeys?: string[]): void;
}
interface MockMonitorLike {
  registerResource(req: any, callback: (err: unknown, resp: any) => void): unknown;
}

/** Loads an internal module of the same @pulumi/pulumi instance this file imported. */
function loadSdkInternal<T>(sub: string): T {
  return require(`@pulumi/pulumi/${sub}`) as T;
}
