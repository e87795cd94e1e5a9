/** HTTP plumbing: body reading, fault injection, auth, api-version resolution, routing, recording. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { MAX_BLOCK_BYTES, matchRoute, type Ctx, type Reply } from "./api.js";
import { ApiError, UNAUTHORIZED_BODY, notFound } from "./errors.js";
import { FaultInjector } from "./faults.js";
import { BlobSigner, Urls } from "./render.js";
import { Store } from "./store.js";
import { API_VERSIONS, type ApiVersion, type Exchange } from "./types.js";

/** Resolved configuration of a running emulator. */
export interface ServerConfig {
  key: string;
  retryAfterSeconds: number;
  pageSize: number;
  maxDatasets: number;
  record: boolean;
}

const QUERY_VERSIONS = API_VERSIONS.filter((v) => v !== "v3.2");

/** Read at most `cap` bytes of the body (the rest is drained); `length` is the full size. */
async function readBody(req: IncomingMessage, cap: number): Promise<{ body: Buffer; length: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let length = 0;
  for await (const c of req) {
    const b = c as Buffer;
    length += b.length;
    if (kept < cap) {
      const part = b.subarray(0, cap - kept);
      chunks.push(part);
      kept += part.length;
    }
  }
  return { body: Buffer.concat(chunks), length };
}

function recordedBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  if (/json/i.test(contentType ?? "")) {
    try {
      return JSON.parse(body.toString("utf8"));
    } catch {
      /* fall through */
    }
  }
  return { bytes: body.length };
}

/** The request handler of one emulator instance. */
export class EmulatorServer {
  readonly exchanges: Exchange[] = [];
  readonly faults = new FaultInjector();
  base = "";
  signer = new BlobSigner("", "");

  constructor(readonly store: Store, readonly config: ServerConfig) {}

