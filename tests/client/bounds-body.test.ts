/**
 * Response bodies are limited while they stream: reading stops at maxResponseBytes, the socket is closed,
 * and a ResponseError names the operation and the limit. Bounded by bytes, never by time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import zlib from "node:zlib";
import { AddressInfo } from "node:net";
import { SpeechClient } from "../../provider/client/speech-client";
import { ResponseError } from "../../provider/client/errors";
import { MAX_RESPONSE_BYTES } from "../../provider/client/http";

const ID = "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa";
const KEY = "bounds-body-key-31415";
/** The server stops by itself here if the client never aborts. */
const CAP = 64 * 1024 * 1024;

interface Fake {
    url: string;
    requests: number;
    close(): Promise<void>;
}

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Fake> {
    const server = http.createServer((req, res) => {
        fake.requests++;
        handler(req, res);
    });
    const fake: Fake = {
        url: "",
        requests: 0,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
    };
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
}

function client(url: string, maxResponseBytes?: number) {
    return new SpeechClient(
        { endpoint: url, key: KEY, apiVersion: "2025-10-15" },
        { maxResponseBytes, retry: { initialDelayInMs: 1, maxDelayInMs: 5, maxRetries: 3, attemptTimeoutInMs: 120_000 } },
    );
}

/** Writes JSON-looking filler until CAP bytes or until the client goes away; resolves with what it managed. */
function endless(res: http.ServerResponse, headers: http.OutgoingHttpHeaders): Promise<{ written: number; clientClosed: boolean }> {
    return new Promise((resolve) => {
        res.writeHead(200, { "content-type": "application/json", ...headers });
        const chunk = Buffer.from(`[${"0,".repeat(32 * 1024 - 1)}`.slice(0, 64 * 1024));
        let written = 0;
        let done = false;
        const finish = (clientClosed: boolean) => {
            if (done) return;
            done = true;
            resolve({ written, clientClosed });
        };
        res.on("close", () => finish(!res.writableFinished));
        res.on("error", () => finish(true));
        const pump = () => {
            while (!done && !res.destroyed) {
                if (written >= CAP) {
                    res.end("0]", () => finish(false));
                    return;
                }
                written += chunk.length;
                if (!res.write(chunk)) {
                    res.once("drain", pump);
                    return;
                }
            }
        };
        pump();
    });
}

test("an endless body is cut at maxResponseBytes: the client closes the connection long before the server's 64 MiB", async () => {
    let outcome: Promise<{ written: number; clientClosed: boolean }> | undefined;
    const fake = await serve((_req, res) => { outcome = endless(res, {}); });
    try {
        const limit = 1024 * 1024;
        await assert.rejects(client(fake.url, limit).getDataset(ID), (e: unknown) => {
            assert.ok(e instanceof ResponseError, String(e));
            assert.match(e.message, /Datasets_Get/);
            assert.match(e.message, new RegExp(`more than ${limit} bytes .*the limit is ${limit} bytes \\(maxResponseBytes\\)`));
            return true;
        });
        const { written, clientClosed } = await outcome!;
        assert.equal(clientClosed, true, `the server wrote all ${written} bytes: the client never aborted`);
        assert.ok(written < CAP / 2, `the server managed to write ${written} bytes before the client aborted`);
        assert.equal(fake.requests, 1, "a body over the limit is not retried");
    } finally {
        await fake.close();
    }
});

test("a Content-Length over the limit fails before the body is read", async () => {
    let outcome: Promise<{ written: number; clientClosed: boolean }> | undefined;
    const fake = await serve((_req, res) => { outcome = endless(res, { "content-length": String(CAP + 2) }); });
    try {
        await assert.rejects(client(fake.url, 4096).getDataset(ID), (e: unknown) => {
            assert.ok(e instanceof ResponseError, String(e));
            assert.match(e.message, new RegExp(`announced a ${CAP + 2}-byte body \\(Content-Length\\)`));
            assert.match(e.message, /the limit is 4096 bytes \(maxResponseBytes\)/);
            return true;
        });
        const { written, clientClosed } = await outcome!;
        assert.equal(clientClosed, true);
        assert.ok(written < CAP / 2, `the server managed to write ${written} bytes`);
    } finally {
        await fake.close();
    }
});

test("the limit counts decompressed bytes: a small gzip body that inflates past it fails, one that fits is read", async () => {
    const inflated = Buffer.alloc(256 * 1024, 0x20); // JSON whitespace
    const json = Buffer.concat([inflated, Buffer.from(JSON.stringify({ self: `x/datasets/${ID}`, kind: "Language", locale: "en-US", status: "Succeeded" }))]);
    const gz = zlib.gzipSync(json);
    assert.ok(gz.length < 4096, "the compressed body is smaller than the limit");
    const fake = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": gz.length });
        res.end(gz);
    });
    try {
        await assert.rejects(client(fake.url, 64 * 1024).getDataset(ID), (e: unknown) => {
            assert.ok(e instanceof ResponseError, String(e));
            assert.match(e.message, /the limit is 65536 bytes \(maxResponseBytes\)/);
            assert.match(e.message, /after decompression/);
            return true;
        });
        const got = await client(fake.url, 1024 * 1024).getDataset(ID);
        assert.equal(got?.value.id, ID);
        assert.equal(got?.value.status, "Succeeded");
    } finally {
        await fake.close();
    }
});

test("the default limit is 16 MiB", () => {
    assert.equal(MAX_RESPONSE_BYTES, 16 * 1024 * 1024);
});
