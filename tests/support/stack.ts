/**
 * A "stack" for lifecycle tests: the emulator, the real dynamic-provider host, and resources
 * registered by the real SDK (so `__provider` and the inputs are exactly what `pulumi up` sends).
 */
import path from "node:path";
import { startEmulator, Emulator, EmulatorOptions } from "../../emulator";
import { EngineModel, EngineModelOptions } from "./engine";
import { asEngineSends, captureRegistrations, ProviderHost, startProviderHost, urnFor } from "./host";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const PROJECT = "speech-tests";
export const STACK = "dev";

export interface Stack {
    emu: Emulator;
    host: ProviderHost;
    close(): Promise<void>;
}

export interface StackOptions {
    apiVersion: string;
    /** How the connection reaches the provider: stack config (Configure), environment, or not at all (inputs only). */
    via: "config" | "env" | "none";
    emulator?: EmulatorOptions;
    /** The host's working directory (default: the repository, as for the root program). */
    cwd?: string;
    extraEnv?: NodeJS.ProcessEnv;
    /**
     * Use this running emulator instead of starting one (`emulator` options are then ignored):
     * a second host against the same service, e.g. after the first one crashed. `close()` then
     * stops only the host; the emulator stays up for its owner to close.
     */
    reuseEmulator?: Emulator;
}

export async function startStack(o: StackOptions): Promise<Stack> {
    const emu = o.reuseEmulator ?? (await startEmulator({ key: `key-${Math.random().toString(36).slice(2)}-secret`, processingStepMs: 20, retryAfterSeconds: 0, ...o.emulator }));
    // A short create lease (hooks/exactly-once.ts): a create retried after a killed host adopts within seconds.
    const env: NodeJS.ProcessEnv = { SPEECH_ENDPOINT: "", SPEECH_REGION: "", SPEECH_KEY: "", SPEECH_API_VERSION: "", SPEECH_CREATE_LEASE_MS: "1500", ...o.extraEnv };
    if (o.via === "env") Object.assign(env, { SPEECH_ENDPOINT: emu.url, SPEECH_KEY: emu.key, SPEECH_API_VERSION: o.apiVersion });
    const host = await startProviderHost({ cwd: o.cwd ?? REPO_ROOT, env, project: PROJECT });
    if (o.via === "config") {
        await host.configure(
            { "speech:endpoint": emu.url, "speech:key": emu.key, "speech:apiVersion": o.apiVersion },
            { secretKeys: ["speech:key"] },
        );
    } else {
        await host.configure({});
    }
    return {
        emu,
        host,
        close: async () => {
            await host.stop();
            if (!o.reuseEmulator) await emu.close();
        },
    };
}

export interface Registered {
    urn: string;
    type: string;
    /** Inputs as the engine sends them to the provider (secrets unwrapped). */
    inputs: Record<string, any>;
    secretInputs: string[];
    options?: any;
}

/** Runs `program` under the SDK's mocks and returns each dynamic resource's registration. */
export async function register(program: () => unknown, cwd = REPO_ROOT): Promise<Registered[]> {
    const regs = await captureRegistrations(program, { project: PROJECT, stack: STACK });
    return regs
        .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"))
        .map((r) => ({
            urn: urnFor(r.type, r.name, STACK, PROJECT),
            type: r.type,
            inputs: asEngineSends(r.inputs, { cwd }),
            secretInputs: r.secretInputs,
            options: r.options,
        }));
}

/** Registers one resource and returns it. */
export async function registerOne(program: () => unknown, cwd = REPO_ROOT): Promise<Registered> {
    const [r] = await register(program, cwd);
    if (!r) throw new Error("the program registered no dynamic resource");
    return r;
}

/** check → create as the engine does on `pulumi up` for a new resource; throws on check failures. */
export async function up(host: ProviderHost, r: Registered): Promise<{ id: string; outputs: Record<string, any>; inputs: Record<string, any> }> {
    const checked = await host.check(r.urn, {}, r.inputs);
    if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    const created = await host.create(r.urn, checked.inputs);
    return { id: created.id, outputs: created.properties, inputs: checked.inputs };
}

export interface ModelStack extends Stack {
    engine: EngineModel;
}

/**
 * The emulator, the real provider host and the engine model over them: the way tests drive
 * `pulumi up` / `preview` / `refresh` / `destroy` (see tests/support/engine.ts for what each RPC gets).
 */
export async function startModel(o: StackOptions & { fakeOutputs?: EngineModelOptions["fakeOutputs"] }): Promise<ModelStack> {
    const s = await startStack(o);
    const engine = new EngineModel({ host: s.host, project: PROJECT, stack: STACK, cwd: o.cwd ?? REPO_ROOT, fakeOutputs: o.fakeOutputs });
    return { ...s, engine };
}
