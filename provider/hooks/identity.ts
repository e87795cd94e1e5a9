/**
 * What counts as "the same data" for a contentUrl: the URL without its SAS query parameters.
 * A fresh SAS token for the same blob is not new data; another blob, container or host is.
 */

/** Query parameters of Azure Storage shared access signatures (service, account and user-delegation SAS). */
export const SAS_QUERY_PARAMETERS = new Set([
    "sv", "ss", "srt", "sp", "se", "st", "spr", "sip", "si", "sr", "sig", "sdd", "ses",
    "skoid", "sktid", "skt", "ske", "sks", "skv", "saoid", "suoid", "scid", "sduoid",
    "rscc", "rscd", "rsce", "rscl", "rsct",
]);

/** The data identity of a contentUrl: scheme, lower-cased host, path, and non-SAS query parameters sorted. */
export function contentIdentity(url: string): string {
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        return url;
    }
    const kept = [...u.searchParams.entries()]
        .filter(([k]) => !SAS_QUERY_PARAMETERS.has(k.toLowerCase()))
        .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
    const q = kept.length ? `?${new URLSearchParams(kept).toString()}` : "";
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname}${q}`;
}

/** True when two contentUrls point at different data. */
export function isNewData(oldUrl: unknown, newUrl: unknown): boolean {
    if (typeof oldUrl !== "string" || typeof newUrl !== "string") return oldUrl !== newUrl;
    return contentIdentity(oldUrl) !== contentIdentity(newUrl);
}
