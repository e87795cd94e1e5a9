/**
 * A model of the Pulumi engine's deployment loop, driving the REAL dynamic-provider host
 * (tests/support/host.ts) with resources registered by the REAL SDK running a program.
 *
 * Tests must use this (or follow it exactly) to call the provider: a hook handed something the
 * engine never sends proves nothing. What each RPC receives, with the Pulumi source it comes from
 * (pulumi/pulumi, pkg/ = engine, sdk/nodejs/cmd/dynamic-provider/index.ts = the host that runs our hooks):
 *
 * - Configure: stack config of the provider's package namespace, secrets unwrapped by the host
 *   (`rpc.unwrapRpcSecret`), ConfigureResponse says acceptSecrets=false (dynamic-provider/index.ts,
 *   `configure`). So every later request has its secrets stripped (sdk/go/common/resource/plugin/
 *   provider_plugin.go marshals with KeepSecrets = the provider's acceptSecrets).
 * - Check(olds, news): olds = the OLD INPUTS stored in state ({} for a new resource), news = the
 *   program's new inputs (pkg/resource/deploy/step_generator.go, `prov.Check` with
 *   `Olds: oldInputs`). Always runs before Diff/Create/Update, also at preview.
 * - Diff(id, olds, news): olds = the OLD OUTPUTS, news = the CHECKED new inputs (step_generator.go
 *   `diff` → provider_plugin.go `Diff` sends `Olds: OldOutputs`, `OldInputs`, `News: NewInputs`;
 *   the host passes only olds/news to our diff). Runs at preview too, with unknowns as the
 *   UNKNOWN sentinel.
 * - Create(inputs): the checked inputs, never at preview (the host does not advertise preview
 *   support). An error carrying `id`/`properties` is an init error: the engine records the resource
 *   (id, those outputs, InitErrors) in state (pkg/resource/deploy/step.go, CreateStep.Apply,
 *   `resp.Status == StatusPartialFailure`); an error without an id records nothing.
 * - Same step (no diff): new state = NEW INPUTS + OLD OUTPUTS (step.go, SameStep.Apply:
 *   `s.new.Outputs = s.old.Outputs`). Nothing is sent to the provider.
 * - Update(id, olds, news): olds = the OLD OUTPUTS, news = the checked new inputs
 *   (step.go, UpdateStep.Apply: `OldOutputs: s.old.Outputs, NewInputs: s.new.Inputs`). A resource
 *   with InitErrors is updated even when Diff reports no change (step_generator.go: `hasInitErrors`).
 * - Replace (Diff returned replaces): Create(new checked inputs) first, then — after the rest of
 *   the deployment — Delete(old id, OLD OUTPUTS) (create-before-delete; step.go
 *   NewCreateReplacementStep / NewDeleteReplacementStep). If the deployment fails before that,
 *   the old resource stays in state as pending delete and is deleted first by the next up.
 * - Read(id, props) on refresh: the host passes only `properties` = the OLD OUTPUTS to our read
 *   (pkg/resource/deploy/step.go RefreshStep sends `State: s.old.Outputs` and `Inputs`; the host
 *   uses inputs only when properties are empty, dynamic-provider/index.ts `read`). Empty id = gone,
 *   the resource leaves state. Returned `inputs` replace the stored inputs.
 * - Read for `Resource.get`: properties empty, inputs = what the program passed (__provider).
 * - Delete(id, props): props = the OLD OUTPUTS only (step.go DeleteStep.Apply sends Inputs and
 *   Outputs; the host passes `req.getProperties()` = outputs, dynamic-provider/index.ts `delete`).
 * - Secrets in state: an output is stored encrypted when its name is in additionalSecretOutputs
 *   or the same-named input held a secret (provider_plugin.go `annotateSecrets`). Everything else
 *   is plaintext in the checkpoint: {@link EngineModel.plaintextState} is what a reader of the
 *   state file sees without the stack's secrets provider.
 *
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { asEngineSends, fromStruct, jsonish, ProviderHost, ProviderRpcError, secretWire, unwrapSecrets } from "./host";

/** One resource in the model's checkpoint. */
export interface ResourceRecord {
  urn: string;
  type: string;
  name: string;
  /** A dynamic-provider resource (driven through the host); other custom resources are faked. */
  dynamic: boolean;
  id: string;
  /** Checked inputs as stored (secret values kept, their keys in `secretInputs`). */
  inputs: Record<string, any>;
  outputs: Record<string, any>;
  secretInputs: string[];
  secretOutputs: string[];
  /** Set when Create/Update failed with an id (ErrorResourceInitFailed). */
  initErrors?: string[];
}

