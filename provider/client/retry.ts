/**
 * The one retry policy: which failures are retried, and how long to wait between attempts.
 * Idempotent calls (GET, PATCH, DELETE, block PUT) are retried on 408/429/500/502/503/504 and on
 * connection errors. A POST is retried only where the service cannot have acted: 429 and a refused
 * connection. Waits are capped exponential backoff with jitter, or the server's Retry-After.
 */

/** Retry limits. Every field is optional; defaults in DEFAULT_RETRY. */
export interface RetryOptions {
    /** Retries after the first attempt. */
    maxRetries?: number;
    /** First backoff step. */
    initialDelayInMs?: number;
    /** Cap of any single wait, Retry-After included. */
    maxDelayInMs?: number;
    /** Cap of the time spent on one call, attempts and waits included. */
    maxElapsedInMs?: number;
    /** Timeout of one HTTP attempt. */
    attemptTimeoutInMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
    maxRetries: 8,
    initialDelayInMs: 500,
    maxDelayInMs: 30_000,
    maxElapsedInMs: 5 * 60_000,
    attemptTimeoutInMs: 60_000,
};

export const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Connection errors after which the request cannot have reached the service. */
export const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Connection errors worth retrying (for idempotent calls); the request may have reached the service. */
export const TRANSIENT_CODES = new Set([
    "ECONNRESET",
    "EPIPE",
    "ETIMEDOUT",
    "ECONNABORTED",
    "ERR_STREAM_PREMATURE_CLOSE",
    "UND_ERR_SOCKET",
    "ERR_GOT_REQUEST_ERROR",
]);

export function resolveRetryOptions(o: RetryOptions | undefined): Required<RetryOptions> {
    const r = { ...DEFAULT_RETRY };
    for (const k of Object.keys(DEFAULT_RETRY) as (keyof RetryOptions)[]) {
        const v = o?.[k];
        if (typeof v === "number" && Number.isFinite(v) && v >= 0) r[k] = v;
    }
    return r;
}

/** Parses Retry-After (seconds, or an HTTP date) to milliseconds; undefined if absent or unparseable. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
    const h = Array.isArray(header) ? header[0] : header;
    if (h === undefined || h.trim() === "") return undefined;
    if (/^\d+(\.\d+)?$/.test(h.trim())) return Math.round(Number(h) * 1000);
    const t = Date.parse(h);
    return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/**
 * The wait before retry number `attempt` (1-based): Retry-After when the server sent one,
 * else initialDelay * 2^(attempt-1) with "equal jitter" (half fixed, half random); capped by maxDelayInMs.
 */
export function calculateRetryDelay(
    attempt: number,
    retryAfterMs: number | undefined,
    options: Required<RetryOptions>,
    random: () => number = Math.random,
): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxDelayInMs);
    const exp = Math.min(options.maxDelayInMs, options.initialDelayInMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(exp / 2 + random() * (exp / 2));
}

/** Decides whether a failed attempt is retried. */
export function shouldRetry(
    failure: { status?: number; errorCode?: string },
    idempotent: boolean,
): boolean {
    if (failure.status !== undefined) {
        if (idempotent) return RETRY_STATUS.has(failure.status);
        return failure.status === 429;
    }
    const code = failure.errorCode ?? "";
    if (NOT_SENT_CODES.has(code)) return true;
    return idempotent && (TRANSIENT_CODES.has(code) || code.startsWith("ETIMEDOUT") || code === "ERR_GOT_TIMEOUT");
}

/** Sleeps, waking early with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
        const t = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(t);
            reject(signal?.reason ?? new Error("aborted"));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}
