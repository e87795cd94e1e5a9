/**
 * The three supported Speech-to-text API versions and what differs between them.
 * Source of truth: shared/reference/azure-speech-stt/stable/<version>/speechtotext.json.
 */

export type ApiVersion = "2025-10-15" | "2024-11-15" | "v3.2";

export const API_VERSIONS: readonly ApiVersion[] = ["2025-10-15", "2024-11-15", "v3.2"];
export const DEFAULT_API_VERSION: ApiVersion = "2025-10-15";

export interface VersionTraits {
    /** The version is a path segment (v3.2) rather than an `api-version` query parameter. */
    pathVersioned: boolean;
    /** Projects and the dataset `project` property exist. */
    projects: boolean;
    /** Dataset duration is `properties.durationMilliseconds` (number) rather than `properties.duration` (ISO 8601). */
    durationMilliseconds: boolean;
    /** Projects have `foundryProjectName`. */
    foundryProjectName: boolean;
}

export const VERSION_TRAITS: Record<ApiVersion, VersionTraits> = {
    "v3.2": { pathVersioned: true, projects: true, durationMilliseconds: false, foundryProjectName: false },
    "2024-11-15": { pathVersioned: false, projects: false, durationMilliseconds: true, foundryProjectName: false },
    "2025-10-15": { pathVersioned: false, projects: true, durationMilliseconds: true, foundryProjectName: true },
};

export function isApiVersion(v: unknown): v is ApiVersion {
    return typeof v === "string" && (API_VERSIONS as readonly string[]).includes(v);
}

/** `{endpoint}/speechtotext[/v3.2]` without a trailing slash. */
export function basePath(endpoint: string, version: ApiVersion): string {
    const root = endpoint.replace(/\/+$/, "");
    return VERSION_TRAITS[version].pathVersioned ? `${root}/speechtotext/${version}` : `${root}/speechtotext`;
}

/** Builds an operation URL: base path + relative path + query (api-version added where the version needs it). */
export function operationUrl(
    endpoint: string,
    version: ApiVersion,
    path: string,
    query: Record<string, string | number | undefined> = {},
): string {
    const url = new URL(basePath(endpoint, version) + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    if (!VERSION_TRAITS[version].pathVersioned) url.searchParams.set("api-version", version);
    return url.toString();
}

/** Makes sure a URL the service returned (`@nextLink`, `self`) carries the api-version it needs. */
export function withApiVersion(url: string, version: ApiVersion): string {
    if (VERSION_TRAITS[version].pathVersioned) return url;
    const u = new URL(url);
    if (!u.searchParams.has("api-version")) u.searchParams.set("api-version", version);
    return u.toString();
}

/** ISO 8601 duration ("PT1H4M12.5S", "P1DT2H") to milliseconds; undefined when unparseable. */
export function isoDurationToMs(iso: string | undefined): number | undefined {
    if (typeof iso !== "string") return undefined;
    const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
    if (!m || iso === "P" || iso.endsWith("T")) return undefined;
    const [d, h, min, s] = m.slice(1).map((x) => (x ? Number(x) : 0));
    return Math.round(((d * 24 + h) * 60 + min) * 60000 + s * 1000);
}

/** Milliseconds to ISO 8601 duration ("PT4M12S"). */
export function msToIsoDuration(ms: number): string {
    if (!Number.isFinite(ms) || ms <= 0) return "PT0S";
    const totalSeconds = ms / 1000;
    const h = Math.floor(totalSeconds / 3600);
    const m = Math.floor((totalSeconds % 3600) / 60);
    const s = Math.round((totalSeconds % 60) * 1000) / 1000;
    return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s || (!h && !m) ? `${s}S` : ""}`;
}