export type StepOp = "create" | "same" | "update" | "replace" | "delete" | "delete-replaced" | "read" | "refresh" | "skipped";

export interface StepRecord {
  urn: string;
  op: StepOp;
  /** Diff's replaces (replace steps), or its changed flag. */
  replaces?: string[];
  changes?: string;
  error?: string;
}

export interface RunResult {
  steps: StepRecord[];
  errors: { urn: string; op: StepOp | "check" | "diff"; message: string; initFailed: boolean }[];
  /** Check failures per URN. */
  failures: { urn: string; property: string; reason: string }[];
}

export interface EngineModelOptions {
  host: ProviderHost;
  project: string;
  stack: string;
  /** The program's directory (asset paths resolve against it). */
  cwd: string;
  /**
   * Outputs of non-dynamic custom resources (e.g. an azure-native account) the model fakes; by
   * default their inputs. At preview, omit a key to make that output unknown.
   */
  fakeOutputs?: (type: string, name: string, inputs: Record<string, any>, preview: boolean) => Record<string, any>;
}

export interface UpOptions {
  /** `pulumi preview`: Check and Diff only; Create/Update/Delete are never sent. */
  preview?: boolean;
  /** Stack config visible to the program (`project:key` or bare key). */
  config?: Record<string, string>;
}

/** The engine's model: one checkpoint, `up`, `preview`, `refresh`, `destroy`. */
export class EngineModel {
  readonly state = new Map<string, ResourceRecord>();
  /** Replaced resources not deleted yet (a failed deployment leaves them for the next up). */
  readonly pendingDeletes: ResourceRecord[] = [];

  constructor(readonly o: EngineModelOptions) {}

  get host(): ProviderHost {
    return this.o.host;
  }

  /** `pulumi up` (or `pulumi preview` with `{ preview: true }`) of `program`. */
  async up(program: () => unknown, opts: UpOptions = {}): Promise<RunResult> {
    const preview = opts.preview ?? false;
    const result: RunResult = { steps: [], errors: [], failures: [] };
    if (!preview) await this.deletePending(result);
    const registered = new Set<string>();
    const replaced: ResourceRecord[] = [];
    // The engine stops the deployment at the first failed step (no --continue-on-error): later
    // registrations get no provider call. The program is answered anyway (with no outputs), so the
    // SDK's promises do not reject into the test process.
    const halted = () => result.errors.length > 0 || result.failures.length > 0;
    const guard = async (urn: string, step: () => Promise<RegisterResponse>): Promise<RegisterResponse> => {
      registered.add(urn);
      if (halted()) {
        result.steps.push({ urn, op: "skipped" });
        return { id: "", outputs: {} };
      }
      try {
        return await step();
      } catch {
        return { id: "", outputs: {} };
      }
    };
    await runProgram(this.o.project, this.o.stack, preview, opts.config ?? {}, program, {
      register: (req) => guard(req.urn, () => this.register(req, preview, result, replaced)),
      read: (req) => guard(req.urn, () => this.readResource(req, preview, result)),
    });
    if (preview) return result;
    if (result.errors.length === 0 && result.failures.length === 0) {
      // Resources no longer in the program are deleted, dependents first (reverse registration order).
      for (const urn of [...this.state.keys()].reverse()) {
        if (registered.has(urn)) continue;
        await this.deleteOne(this.state.get(urn)!, "delete", result);
      }
    }
    // Replaced resources are deleted after everything else; a failed deployment keeps them pending.
    this.pendingDeletes.push(...replaced);
    if (result.errors.length === 0 && result.failures.length === 0) await this.deletePending(result);
    return result;
  }

  /** `pulumi preview`. */
  preview(program: () => unknown, opts: Omit<UpOptions, "preview"> = {}): Promise<RunResult> {
    return this.up(program, { ...opts, preview: true });
  }

