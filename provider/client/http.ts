/**
 * One small HTTP client over got: authentication header, JSON, the retry policy, error mapping.
 * got is ESM-only; it is loaded with import() on first use so that nothing is captured at module scope.
 */
import { Connection } from "./connection";
import { describeContext, OperationContext, ResponseError, ServiceError, TransportError } from "./errors";
import { registerSecret } from "./redact";
import {
    calculateRetryDelay,
    NOT_SENT_CODES,
    parseRetryAfter,
    resolveRetryOptions,
    RetryOptions,
    shouldRetry,
    sleep,
} from "./retry";

/** One HTTP call as the Speech client describes it. */
export interface HttpRequest {
    /** Swagger operationId, e.g. "Datasets_Create" (used in errors and logs). */
    operationId: string;
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
    url: string;
    json?: unknown;
    body?: Buffer;
    contentType?: string;
    /** Safe to repeat: retried on transient failures. */
    idempotent: boolean;
    /** Statuses returned to the caller rather than thrown (e.g. 404 on Get/Delete). */
    accept?: number[];
    context?: OperationContext;
    abortSignal?: AbortSignal;
}

export interface HttpResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: unknown;
    /** The number of attempts it took. */
    attempts: number;
}

/** Observes every attempt (for logs and tests). */
export type HttpObserver = (e: { operationId: string; method: string; attempt: number; status?: number; errorCode?: string; delayInMs?: number }) => void;

export interface HttpClientOptions {
    retry?: RetryOptions;
    /** Largest response body accepted, in bytes after decompression; default MAX_RESPONSE_BYTES (16 MiB). Reading stops there. */
    maxResponseBytes?: number;
    observer?: HttpObserver;
    /** Source of randomness for jitter (tests). */
    random?: () => number;
}

/** Default cap of one response body, in bytes after decompression (maxResponseBytes overrides it). */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

type GotModule = typeof import("got", { with: { "resolution-mode": "import" } });
let gotModule: Promise<GotModule> | undefined;
function loadGot(): Promise<GotModule> {
    gotModule ??= import("got");
    return gotModule;
}

/**
 * Resolves a URL (absolute, protocol-relative or relative to the endpoint) and accepts it only when it is on
 * the endpoint's own origin: same scheme, host (compared after URL normalisation, so case-insensitively) and
 * port, and without user info. Otherwise `reason` says why (for messages: origins only, never paths or queries):
 * the key must never be sent there.
 */
export function checkOnEndpoint(link: string, endpoint: string): { url: URL } | { reason: string } {
    let base: URL;
    let u: URL;
    try {
        base = new URL(endpoint.endsWith("/") ? endpoint : `${endpoint}/`);
        u = new URL(link, base);
    } catch {
        return { reason: "is not a URL" };
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") return { reason: `uses ${u.protocol.replace(/:$/, "")}, not https` };
    if (u.origin !== base.origin) return { reason: `goes to ${u.origin}, which is not the endpoint's origin (${base.origin})` };
    if (u.username || u.password) return { reason: "carries user info (it would be sent as credentials)" };
    return { url: u };
}

/** checkOnEndpoint's URL, or undefined when the link is not on the endpoint's origin. */
export function resolveOnEndpoint(link: string, endpoint: string): URL | undefined {
    const c = checkOnEndpoint(link, endpoint);
    return "url" in c ? c.url : undefined;
}

interface RawResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
}

export class HttpClient {
    readonly retry: Required<RetryOptions>;
    constructor(
        readonly connection: Connection,
        readonly options: HttpClientOptions = {},
    ) {
        this.retry = resolveRetryOptions(options.retry);
        // Whatever built the connection, every message this client produces is scrubbed of the key.
        registerSecret(connection.key);
    }

