/**
 * Per-process provider context: the stack config captured by `configure`, and connection
 * resolution for a resource's inputs. Lives in the provider host process only.
 */
import { Connection, ConnectionSettings, keyFor, resolveApiVersion, resolveConnection, resolveEndpoint, settingsFromConfig, settingsFromEnv } from "../client/connection";
import { ConfigurationError, ServiceError } from "../client/errors";
import { registerSecret } from "../client/redact";
import { RetryOptions } from "../client/retry";
import { SpeechClient } from "../client/speech-client";
import type { ApiVersion } from "../client/versions";

/** The shape of the dynamic provider's ConfigureRequest. */
export interface ConfigureRequest {
    config: { get(key: string): string | undefined };
}

let configLayer: ConnectionSettings = {};

/** Stores stack config (speech:*) for later calls. Reads only; never logs values. */
export async function configure(req: ConfigureRequest): Promise<void> {
    configLayer = settingsFromConfig(req?.config);
}

/** For tests: set or clear the config layer. */
export function setConfigLayer(s: ConnectionSettings): void {
    configLayer = { ...s };
}

export function getConfigLayer(): ConnectionSettings {
    return configLayer;
}

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(isUnknown);
    if (v && typeof v === "object") return Object.values(v).some(isUnknown);
    return false;
}

/** Settings carried by a resource's inputs. */
export function inputSettings(inputs: Record<string, unknown>): ConnectionSettings {
    const s = (k: string) => (typeof inputs[k] === "string" && inputs[k] !== UNKNOWN ? (inputs[k] as string) : undefined);
    return { endpoint: s("endpoint"), region: s("region"), key: s("key"), apiVersion: s("apiVersion") };
}

/** Resolves the connection for a resource: inputs, then stack config, then environment. */
export function connectionFor(inputs: Record<string, unknown>): Connection {
    return resolveConnection([inputSettings(inputs), configLayer, settingsFromEnv()]);
}

/** The endpoint a resource's inputs resolve to (inputs, config, env), without needing a key; undefined when none is set. */
export function endpointFor(inputs: Record<string, unknown>): string | undefined {
    return resolveEndpoint([inputSettings(inputs), configLayer, settingsFromEnv()]).endpoint;
}

/** The API version for a resource (inputs, config, env, default); undefined when not a supported one. */
export function apiVersionFor(inputs: Record<string, unknown>): ApiVersion | undefined {
    try {
        return resolveApiVersion([inputSettings(inputs), configLayer, settingsFromEnv()]);
    } catch {
        return undefined; // check reports an unsupported apiVersion on its own
    }
}

/** Retry limits from the `retry` input, if any. */
export function retryFrom(inputs: Record<string, unknown>): RetryOptions | undefined {
    const r = inputs.retry;
    return r && typeof r === "object" ? (r as RetryOptions) : undefined;
}

/** Where an existing entity lives and which keys may reach it, best first (no request sent). */
export function existingConnections(state: Record<string, unknown>, news?: Record<string, unknown>): Connection[] {
    const stateSettings = inputSettings(state);
    const endpoint = typeof state.endpointUsed === "string" ? state.endpointUsed : undefined;
    if (!endpoint) return [connectionFor(news ?? state)]; // Resource.get: nothing stored yet
    const apiVersion = resolveApiVersion([news ? inputSettings(news) : stateSettings, configLayer, settingsFromEnv()]);
    const keys: string[] = [];
    const add = (k: string | undefined) => {
        if (k && !keys.includes(k)) keys.push(k);
    };
    // 1. The connection the new inputs resolve to, when it still points at this entity (update).
    if (news) add(keyFor(endpoint, [inputSettings(news), configLayer, settingsFromEnv()]).key);
    // 2. The key that created (or last reached) it, kept in state as a secret output.
    add(typeof state.connectionKey === "string" ? state.connectionKey : undefined);
    // 3. What the stored inputs, stack config and environment give for this endpoint (never a key bound elsewhere).
    add(keyFor(endpoint, [stateSettings, configLayer, settingsFromEnv()]).key);
    if (!keys.length) {
        throw new ConfigurationError(
            `no Speech key for ${endpoint}, where this entity lives: state holds none and no key input, stack config (speech:key) or ` +
                "environment (SPEECH_KEY) key is set for that endpoint; set the key of that Speech resource, e.g. `pulumi config set --secret speech:key <key>`",
            "key",
        );
    }
    for (const k of keys) registerSecret(k);
    return keys.map((key) => ({ endpoint, key, apiVersion }));
}

/**
 * Runs `fn` against an existing entity with the first key that the service accepts: a key that
 * was rotated since it was stored gets a 401, and the next candidate is tried.
 */
export async function withExisting<T>(state: Record<string, unknown>, news: Record<string, unknown> | undefined, fn: (client: SpeechClient) => Promise<T>): Promise<T> {
    const candidates = existingConnections(state, news);
    const retry = retryFrom(news ?? state);
    for (const [i, c] of candidates.entries()) {
        try {
            return await fn(new SpeechClient(c, { retry }));
        } catch (e) {
            if (!(e instanceof ServiceError && e.statusCode === 401) || i === candidates.length - 1) throw e;
        }
    }
    throw new Error("unreachable");
}

/** A client for a resource about to be created: the connection its inputs resolve to (inputs, config, env). */
export function clientFor(inputs: Record<string, unknown>): SpeechClient {
    return new SpeechClient(connectionFor(inputs), { retry: retryFrom(inputs) });
}
