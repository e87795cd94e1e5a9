/**
 * Input validation shared by the resources. Each check returns failures that name the property
 * and the reason; values unknown during preview are skipped.
 */
import { checkEndpoint, checkRegion } from "../client/connection";
import { CREATE_MARKER_KEY } from "../client/models";
import { API_VERSIONS, isApiVersion } from "../client/versions";
import { UNKNOWN } from "./context";

export interface CheckFailure {
    property: string;
    reason: string;
}

export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2}|-\d{3})?$/;

export class Failures {
    readonly list: CheckFailure[] = [];
    add(property: string, reason: string): void {
        this.list.push({ property, reason });
    }
}

export function known(v: unknown): boolean {
    return v !== UNKNOWN;
}

export function optionalString(f: Failures, inputs: Record<string, unknown>, p: string, o: { minLength?: number; maxLength?: number } = {}): void {
    const v = inputs[p];
    if (v === undefined || v === null || v === UNKNOWN) return;
    if (typeof v !== "string") return f.add(p, `must be a string, got ${typeName(v)}`);
    if (o.minLength !== undefined && v.trim().length < o.minLength) f.add(p, o.minLength === 1 ? "must not be empty" : `must be at least ${o.minLength} characters`);
    if (o.maxLength !== undefined && v.length > o.maxLength) f.add(p, `must be at most ${o.maxLength} characters (got ${v.length})`);
}

export function requiredString(f: Failures, inputs: Record<string, unknown>, p: string, o: { minLength?: number; maxLength?: number } = {}): void {
    const v = inputs[p];
    if (v === undefined || v === null) return f.add(p, "is required");
    optionalString(f, inputs, p, { minLength: 1, ...o });
}

export function enumString(f: Failures, inputs: Record<string, unknown>, p: string, allowed: readonly string[], required: boolean): void {
    const v = inputs[p];
    if (v === undefined || v === null) {
        if (required) f.add(p, `is required; one of ${allowed.join(", ")}`);
        return;
    }
    if (v === UNKNOWN) return;
    if (typeof v !== "string" || !allowed.includes(v)) f.add(p, `must be one of ${allowed.join(", ")} (got ${show(v)})`);
}

export function locale(f: Failures, inputs: Record<string, unknown>, p = "locale"): void {
    const v = inputs[p];
    if (v === undefined || v === null) return f.add(p, "is required, e.g. \"en-US\"");
    if (v === UNKNOWN) return;
    if (typeof v !== "string" || !LOCALE.test(v)) f.add(p, `must be a BCP-47 locale such as "en-US" (got ${show(v)})`);
}

/** customProperties: ≤ `maxEntries` entries, keys ≤ 64 chars, values ≤ 256 chars, all strings (service limits). */
export function customProperties(f: Failures, inputs: Record<string, unknown>, maxEntries: number, p = "customProperties"): void {
    const v = inputs[p];
    if (v === undefined || v === null || v === UNKNOWN) return;
    if (typeof v !== "object" || Array.isArray(v)) return f.add(p, `must be a map of strings, got ${typeName(v)}`);
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > maxEntries) {
        f.add(p, `has ${entries.length} entries; at most ${maxEntries} are allowed (the service allows 10${maxEntries < 10 ? ` and the provider keeps ${10 - maxEntries} for its create marker` : ""})`);
    }
    for (const [k, val] of entries) {
        if (k.length === 0) f.add(p, "keys must not be empty");
        if (k.length > 64) f.add(p, `key "${k.slice(0, 20)}…" is ${k.length} characters; at most 64 are allowed`);
        if (k === CREATE_MARKER_KEY) f.add(`${p}.${k}`, `the key "${CREATE_MARKER_KEY}" is reserved by the provider`);
        if (val === UNKNOWN) continue;
        if (typeof val !== "string") f.add(`${p}.${k}`, `must be a string, got ${typeName(val)}`);
        else if (val.length > 256) f.add(`${p}.${k}`, `value is ${val.length} characters; at most 256 are allowed`);
    }
}

