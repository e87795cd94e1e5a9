/** Small HTTP client and fixtures for the emulator tests. */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as yazl from "yazl";
import type { ApiVersion, Emulator } from "../../emulator/index.js";

export interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
  raw: Buffer;
}

/** Path + version -> absolute URL on the emulator. */
export function apiUrl(emu: Emulator, version: ApiVersion, path: string, query: Record<string, string> = {}): string {
  const q = new URLSearchParams(query);
  if (version !== "v3.2") q.set("api-version", version);
  const s = q.toString();
  return `${emu.url}/speechtotext${version === "v3.2" ? "/v3.2" : ""}${path}${s ? `?${s}` : ""}`;
}

/** One HTTP request with node:http (no keep-alive, so socket faults stay per request). */
export function send(method: string, url: string, opts: { body?: unknown; headers?: Record<string, string>; key?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.key !== undefined ? { "Ocp-Apim-Subscription-Key": opts.key } : {}), ...opts.headers };
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(opts.body)) payload = opts.body;
  else if (opts.body !== undefined) {
    payload = Buffer.from(typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body));
    headers["Content-Type"] ??= "application/json";
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        let json: any;
        try { json = raw.length ? JSON.parse(raw.toString("utf8")) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, raw });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** A client bound to one emulator and version. */
export function client(emu: Emulator, version: ApiVersion, key = emu.key) {
  const call = (method: string, path: string, body?: unknown, query: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    send(method, apiUrl(emu, version, path, query), { body, key, headers });
  return {
    get: (path: string, query?: Record<string, string>) => call("GET", path, undefined, query),
    post: (path: string, body?: unknown, query?: Record<string, string>, headers?: Record<string, string>) => call("POST", path, body, query, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => call("PATCH", path, body, {}, headers),
    put: (path: string, body: Buffer, query?: Record<string, string>, headers?: Record<string, string>) =>
      call("PUT", path, body, query, { "Content-Type": "application/octet-stream", ...headers }),
    del: (path: string) => call("DELETE", path),
    call,
  };
}

/** The trailing UUID of a `self` URL. */
export const idOf = (self: string) => /\/([0-9a-f-]{36})(\?|$)/.exec(self)![1];

/** Poll Datasets_Get until terminal. */
export async function waitTerminal(c: ReturnType<typeof client>, id: string): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const r = await c.get(`/datasets/${id}`);
    if (r.json?.status === "Succeeded" || r.json?.status === "Failed") return r.json;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`dataset ${id} did not finish`);
}

/** Build a zip in memory. */
export function zip(files: Record<string, Buffer | string>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) z.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { mtime: new Date(0) });
  z.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    z.outputStream.on("data", (c: Buffer) => chunks.push(c));
    z.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    z.outputStream.on("error", reject);
  });
}

/** A loopback file server for contentUrl tests: serves `files` by path, 404 otherwise. */
export async function fileServer(files: Record<string, Buffer | string>): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    const body = files[req.url ?? ""];
    if (body === undefined) { res.writeHead(404).end(); return; }
    res.writeHead(200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
