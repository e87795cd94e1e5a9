/**
 * A gzip bomb (about 1 MiB on the wire, 1 GiB inflated) is cut at the default limit, counted after
 * decompression, without the process growing by anything near the inflated size. Bounded by bytes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import zlib from "node:zlib";
import { AddressInfo } from "node:net";
import { SpeechClient } from "../../provider/client/speech-client";
import { ResponseError } from "../../provider/client/errors";

const MiB = 1024 * 1024;
/** The documented default of maxResponseBytes (MAX_RESPONSE_BYTES in http.ts). */
const DEFAULT_LIMIT = 16 * MiB;

test("a 1 MiB gzip bomb stops at the default 16 MiB limit of decompressed bytes, with memory growth far below the inflated size", async () => {
    // 1024 gzip members of 1 MiB of zeros each: a valid multi-member gzip stream, ~1 MiB compressed, 1 GiB inflated.
    const member = zlib.gzipSync(Buffer.alloc(MiB), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 1024 }, () => member));
    assert.ok(bomb.length < DEFAULT_LIMIT, "the compressed body is under the limit: only decompressed bytes exceed it");
    let requests = 0;
    const server = http.createServer((_req, res) => {
        requests++;
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": bomb.length });
        res.end(bomb);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = new SpeechClient({ endpoint: url, key: "bounds-gzip-key-27182", apiVersion: "2025-10-15" }, { retry: { maxRetries: 2, initialDelayInMs: 1, maxDelayInMs: 5 } });

    const base = process.memoryUsage();
    const peak = { rss: base.rss, arrayBuffers: base.arrayBuffers };
    const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peak.rss = Math.max(peak.rss, m.rss);
        peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
    }, 2);
    try {
        await assert.rejects(c.getDataset("2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa"), (e: unknown) => {
            assert.ok(e instanceof ResponseError, String(e));
            assert.match(e.message, /Datasets_Get/);
            assert.match(e.message, new RegExp(`the limit is ${DEFAULT_LIMIT} bytes \\(maxResponseBytes\\)`));
            assert.match(e.message, /after decompression/);
            return true;
        });
    } finally {
        clearInterval(sampler);
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
    }
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
    const growth = { rss: peak.rss - base.rss, arrayBuffers: peak.arrayBuffers - base.arrayBuffers };
    assert.ok(growth.arrayBuffers < 200 * MiB, `arrayBuffers grew by ${Math.round(growth.arrayBuffers / MiB)} MiB`);
    assert.ok(growth.rss < 200 * MiB, `rss grew by ${Math.round(growth.rss / MiB)} MiB`);
    assert.equal(requests, 1, "a body over the limit is not retried");
});
