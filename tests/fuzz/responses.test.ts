/**
 * Oversized and malformed service answers: a tiny local HTTP server plays a broken or impostor
 * endpoint, and every SpeechClient call must end in a clear ResponseError / ServiceError /
 * TransportError (bounded in time and size), never a crash, a hang or a silently wrong result.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SpeechClient } from "../../provider/client/speech-client";
import { ResponseError, ServiceError, SpeechError, TransportError } from "../../provider/client/errors";

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let behaviour: Behaviour = (_q, res) => res.end();
let server: http.Server;
let endpoint = "";
let hits = 0;
const ID = "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa";
const KEY = "resp-fuzz-Key-0123456789";

before(async () => {
    server = http.createServer((req, res) => {
        hits++;
        req.resume();
        req.on("end", () => behaviour(req, res));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
});

function client(): SpeechClient {
    return new SpeechClient({ endpoint, key: KEY, apiVersion: "2025-10-15" }, { retry: { maxRetries: 1, initialDelayInMs: 1, maxDelayInMs: 5, attemptTimeoutInMs: 1500 } });
}

const reply = (status: number, contentType: string | undefined, body: string | Buffer, extra: Record<string, string> = {}): Behaviour => (_q, res) => {
    const headers: Record<string, string> = { ...extra };
    if (contentType) headers["content-type"] = contentType;
    res.writeHead(status, headers);
    res.end(body);
};
const json = (status: number, v: unknown) => reply(status, "application/json; charset=utf-8", JSON.stringify(v));
const html = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>" + "<p>portal</p>".repeat(200) + "</body></html>";

const calls = {
    get: (c: SpeechClient) => c.getDataset(ID),
    list: (c: SpeechClient) => c.listDatasets(),
    create: (c: SpeechClient) => c.createDataset({ kind: "Language", locale: "en-US", displayName: "x", contentUrl: "https://example.com/x" }),
    update: (c: SpeechClient) => c.updateDataset(ID, { description: "d" }),
    delete: (c: SpeechClient) => c.deleteDataset(ID),
    blocks: (c: SpeechClient) => c.getBlocks(ID),
    locales: (c: SpeechClient) => c.datasetLocales(),
};

interface Case {
    name: string;
    call: keyof typeof calls;
    behaviour: Behaviour;
    error: new (...a: any[]) => SpeechError;
    message: RegExp;
}

const bigJson = (bytes: number) => (_q: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(bytes + 15) });
    res.write('{"values":["');
    const chunk = Buffer.alloc(1024 * 1024, "a");
    let left = bytes;
    const pump = () => {
        while (left > 0) {
            const n = Math.min(left, chunk.length);
            left -= n;
            if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once("drain", pump);
        }
        res.end('"]}');
    };
    pump();
};

const cases: Case[] = [
    { name: "non-JSON under a JSON content type", call: "get", behaviour: reply(200, "application/json", "{not json"), error: ResponseError, message: /Datasets_Get returned a body that is not JSON \(HTTP 200, 9 bytes\); the endpoint may not be a Speech API/ },
    { name: "JSON of the wrong shape for a dataset", call: "get", behaviour: json(200, { hello: "world" }), error: ResponseError, message: /Datasets_Get returned something that is not a dataset/ },
    { name: "a dataset with a numeric kind", call: "create", behaviour: (q, r) => json(201, { self: `${endpoint}/speechtotext/datasets/${ID}`, kind: 7, locale: "en-US" })(q, r), error: ResponseError, message: /Datasets_Create returned something that is not a dataset/ },
    { name: "JSON null", call: "update", behaviour: reply(200, "application/json", "null"), error: ResponseError, message: /Datasets_Update returned something that is not a dataset/ },
    { name: "an empty 200", call: "get", behaviour: reply(200, "application/json", ""), error: ResponseError, message: /not a dataset/ },
    { name: "a 50 MB body", call: "list", behaviour: bigJson(50 * 1024 * 1024), error: ResponseError, message: /Datasets_List \(HTTP 200\) .*the limit is 16777216 bytes \(maxResponseBytes\), so reading stopped\. The endpoint may not be a Speech API/ },
    { name: "a truncated body (Content-Length larger than what is sent)", call: "get", behaviour: (_q, res) => { res.writeHead(200, { "content-type": "application/json", "content-length": "1000" }); res.write('{"self": "http://x/'); setTimeout(() => res.destroy(), 5); }, error: TransportError, message: /Datasets_Get failed: \w+/ },
    { name: "headers, then a body that never ends", call: "get", behaviour: (_q, res) => { res.writeHead(200, { "content-type": "application/json" }); res.write("{"); }, error: TransportError, message: /Datasets_Get failed: ETIMEDOUT: .*1500 ?ms/ },
    { name: "a 200 HTML page for a dataset", call: "get", behaviour: reply(200, "text/html; charset=utf-8", html), error: ResponseError, message: /^Datasets_Get returned text\/html \(HTTP 200, \d+ bytes\), not JSON; the endpoint may not be a Speech API$/ },
    { name: "a 200 HTML page for a list", call: "list", behaviour: reply(200, "text/html", html), error: ResponseError, message: /Datasets_List returned text\/html/ },
    { name: "a 200 HTML page for the locales", call: "locales", behaviour: reply(200, "text/html", html), error: ResponseError, message: /Datasets_ListSupportedLocales returned text\/html/ },
    { name: "a 200 HTML page for the blocks", call: "blocks", behaviour: reply(200, "text/html", html), error: ResponseError, message: /Datasets_GetBlocks returned text\/html/ },
    { name: "an error body without a code", call: "create", behaviour: json(400, { message: "bad thing" }), error: ServiceError, message: /creating|InvalidRequest: bad thing \(Datasets_Create, HTTP 400\)/ },
    { name: "an empty error body", call: "create", behaviour: reply(400, "application/json", "{}"), error: ServiceError, message: /InvalidRequest: HTTP 400 \(Datasets_Create, HTTP 400\)/ },
    { name: "an error body of the wrong types", call: "get", behaviour: json(409, { code: 42, message: ["x"], innerError: "y" }), error: ServiceError, message: /Conflict: HTTP 409 \(Datasets_Get, HTTP 409\)/ },
    { name: "a 500 HTML error page", call: "delete", behaviour: reply(500, "text/html", html), error: ServiceError, message: /InternalServerError: <!DOCTYPE html>.*\(Datasets_Delete, HTTP 500\)/ },
    { name: "a 401 from a gateway, plain text", call: "get", behaviour: reply(401, "text/plain", "Unauthorized"), error: ServiceError, message: /Unauthorized: Unauthorized \(Datasets_Get, HTTP 401\)\. Check the key/ },
    { name: "a redirect to a login page", call: "get", behaviour: reply(302, "text/html", html, { location: "https://login.example.com/" }), error: ServiceError, message: /HTTP302: .*\(Datasets_Get, HTTP 302\)/ },
    { name: "garbage declared as gzip", call: "get", behaviour: reply(200, "application/json", Buffer.from("definitely not gzip"), { "content-encoding": "gzip" }), error: TransportError, message: /Datasets_Get failed: \w+/ },
];

for (const c of cases) {
    test(`${c.call}: ${c.name} -> ${c.error.name}`, async () => {
        behaviour = c.behaviour;
        hits = 0;
        await assert.rejects(calls[c.call](client()), (e: unknown) => {
            assert.ok(e instanceof c.error, `${c.name}: expected ${c.error.name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
            const m = (e as Error).message;
            assert.match(m, c.message);
            assert.ok(m.length <= 1500, `the message stays short (${m.length} characters)`);
            assert.ok(!m.includes(KEY), "the key is not in the message");
            return true;
        });
        assert.ok(hits >= 1 && hits <= 2, `at most one retry (${hits} requests)`);
    });
}

test("after all that, a well-formed answer still works (no state poisoned)", async () => {
    behaviour = json(200, { self: `${endpoint}/speechtotext/datasets/${ID}?api-version=2025-10-15`, kind: "Language", locale: "en-US", displayName: "ok", status: "Succeeded", properties: {}, links: {} });
    const got = await client().getDataset(ID);
    assert.equal(got?.value.id, ID);
    assert.equal(got?.value.status, "Succeeded");
});

test("an @nextLink that repeats a page stops with a clear error instead of looping", async () => {
    let base = "";
    const srv = http.createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ values: [], "@nextLink": `${base}/speechtotext/datasets?skip=1&api-version=2025-10-15` }));
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
    try {
        const c = new SpeechClient({ endpoint: base, key: "k-1234567890", apiVersion: "2025-10-15" });
        await assert.rejects(c.listDatasets(), /already returned/);
    } finally {
        srv.close();
    }
});