  /** Set the base URL once the port is known. */
  setBase(base: string): void {
    this.base = base;
    this.signer = new BlobSigner(`${this.config.key}:${Math.random()}`, base);
  }

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.serve(req, res).catch((e) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ code: "InternalServerError", message: `Emulator bug: ${(e as Error).message}` }));
      }
    });
  };

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    // Not new URL(path, base): a path starting with "//" would be read as a host (and "//%2e%2e/" throws).
    const raw = req.url ?? "/";
    const url = new URL(`http://emulator${raw.startsWith("/") ? "" : "/"}${raw}`);
    const contentType = req.headers["content-type"];
    const { body, length } = await readBody(req, MAX_BLOCK_BYTES + 1);

    const ex: Exchange = {
      method, url: req.url ?? "/", apiVersion: undefined, requestHeaders: { ...req.headers },
      requestBody: length > MAX_BLOCK_BYTES ? { bytes: length } : recordedBody(body, contentType), status: 0, responseHeaders: {},
    };
    const record = () => { if (this.config.record) this.exchanges.push(ex); };

    if (url.pathname.startsWith("/blobs/")) return this.blob(url, method, res, ex, record);

    // which version and which operation (for recording, even when the request fails)
    let version: ApiVersion | undefined;
    let rel: string | undefined;
    let versionError: ApiError | undefined;
    if (url.pathname === "/speechtotext/v3.2" || url.pathname.startsWith("/speechtotext/v3.2/")) {
      version = "v3.2";
      rel = url.pathname.slice("/speechtotext/v3.2".length);
    } else if (url.pathname.startsWith("/speechtotext/")) {
      rel = url.pathname.slice("/speechtotext".length);
      const v = url.searchParams.get("api-version");
      if (v && (QUERY_VERSIONS as string[]).includes(v)) version = v as ApiVersion;
      else
        versionError = new ApiError(400, "InvalidRequest",
          v ? `The api-version '${v}' is not supported. Supported versions: ${QUERY_VERSIONS.join(", ")} (and v3.2 in the path).`
            : `The api-version query parameter is required. Supported versions: ${QUERY_VERSIONS.join(", ")} (and v3.2 in the path).`);
    }
    ex.apiVersion = version;
    const match = rel !== undefined ? matchRoute(method, rel) : { params: {}, pathMatched: false };
    const route = match.route && (!match.route.versions || (version && match.route.versions.includes(version))) ? match.route : undefined;
    if (route) ex.operationId = route.operationId;

    // faults
    const decision = this.faults.decide(method, this.store.now());
    if (decision.fault) ex.fault = decision.fault;
    switch (decision.fault) {
      case "reset":
        record();
        req.socket.destroy();
        return;
      case "429":
      case "rateLimit":
        return this.send(res, ex, record, this.error(new ApiError(429, "TooManyRequests", "Too many requests. Retry after the time given in Retry-After.", undefined,
          { "Retry-After": String(decision.retryAfterSeconds ?? 1) })));
      case "500":
        return this.send(res, ex, record, this.error(new ApiError(500, "InternalServerError", "An internal server error occurred (injected).")));
      case "503":
        return this.send(res, ex, record, this.error(new ApiError(503, "ServiceUnavailable", "The service is temporarily unavailable (injected).", undefined,
          { "Retry-After": String(decision.retryAfterSeconds ?? 1) })));
      case "slow":
        await sleep(decision.delayMs ?? 200);
        break;
    }

    const compute = async (): Promise<Reply> => {
      let reply: Reply;
      if (req.headers["ocp-apim-subscription-key"] !== this.config.key) reply = { status: 401, body: UNAUTHORIZED_BODY };
      else if (versionError) reply = this.error(versionError);
      else if (!route || !version)
        reply = this.error(match.pathMatched && version !== "2024-11-15"
          ? new ApiError(405, "NotAllowed", `The method ${method} is not allowed on ${url.pathname}.`)
          : notFound(`The resource ${url.pathname} does not exist${version ? ` in api-version ${version}` : ""}.`));
      else {
        const ctx: Ctx = {
          version, urls: new Urls(this.base, version), params: match.params, query: url.searchParams, body, contentType,
          store: this.store, signer: this.signer, config: this.config,
        };
        try {
          reply = await route.handle(ctx);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          reply = this.error(e);
        }
      }
      return reply;
    };
    if (decision.fault === "gateway") {
      // The gateway gives up at once; the backend still carries the request out a little later.
      setTimeout(() => void compute().catch(() => undefined), decision.delayMs ?? 100);
      return this.send(res, ex, record, this.error(new ApiError(504, "GatewayTimeout", "The gateway timed out waiting for the backend (injected).", undefined,
        { "Retry-After": String(decision.retryAfterSeconds ?? 1) })));
    }
    const reply = await compute();

    if (decision.fault === "lostResponse") {
      ex.status = reply.status;
      ex.responseHeaders = { ...reply.headers };
      ex.responseBody = reply.body;
      record();
      req.socket.destroy();
      return;
    }
    this.send(res, ex, record, reply);
  }

  private error(e: ApiError): Reply {
    return { status: e.status, headers: e.headers, body: e.body() };
  }

  private send(res: ServerResponse, ex: Exchange, record: () => void, reply: Reply, raw?: Buffer, rawType?: string): void {
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    let payload: Buffer | undefined = raw;
    if (reply.body !== undefined) {
      payload = Buffer.from(JSON.stringify(reply.body));
      res.setHeader("Content-Type", "application/json; charset=utf-8");
    } else if (raw) res.setHeader("Content-Type", rawType ?? "application/octet-stream");
    res.setHeader("Content-Length", payload?.length ?? 0);
    res.statusCode = reply.status;
    ex.status = reply.status;
    ex.responseHeaders = { ...res.getHeaders() } as Exchange["responseHeaders"];
    ex.responseBody = reply.body !== undefined ? JSON.parse(JSON.stringify(reply.body)) : raw ? { bytes: raw.length } : undefined;
    record();
    res.end(payload);
  }

  /** Signed downloads of dataset files (the stand-in for blob SAS URLs; no key needed, no faults). */
  private blob(url: URL, method: string, res: ServerResponse, ex: Exchange, record: () => void): void {
    const [, , datasetId, fileId] = url.pathname.split("/");
    const problem = method !== "GET" ? "Only GET is supported." : this.signer.check(url.pathname, url.searchParams);
    const d = this.store.datasetsById.get(datasetId ?? "");
    const bytes = d?.fileBytes.get(fileId ?? "");
    const file = d?.files.find((f) => f.id === fileId);
    if (problem) return this.send(res, ex, record, { status: 403, body: { code: "AuthenticationFailed", message: problem } });
    if (!bytes || !file) return this.send(res, ex, record, { status: 404, body: { code: "BlobNotFound", message: "The specified blob does not exist." } });
    this.send(res, ex, record, { status: 200 }, bytes, file.name.endsWith(".json") ? "application/json" : "application/octet-stream");
  }
}