  /** `pulumi refresh`: Read(id, old outputs) for every resource. */
  async refresh(): Promise<RunResult> {
    const result: RunResult = { steps: [], errors: [], failures: [] };
    for (const rec of [...this.state.values()]) {
      if (!rec.dynamic) continue;
      try {
        const r = await this.host.read(rec.urn, rec.id, rec.outputs);
        if (!r.id) {
          this.state.delete(rec.urn);
          result.steps.push({ urn: rec.urn, op: "refresh", changes: "deleted" });
          continue;
        }
        rec.outputs = r.properties;
        if (r.inputs) rec.inputs = r.inputs;
        result.steps.push({ urn: rec.urn, op: "refresh" });
      } catch (e) {
        result.errors.push(errorOf(rec.urn, "refresh", e));
      }
    }
    return result;
  }

  /** `pulumi destroy`: Delete(id, old outputs), dependents first. */
  async destroy(): Promise<RunResult> {
    const result: RunResult = { steps: [], errors: [], failures: [] };
    await this.deletePending(result);
    for (const urn of [...this.state.keys()].reverse()) await this.deleteOne(this.state.get(urn)!, "delete", result);
    return result;
  }

  /** What the checkpoint shows without the secrets provider: every value that is not stored encrypted. */
  plaintextState(): string {
    const records = [...this.state.values(), ...this.pendingDeletes].map((r) => ({
      urn: r.urn,
      id: r.id,
      inputs: Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !r.secretInputs.includes(k))),
      outputs: Object.fromEntries(Object.entries(r.outputs).filter(([k]) => !r.secretOutputs.includes(k))),
      initErrors: r.initErrors,
    }));
    return JSON.stringify(records);
  }

  /** The record of a resource by name (its URN's last part). */
  get(name: string): ResourceRecord | undefined {
    return [...this.state.values()].find((r) => r.name === name);
  }

  // ---- steps ---------------------------------------------------------------------------------

  private async register(req: RegisterRequest, preview: boolean, result: RunResult, replaced: ResourceRecord[]): Promise<RegisterResponse> {
    const old = this.state.get(req.urn);
    if (!req.dynamic) {
      const outputs = this.o.fakeOutputs?.(req.type, req.name, req.inputs, preview) ?? req.inputs;
      if (!req.custom) return { id: "", outputs };
      const rec: ResourceRecord = { urn: req.urn, type: req.type, name: req.name, dynamic: false, id: old?.id ?? `${req.name}_id`, inputs: req.inputs, outputs, secretInputs: req.secretInputs, secretOutputs: [] };
      if (!preview) this.state.set(req.urn, rec);
      return { id: preview && !old ? "" : rec.id, outputs };
    }
    const news = asEngineSends(req.wireInputs, { cwd: this.o.cwd });
    let checked: { inputs: Record<string, any>; failures: { property: string; reason: string }[] };
    try {
      checked = await this.host.check(req.urn, old ? old.inputs : {}, news);
    } catch (e) {
      result.errors.push(errorOf(req.urn, "check", e));
      throw e;
    }
    if (checked.failures.length) {
      for (const f of checked.failures) result.failures.push({ urn: req.urn, ...f });
      throw new Error(`check failed for ${req.urn}: ${JSON.stringify(checked.failures)}`);
    }
    const secretOutputs = (outs: Record<string, any>) =>
      Object.keys(outs).filter((k) => req.additionalSecretOutputs.includes(k) || req.secretInputs.includes(k));
    const record = (id: string, outputs: Record<string, any>, initErrors?: string[]): ResourceRecord => ({
      urn: req.urn, type: req.type, name: req.name, dynamic: true, id, inputs: checked.inputs, outputs,
      secretInputs: req.secretInputs, secretOutputs: secretOutputs(outputs), initErrors,
    });
    const create = async (op: StepOp, replaces?: string[]): Promise<RegisterResponse> => {
      result.steps.push({ urn: req.urn, op, replaces });
      if (preview) return { id: "", outputs: checked.inputs };
      try {
        const c = await this.host.create(req.urn, checked.inputs);
        const rec = record(c.id, c.properties);
        this.state.set(req.urn, rec);
        return { id: c.id, outputs: c.properties, secretOutputs: rec.secretOutputs };
      } catch (e) {
        if (e instanceof ProviderRpcError && e.initFailed) this.state.set(req.urn, record(e.initFailed.id, e.initFailed.properties, e.initFailed.reasons));
        else if (op === "create") this.state.delete(req.urn);
        result.errors.push(errorOf(req.urn, op, e));
        throw e;
      }
    };
    if (!old) return create("create");

    let d: { changes: string; replaces: string[] };
    try {
      d = await this.host.diff(req.urn, old.id, old.outputs, checked.inputs);
    } catch (e) {
      result.errors.push(errorOf(req.urn, "diff", e));
      throw e;
    }
    if (d.replaces.length) {
      if (!preview) {
        this.state.delete(req.urn);
        replaced.push(old);
      }
      try {
        return await create("replace", d.replaces);
      } catch (e) {
        // The replacement failed without an id: the old resource stays tracked as it was.
        if (!this.state.has(req.urn)) {
          this.state.set(req.urn, old);
          replaced.splice(replaced.indexOf(old), 1);
        }
        throw e;
      }
    }
    if (d.changes === "none" && !old.initErrors?.length) {
      result.steps.push({ urn: req.urn, op: "same" });
      const rec = { ...old, inputs: checked.inputs, secretInputs: req.secretInputs };
      if (!preview) this.state.set(req.urn, rec);
      return { id: old.id, outputs: old.outputs, secretOutputs: old.secretOutputs };
    }
    result.steps.push({ urn: req.urn, op: "update", changes: d.changes });
    if (preview) return { id: old.id, outputs: checked.inputs };
    try {
      const u = await this.host.update(req.urn, old.id, old.outputs, checked.inputs);
      const rec = record(old.id, u.properties);
      this.state.set(req.urn, rec);
      return { id: old.id, outputs: u.properties, secretOutputs: rec.secretOutputs };
    } catch (e) {
      if (e instanceof ProviderRpcError && e.initFailed) this.state.set(req.urn, record(old.id, e.initFailed.properties, e.initFailed.reasons));
      result.errors.push(errorOf(req.urn, "update", e));
      throw e;
    }
  }

  private async readResource(req: RegisterRequest & { id: string }, preview: boolean, result: RunResult): Promise<RegisterResponse> {
    const props = asEngineSends(req.wireInputs, { cwd: this.o.cwd });
    result.steps.push({ urn: req.urn, op: "read" });
    try {
      const r = await this.host.read(req.urn, req.id, {}, props);
      if (!r.id) throw new Error(`resource '${req.id}' does not exist`);
      const rec: ResourceRecord = {
        urn: req.urn, type: req.type, name: req.name, dynamic: true, id: r.id, inputs: r.inputs ?? props, outputs: r.properties,
        secretInputs: req.secretInputs, secretOutputs: Object.keys(r.properties).filter((k) => req.additionalSecretOutputs.includes(k)),
      };
      if (!preview) this.state.set(req.urn, rec);
      return { id: r.id, outputs: r.properties, secretOutputs: rec.secretOutputs };
    } catch (e) {
      result.errors.push(errorOf(req.urn, "read", e));
      throw e;
    }
  }

  private async deleteOne(rec: ResourceRecord, op: "delete" | "delete-replaced", result: RunResult): Promise<boolean> {
    if (!rec.dynamic) {
      this.state.delete(rec.urn);
      return true;
    }
    try {
      await this.host.delete(rec.urn, rec.id, rec.outputs);
      if (this.state.get(rec.urn) === rec) this.state.delete(rec.urn);
      result.steps.push({ urn: rec.urn, op });
      return true;
    } catch (e) {
      result.errors.push(errorOf(rec.urn, op, e));
      return false;
    }
  }

  private async deletePending(result: RunResult): Promise<void> {
    for (const rec of [...this.pendingDeletes]) {
      if (await this.deleteOne(rec, "delete-replaced", result)) this.pendingDeletes.splice(this.pendingDeletes.indexOf(rec), 1);
    }
  }
}