    /** Sends the request, retrying per policy; throws ServiceError / TransportError / ResponseError. */
    async send(req: HttpRequest): Promise<HttpResponse> {
        const target = checkOnEndpoint(req.url, this.connection.endpoint);
        if ("reason" in target) {
            throw new ResponseError(
                `${describeContext(req.context)}: refusing to send ${req.operationId}: its URL ${target.reason}, ` +
                    `and the key is only ever sent to the endpoint`,
            );
        }
        const { default: got } = await loadGot();
        const started = Date.now();
        const random = this.options.random ?? Math.random;
        for (let attempt = 1; ; attempt++) {
            req.abortSignal?.throwIfAborted();
            let status: number | undefined;
            let errorCode: string | undefined;
            let retryAfterMs: number | undefined;
            let failure: Error;
            try {
                const res = await this.exchange(got, req);
                status = res.status;
                this.options.observer?.({ operationId: req.operationId, method: req.method, attempt, status });
                const body = parseBody(res.body, headerValue(res.headers["content-type"]), req, status);
                if ((status >= 200 && status < 300) || req.accept?.includes(status)) {
                    return { status, headers: res.headers, body, attempts: attempt };
                }
                retryAfterMs = parseRetryAfter(res.headers["retry-after"]);
                failure = Object.assign(toServiceError(req, status, body), { retryAfterMs });
            } catch (e) {
                if (req.abortSignal?.aborted) throw req.abortSignal.reason ?? e;
                if (e instanceof ResponseError) throw e;
                errorCode = errCode(e);
                this.options.observer?.({ operationId: req.operationId, method: req.method, attempt, errorCode });
                failure = new TransportError(
                    req.context,
                    req.operationId,
                    errorCode,
                    !NOT_SENT_CODES.has(errorCode),
                    (e as Error).message ?? String(e),
                );
            }
            const retriable = shouldRetry({ status, errorCode }, req.idempotent);
            if (!retriable || attempt > this.retry.maxRetries) throw failure;
            // Capped by maxDelayInMs whatever the server's Retry-After says.
            const delay = calculateRetryDelay(attempt, retryAfterMs, this.retry, random);
            if (Date.now() - started + delay > this.retry.maxElapsedInMs) throw failure;
            this.options.observer?.({ operationId: req.operationId, method: req.method, attempt, status, errorCode, delayInMs: delay });
            await sleep(delay, req.abortSignal);
        }
    }

    /**
     * One attempt over got's stream API. The body is counted as it arrives, after got has decompressed it
     * (gzip, deflate, br), and reading stops at maxResponseBytes: the request and its socket are destroyed and
     * a ResponseError names the operation and the limit. A Content-Length over the limit fails before reading.
     */
    private exchange(got: GotModule["default"], req: HttpRequest): Promise<RawResponse> {
        const max = this.maxResponseBytes();
        return new Promise<RawResponse>((resolve, reject) => {
            const stream = got.stream(req.url, {
                method: req.method,
                headers: {
                    "Ocp-Apim-Subscription-Key": this.connection.key,
                    accept: "application/json",
                    ...(req.json !== undefined ? { "content-type": req.contentType ?? "application/json" } : {}),
                    ...(req.body !== undefined ? { "content-type": req.contentType ?? "application/octet-stream" } : {}),
                    "user-agent": "pulumi-custom-speech",
                },
                body: req.json !== undefined ? JSON.stringify(req.json) : req.body,
                throwHttpErrors: false,
                followRedirect: false,
                retry: { limit: 0 },
                timeout: { request: this.retry.attemptTimeoutInMs },
                signal: req.abortSignal,
            });
            let settled = false;
            let status = 0;
            let headers: Record<string, string | string[] | undefined> = {};
            const chunks: Buffer[] = [];
            let size = 0;
            const fail = (e: unknown) => {
                if (settled) return;
                settled = true;
                chunks.length = 0;
                // Destroys the request and its socket: nothing more is read or decompressed.
                stream.destroy();
                reject(e);
            };
            const tooLarge = (what: string) =>
                new ResponseError(
                    `${describeContext(req.context)}: ${req.operationId} (HTTP ${status}) ${what}; the limit is ${max} bytes ` +
                        `(maxResponseBytes), so reading stopped. The endpoint may not be a Speech API: check the endpoint, or raise maxResponseBytes`,
                );
            stream.on("response", (res: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
                status = res.statusCode;
                headers = res.headers;
                const declared = Number(headerValue(res.headers["content-length"]));
                if (Number.isFinite(declared) && declared > max) fail(tooLarge(`announced a ${declared}-byte body (Content-Length)`));
            });
            stream.on("data", (chunk: Buffer) => {
                if (settled) return;
                size += chunk.length;
                if (size > max) {
                    fail(tooLarge(`sent a body of more than ${max} bytes (counted after decompression)`));
                    return;
                }
                chunks.push(chunk);
            });
            stream.on("end", () => {
                if (settled) return;
                settled = true;
                resolve({ status, headers, body: Buffer.concat(chunks, size) });
            });
            stream.on("error", (e: unknown) => fail(e));
            // A stream request that can carry a body waits for end() when the body is not given as an option.
            if (req.json === undefined && req.body === undefined && req.method !== "GET") stream.end();
        });
    }

