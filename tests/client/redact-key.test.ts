/**
 * The key never appears in an error of the HTTP client's failure modes, even when a hostile endpoint echoes
 * it back (in a body, a status, a link, a host name, any letter case): not in message, String(error), stack,
 * nor in any field util.inspect shows.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import zlib from "node:zlib";
import { inspect } from "node:util";
import { AddressInfo } from "node:net";
import { SpeechClient } from "../../provider/client/speech-client";
import { waitForDataset } from "../../provider/client/poll";
import { SpeechError } from "../../provider/client/errors";

const KEY = "Kq7ZxDistinctive5fE9wMkey";
const ID = "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, base: string) => void;
let handler: Handler = (_q, res) => res.end();
let server: http.Server;
let base = "";
before(async () => {
    server = http.createServer((req, res) => {
        // Whatever the endpoint does, it knows the key it was sent.
        assert.equal(req.headers["ocp-apim-subscription-key"], KEY);
        handler(req, res, base);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

function client() {
    return new SpeechClient({ endpoint: base, key: KEY, apiVersion: "2025-10-15" }, { maxResponseBytes: 64 * 1024, retry: { maxRetries: 1, initialDelayInMs: 1, maxDelayInMs: 2 } });
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
}

function dataset(b: string, status: string) {
    return { self: `${b}/speechtotext/datasets/${ID}?k=${KEY}`, kind: "Language", locale: "en-US", displayName: KEY, status };
}

/** Runs `call`, expects a SpeechError, and checks every rendering of it for the key in any case. */
async function assertNoKey(mode: string, call: () => Promise<unknown>, expected: RegExp) {
    let error: unknown;
    try {
        await call();
    } catch (e) {
        error = e;
    }
    assert.ok(error instanceof SpeechError, `${mode}: expected a SpeechError, got ${String(error)}`);
    assert.match(error.message, expected, mode);
    for (const [what, text] of Object.entries({ message: error.message, string: String(error), stack: error.stack ?? "", inspect: inspect(error, { depth: 5 }) })) {
        assert.ok(!text.toLowerCase().includes(KEY.toLowerCase()), `${mode}: the key is in ${what}: ${text}`);
    }
}

test("no failure mode of the client shows the key", async () => {
    const echo = `${KEY} ${KEY.toLowerCase()} ${KEY.toUpperCase()}`;
    const modes: [string, Handler, () => Promise<unknown>, RegExp][] = [
        ["service error echoing the key", (_q, res) => json(res, 400, { error: { code: `Bad${KEY}`, message: `key ${echo} is wrong`, innerError: { code: KEY, message: echo } } }), () => client().getDataset(ID), /Datasets_Get, HTTP 400/],
        ["401 echoing the key", (_q, res) => json(res, 401, { message: `Access denied for ${echo}` }), () => client().listDatasets(), /speech:key/],
        ["endless body of keys", (_q, res) => {
            res.writeHead(200, { "content-type": "application/json" });
            const chunk = Buffer.from(`"${KEY}",`.repeat(2000));
            const pump = () => { while (!res.destroyed && res.write(chunk)); if (!res.destroyed) res.once("drain", pump); };
            pump();
        }, () => client().getDataset(ID), /maxResponseBytes/],
        ["Content-Length over the limit", (_q, res) => { res.writeHead(200, { "content-type": "application/json", "content-length": 10_000_000, "x-echo": KEY }); res.write(KEY); }, () => client().getDataset(ID), /Content-Length/],
        ["gzip body over the limit", (_q, res) => {
            const gz = zlib.gzipSync(Buffer.from(`"${KEY}"`.repeat(10_000)));
            res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
            res.end(gz);
        }, () => client().getDataset(ID), /after decompression/],
        ["not JSON", (_q, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end(`<p>${echo}</p>`); }, () => client().getDataset(ID), /not JSON/],
        ["@nextLink to a host named after the key", (_q, res, b) => json(res, 200, { values: [], "@nextLink": `http://${KEY}.example:${new URL(b).port}/x?subscription-key=${KEY}` }), () => client().listDatasets(), /not the endpoint's origin/],
        ["@nextLink with the key as user info", (_q, res, b) => json(res, 200, { values: [], "@nextLink": b.replace("//", `//${KEY}:${KEY}@`) + `/${KEY}` }), () => client().listDatasets(), /user info/],
        ["@nextLink on another scheme", (_q, res) => json(res, 200, { values: [], "@nextLink": `ftp://${KEY}/` }), () => client().listProjects(), /not https/],
        ["@nextLink repeating a page", (_q, res, b) => json(res, 200, { values: [], "@nextLink": `${b}/speechtotext/datasets?api-version=2025-10-15&s=${KEY}` }), () => client().listDatasets(), /already returned/],
        ["unknown status that is the key", (_q, res, b) => json(res, 200, dataset(b, KEY.toLowerCase())), () => waitForDataset(client(), ID, { timeoutInMs: 5000, initialPollInMs: 1, maxPollInMs: 2 }), /has status/],
        ["deadline while the service echoes the key", (_q, res, b) => json(res, 200, dataset(b, "Running"), { "retry-after": "100000" }), () => waitForDataset(client(), ID, { timeoutInMs: 20, initialPollInMs: 1, maxPollInMs: 2 }), /is still Running/],
        ["socket destroyed mid-body", (_q, res) => { res.writeHead(200, { "content-type": "application/json" }); res.write(`{"k":"${KEY}`); setImmediate(() => res.socket?.destroy()); }, () => client().getDataset(ID), /Datasets_Get failed/],
        ["request to another origin", () => undefined, () => client().http.send({ operationId: "Datasets_Get", method: "GET", url: `http://${KEY}:${KEY}@${KEY}.example/${KEY}?sig=${KEY}`, idempotent: true }), /refusing to send/],
    ];
    for (const [mode, h, call, expected] of modes) {
        handler = h;
        await assertNoKey(mode, call, expected);
    }
});

test(`the page bound's error shows no key either`, async () => {
    let n = 0;
    // The server ends the chain itself past the bound, so that a client without one fails rather than hangs.
    handler = (_q, res, b) => json(res, 200, { values: [], ...(++n <= 1100 ? { "@nextLink": `${b}/speechtotext/datasets?skiptoken=${KEY}-${n}&api-version=2025-10-15` } : {}) });
    await assertNoKey("page bound", () => client().listDatasets(), /MAX_LIST_PAGES/);
});