/** endpoint / region / key / apiVersion inputs. */
export function connectionInputs(f: Failures, inputs: Record<string, unknown>): void {
    const { endpoint, region, key, apiVersion } = inputs;
    if (endpoint !== undefined && endpoint !== null && endpoint !== UNKNOWN) {
        if (typeof endpoint !== "string") f.add("endpoint", `must be a string, got ${typeName(endpoint)}`);
        else {
            const c = checkEndpoint(endpoint);
            if (!c.ok) f.add("endpoint", c.reason);
        }
    }
    if (region !== undefined && region !== null && region !== UNKNOWN) {
        if (typeof region !== "string") f.add("region", `must be a string, got ${typeName(region)}`);
        else {
            const bad = checkRegion(region);
            if (bad) f.add("region", bad);
        }
    }
    if (typeof endpoint === "string" && typeof region === "string") {
        f.add("region", "set either endpoint or region, not both (endpoint is the Speech resource's URL; region means https://<region>.api.cognitive.microsoft.com)");
    }
    if (key !== undefined && key !== null && key !== UNKNOWN && (typeof key !== "string" || key.trim() === "")) {
        f.add("key", "must be a non-empty string");
    }
    if (apiVersion !== undefined && apiVersion !== null && apiVersion !== UNKNOWN && !isApiVersion(apiVersion)) {
        f.add("apiVersion", `must be one of ${API_VERSIONS.join(", ")} (got ${show(apiVersion)})`);
    }
}

/** A non-negative integer option, e.g. processingTimeoutInMs. */
export function nonNegativeInt(f: Failures, inputs: Record<string, unknown>, p: string, max?: number): void {
    const v = inputs[p];
    if (v === undefined || v === null || v === UNKNOWN) return;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) return f.add(p, `must be a non-negative whole number, got ${show(v)}`);
    if (max !== undefined && v > max) f.add(p, `must be at most ${max} (got ${v})`);
}

export function retryInput(f: Failures, inputs: Record<string, unknown>): void {
    const v = inputs.retry;
    if (v === undefined || v === null || v === UNKNOWN) return;
    if (typeof v !== "object" || Array.isArray(v)) return f.add("retry", `must be an object, got ${typeName(v)}`);
    const allowed = ["maxRetries", "initialDelayInMs", "maxDelayInMs", "maxElapsedInMs", "attemptTimeoutInMs"];
    for (const [k, val] of Object.entries(v)) {
        if (!allowed.includes(k)) f.add(`retry.${k}`, `is not a retry option; use ${allowed.join(", ")}`);
        else if (val !== UNKNOWN && (typeof val !== "number" || !Number.isFinite(val) || val < 0)) f.add(`retry.${k}`, `must be a non-negative number, got ${show(val)}`);
    }
}

/** Project reference: a GUID or a projects self URL. Returns the GUID, if recognisable. */
export function projectId(ref: string): string | undefined {
    if (GUID.test(ref)) return ref.toLowerCase();
    const m = /\/projects\/([0-9a-fA-F-]{36})\/?(?:\?.*)?$/.exec(ref);
    return m && GUID.test(m[1]) ? m[1].toLowerCase() : undefined;
}

export function typeName(v: unknown): string {
    return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}

export function show(v: unknown): string {
    const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Key-order-independent JSON, for comparing old and new values; undefined and null are equal. */
export function canonical(x: unknown): string {
    if (x === undefined || x === null) return "null";
    if (Array.isArray(x)) return `[${x.map(canonical).join(",")}]`;
    if (typeof x === "object") {
        return `{${Object.keys(x as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(",")}}`;
    }
    return JSON.stringify(x);
}

export function same(a: unknown, b: unknown): boolean {
    return canonical(a) === canonical(b);
}

/** What counts as "unset" for mutable fields: an empty map or an empty description equals none. */
export function normalizeMutable(p: string, value: unknown): unknown {
    if (p === "customProperties") return value && typeof value === "object" && Object.keys(value).length ? value : undefined;
    if (p === "project" && typeof value === "string") return projectId(value) ?? value;
    if (p === "description" && value === "") return undefined;
    return value;
}

export function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