function errorOf(urn: string, op: RunResult["errors"][number]["op"], e: unknown): RunResult["errors"][number] {
  if (e instanceof ProviderRpcError) return { urn, op, message: e.details, initFailed: !!e.initFailed };
  return { urn, op, message: e instanceof Error ? e.message : String(e), initFailed: false };
}

// ---- the program side: the real SDK under setMocks, its monitor calls answered by the model ----

interface RegisterRequest {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  dynamic: boolean;
  /** Inputs exactly as the SDK serialized them (secret wrappers included). */
  wireInputs: Record<string, any>;
  /** The same, secrets unwrapped. */
  inputs: Record<string, any>;
  secretInputs: string[];
  additionalSecretOutputs: string[];
}

interface RegisterResponse {
  id: string;
  outputs: Record<string, any>;
  secretOutputs?: string[];
}

interface MonitorHandlers {
  register(req: RegisterRequest): Promise<RegisterResponse>;
  read(req: RegisterRequest & { id: string }): Promise<RegisterResponse>;
}

/**
 * Runs `program` with the real SDK (setMocks provides the monitor), answering RegisterResource and
 * ReadResource through `handlers`, and waits until the SDK has no RPC in flight. The runtime is
 * process-global: never run two programs at once.
 */
async function runProgram(project: string, stack: string, preview: boolean, config: Record<string, string>, program: () => unknown, handlers: MonitorHandlers): Promise<void> {
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): any; waitForRPCs(): Promise<void> };
  const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { allConfig(): Record<string, string>; setAllConfig(c: Record<string, string>, s?: string[]): void };
  const resproto = require("@pulumi/pulumi/proto/resource_pb");
  const previousConfig = runtimeConfig.allConfig();
  runtimeConfig.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `${project}:${k}`, v])), []);
  await pulumi.runtime.setMocks({ newResource: async (a) => ({ id: `${a.name}_id`, state: a.inputs }), call: async (a) => a.inputs }, project, stack, preview);
  const monitor = settings.getMonitor();
  const toRequest = (req: any, getInputs: () => structproto.Struct | undefined, custom: boolean): RegisterRequest => {
    const wireInputs = fromStruct(getInputs());
    const { value, secretPaths } = unwrapSecrets(wireInputs);
    const type: string = req.getType();
    return {
      urn: monitor.newUrn(req.getParent(), type, req.getName()),
      type,
      name: req.getName(),
      custom,
      dynamic: type.startsWith("pulumi-nodejs:dynamic"),
      wireInputs,
      inputs: value,
      secretInputs: [...new Set(secretPaths.map((p) => p.split(/[.[]/)[0]).filter(Boolean))],
      additionalSecretOutputs: req.getAdditionalsecretoutputsList?.() ?? [],
    };
  };
  const wireOutputs = (r: RegisterResponse) =>
    structproto.Struct.fromJavaScript(jsonish(Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, r.secretOutputs?.includes(k) ? secretWire(v) : v]))) as any);
  let calls = 0;
  let pending = 0;
  const track = <T>(p: Promise<T>): Promise<T> => {
    calls++;
    pending++;
    return p.finally(() => pending--);
  };
  monitor.registerResource = (req: any, cb: (err: unknown, resp?: unknown) => void) => {
    const r = toRequest(req, () => req.getObject(), req.getCustom());
    track(handlers.register(r)).then(
      (res) => {
        const resp = new resproto.RegisterResourceResponse();
        resp.setUrn(r.urn);
        resp.setId(res.id);
        resp.setObject(wireOutputs(res));
        cb(null, resp);
      },
      (e) => cb(e),
    );
  };
  monitor.readResource = (req: any, cb: (err: unknown, resp?: unknown) => void) => {
    const r = { ...toRequest(req, () => req.getProperties(), true), id: req.getId() as string };
    track(handlers.read(r)).then(
      (res) => {
        const resp = new resproto.ReadResourceResponse();
        resp.setUrn(r.urn);
        resp.setProperties(wireOutputs(res));
        cb(null, resp);
      },
      (e) => cb(e),
    );
  };
  const swallow = () => undefined;
  try {
    await program();
    // Drain: apply() callbacks may register more resources after a drain, so loop until stable.
    let seen = -1;
    let stable = 0;
    while (stable < 3) {
      await settings.waitForRPCs().catch(swallow);
      await new Promise((r) => setImmediate(r));
      const now = calls;
      if (now === seen && pending === 0) stable++;
      else {
        seen = now;
        stable = 0;
      }
    }
  } finally {
    runtimeConfig.setAllConfig(previousConfig, []);
  }
}

