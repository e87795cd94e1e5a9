/**
 * Per-process provider context: the stack config captured by `configure`, and connection
 * resolution for a resource's inputs. Lives in the provider host process only.
 */
import { Connection, ConnectionSettings, resolveApiVersion, resolveConnection, settingsFromConfig, settingsFromEnv } from "../client/connection";
import { HttpClientOptions } from "../client/http";
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

/** A client for an entity that exists: requests go to the endpoint it was created at (`endpointUsed`). */
export function clientForExisting(state: Record<string, unknown>, inputs: Record<string, unknown> = state): SpeechClient {
    return clientFor(inputs, { endpoint: typeof state.endpointUsed === "string" ? state.endpointUsed : undefined });
}

/** A client for a resource. `endpoint` overrides where an existing entity lives. */
export function clientFor(inputs: Record<string, unknown>, opts: { endpoint?: string; http?: HttpClientOptions } = {}): SpeechClient {
    const c = connectionFor(inputs);
    return new SpeechClient(opts.endpoint ? { ...c, endpoint: opts.endpoint } : c, { retry: retryFrom(inputs), ...opts.http });
}