    private maxResponseBytes(): number {
        const m = this.options.maxResponseBytes;
        return typeof m === "number" && Number.isFinite(m) && m > 0 ? m : MAX_RESPONSE_BYTES;
    }
}

function headerValue(h: string | string[] | undefined): string | undefined {
    return Array.isArray(h) ? h[0] : h;
}

function errCode(e: unknown): string {
    const err = e as { code?: unknown; cause?: { code?: unknown } };
    if (typeof err?.code === "string" && err.code !== "ERR_GOT_REQUEST_ERROR") return err.code;
    if (typeof err?.cause?.code === "string") return err.cause.code;
    return typeof err?.code === "string" ? err.code : "EUNKNOWN";
}

function parseBody(raw: Buffer, contentType: string | undefined, req: HttpRequest, status: number): unknown {
    if (raw.length === 0) return undefined;
    const text = raw.toString("utf8");
    if (contentType && !/json/i.test(contentType)) {
        // Every Speech operation answers JSON: a successful HTML page (a portal, a login page, a proxy) is not an answer.
        if (status >= 200 && status < 300) {
            throw new ResponseError(
                `${req.operationId} returned ${contentType.split(";")[0].trim()} (HTTP ${status}, ${raw.length} bytes), not JSON; the endpoint may not be a Speech API`,
            );
        }
        return status >= 400 ? { message: text.slice(0, 500) } : text;
    }
    try {
        return JSON.parse(text);
    } catch {
        if (status >= 400) return { message: text.slice(0, 500) };
        throw new ResponseError(
            `${req.operationId} returned a body that is not JSON (HTTP ${status}, ${raw.length} bytes); the endpoint may not be a Speech API`,
        );
    }
}

/** Reads the spec's Error body, or the Azure gateway's `{ error: { code, message } }`. */
export function toServiceError(req: HttpRequest, status: number, body: unknown): ServiceError {
    const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    const inner = (b.error && typeof b.error === "object" ? b.error : b) as Record<string, unknown>;
    const code = typeof inner.code === "string" && inner.code ? inner.code : defaultCode(status);
    const message = typeof inner.message === "string" && inner.message ? inner.message : `HTTP ${status}`;
    const innerError = inner.innerError as Record<string, unknown> | undefined;
    const innerCode = innerError && typeof innerError.code === "string" ? innerError.code : undefined;
    const innerMessage = innerError && typeof innerError.message === "string" ? innerError.message : undefined;
    return new ServiceError(
        req.context,
        req.operationId,
        status,
        code,
        innerMessage && innerMessage !== message ? `${message} (${innerMessage})` : message,
        innerCode,
    );
}

function defaultCode(status: number): string {
    switch (status) {
        case 400: return "InvalidRequest";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "NotFound";
        case 409: return "Conflict";
        case 415: return "UnsupportedMediaType";
        case 429: return "TooManyRequests";
        case 503: return "ServiceUnavailable";
        default: return status >= 500 ? "InternalServerError" : `HTTP${status}`;
    }
}
