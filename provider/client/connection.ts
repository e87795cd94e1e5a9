/**
 * Where to send requests and with which credential, resolved per call from three layers
 * (first hit wins, setting by setting): the resource's own inputs, stack config read in the
 * provider's `configure` (`speech:*`), then the environment (`SPEECH_*`).
 * Nothing here is ever captured in the serialized provider.
 */
import { ConfigurationError } from "./errors";
import { registerSecret } from "./redact";
import { ApiVersion, API_VERSIONS, DEFAULT_API_VERSION, isApiVersion } from "./versions";

/** One layer of settings. */
export interface ConnectionSettings {
    endpoint?: string;
    region?: string;
    key?: string;
    apiVersion?: string;
}

export interface Connection {
    /** Scheme + host (+ port), no trailing slash. */
    endpoint: string;
    key: string;
    apiVersion: ApiVersion;
}

export const ENV = {
    endpoint: "SPEECH_ENDPOINT",
    region: "SPEECH_REGION",
    key: "SPEECH_KEY",
    apiVersion: "SPEECH_API_VERSION",
} as const;

export const CONFIG = {
    endpoint: "speech:endpoint",
    region: "speech:region",
    key: "speech:key",
    apiVersion: "speech:apiVersion",
} as const;

const REGION = /^[a-z][a-z0-9]{1,39}$/;

/** Reads one layer from the process environment. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
    return {
        endpoint: nonEmpty(env[ENV.endpoint]),
        region: nonEmpty(env[ENV.region]),
        key: nonEmpty(env[ENV.key]),
        apiVersion: nonEmpty(env[ENV.apiVersion]),
    };
}

/** Reads one layer from the dynamic provider's configure() config object. */
export function settingsFromConfig(config: { get(key: string): string | undefined } | undefined): ConnectionSettings {
    if (!config) return {};
    return {
        endpoint: nonEmpty(config.get(CONFIG.endpoint)),
        region: nonEmpty(config.get(CONFIG.region)),
        key: nonEmpty(config.get(CONFIG.key)),
        apiVersion: nonEmpty(config.get(CONFIG.apiVersion)),
    };
}

function nonEmpty(v: unknown): string | undefined {
    return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** Validates an endpoint: an absolute https URL, or http on a loopback host (the emulator). Returns it normalised or a reason. */
export function checkEndpoint(endpoint: string): { ok: true; value: string } | { ok: false; reason: string } {
    let u: URL;
    try {
        u = new URL(endpoint);
    } catch {
        return { ok: false, reason: `"${endpoint}" is not an absolute URL such as https://myspeech.cognitiveservices.azure.com` };
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") {
        return { ok: false, reason: `must use https (got ${u.protocol.replace(":", "")})` };
    }
    if (u.protocol === "http:" && !isLoopback(u.hostname)) {
        return { ok: false, reason: `plain http is refused for ${u.hostname}: the key would travel unencrypted; use https (http is allowed only for loopback hosts such as the local emulator)` };
    }
    if (u.username || u.password) return { ok: false, reason: "must not contain credentials" };
    if (u.search || u.hash) return { ok: false, reason: "must not contain a query or fragment" };
    const path = u.pathname.replace(/\/+$/, "");
    return { ok: true, value: `${u.protocol}//${u.host}${path}` };
}

export function isLoopback(hostname: string): boolean {
    const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function checkRegion(region: string): string | undefined {
    return REGION.test(region) ? undefined : `"${region}" is not an Azure region name such as "westeurope" or "eastus"`;
}

export function regionEndpoint(region: string): string {
    return `https://${region}.api.cognitive.microsoft.com`;
}

/** Where one layer points: its own endpoint (or region), normalised; undefined when it sets neither. */
function layerEndpoint(l: ConnectionSettings, i: number): string | undefined {
    if (l.endpoint) {
        const c = checkEndpoint(l.endpoint);
        if (!c.ok) throw new ConfigurationError(`endpoint (${layerName(i)}): ${c.reason}`);
        return c.value;
    }
    if (l.region) {
        const bad = checkRegion(l.region);
        if (bad) throw new ConfigurationError(`region (${layerName(i)}): ${bad}`, "region");
        return regionEndpoint(l.region);
    }
    return undefined;
}

/**
 * Resolves the connection. `layers` are in precedence order (inputs, config, env).
 * Within one layer an endpoint wins over a region. The endpoint comes from the first layer that
 * sets one; the key from the first layer that sets one AND does not point elsewhere: a key is
 * bound to the endpoint of its own layer, so a key configured for another account is never sent
 * to this one (a layer with a key and no endpoint lends its key to any endpoint).
 */
export function resolveConnection(layers: ConnectionSettings[]): Connection {
    const { endpoint, source: endpointSource } = resolveEndpoint(layers);
    if (!endpoint) {
        throw new ConfigurationError(
            "no Speech endpoint is set: set the resource's `endpoint` or `region`, or run " +
                "`pulumi config set speech:region <region>` (or speech:endpoint <https://...>), or set SPEECH_REGION / SPEECH_ENDPOINT",
        );
    }
    const key = keyFor(endpoint, layers);
    if (!key.key) {
        const skipped = key.skipped.length ? `; the key in ${key.skipped.join(" and ")} belongs to another endpoint and is not sent here` : "";
        throw new ConfigurationError(
            `no Speech key is set for ${endpoint} (endpoint from ${endpointSource})${skipped}: set the resource's \`key\` input, or run ` +
                "`pulumi config set --secret speech:key <key>`, or set SPEECH_KEY",
            "key",
        );
    }
    registerSecret(key.key);
    return { endpoint, key: key.key, apiVersion: resolveApiVersion(layers) };
}

/** The endpoint alone (first layer that sets an endpoint or region) and the layer it came from; needs no key. */
export function resolveEndpoint(layers: ConnectionSettings[]): { endpoint?: string; source: string } {
    for (const [i, l] of layers.entries()) {
        const endpoint = layerEndpoint(l, i);
        if (endpoint) return { endpoint, source: layerName(i) };
    }
    return { source: "" };
}

/** The key for `endpoint`: the first layer's key that is not bound to another endpoint. */
export function keyFor(endpoint: string, layers: ConnectionSettings[]): { key?: string; skipped: string[] } {
    const skipped: string[] = [];
    for (const [i, l] of layers.entries()) {
        if (!l.key) continue;
        const own = layerEndpoint(l, i);
        if (own !== undefined && own !== endpoint) {
            skipped.push(layerName(i));
            continue;
        }
        return { key: l.key, skipped };
    }
    return { skipped };
}

/** The API version alone (first layer that sets one, else the default): needs no endpoint or key. */
export function resolveApiVersion(layers: ConnectionSettings[]): ApiVersion {
    const v = layers.map((l) => l.apiVersion).find((x) => x) ?? DEFAULT_API_VERSION;
    if (!isApiVersion(v)) {
        throw new ConfigurationError(`apiVersion: "${v}" is not supported; use one of ${API_VERSIONS.join(", ")}`, "apiVersion");
    }
    return v;
}

function layerName(i: number): string {
    return ["resource inputs", "stack config", "environment"][i] ?? `layer ${i}`;
}
