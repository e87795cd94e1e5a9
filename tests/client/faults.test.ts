import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, Emulator } from "../../emulator";
import { SpeechClient } from "../../provider/client/speech-client";
import { ServiceError, TransportError } from "../../provider/client/errors";

let emu: Emulator;
before(async () => {
    emu = await startEmulator({ key: "fault-test-key-1", processingStepMs: 10, retryAfterSeconds: 0 });
});
after(() => emu.close());

function client(attempts: { status?: number; errorCode?: string }[] = []) {
    return new SpeechClient(
        { endpoint: emu.url, key: emu.key, apiVersion: "2025-10-15" },
        { retry: { initialDelayInMs: 1, maxDelayInMs: 5, maxRetries: 6 }, observer: (e) => { if (e.delayInMs === undefined) attempts.push(e); } },
    );
}

test("GET is retried through 429 and 503 until it succeeds", async () => {
    emu.setFaults({ seed: 7, rate429: 0.3, rate503: 0.3, retryAfterSeconds: 0, methods: ["GET"] });
    try {
        const attempts: { status?: number }[] = [];
        const c = client(attempts);
        for (let i = 0; i < 10; i++) await c.datasetLocales();
        assert.ok(attempts.some((a) => a.status === 429 || a.status === 503), "faults were injected");
        assert.equal(attempts.filter((a) => a.status === 200).length, 10);
    } finally {
        emu.setFaults(undefined);
    }
});

test("connection resets on idempotent calls are retried", async () => {
    emu.setFaults({ seed: 3, rateReset: 0.4, methods: ["GET"] });
    try {
        const attempts: { errorCode?: string }[] = [];
        const c = client(attempts);
        for (let i = 0; i < 8; i++) await c.listDatasets();
        assert.ok(attempts.some((a) => a.errorCode), "resets were injected");
    } finally {
        emu.setFaults(undefined);
    }
});

test("POST is retried on 429 but not on 503 (the service may have acted)", async () => {
    emu.setFaults({ seed: 1, rate429: 1, retryAfterSeconds: 0, methods: ["POST"] });
    const c = new SpeechClient({ endpoint: emu.url, key: emu.key, apiVersion: "2025-10-15" }, { retry: { initialDelayInMs: 1, maxDelayInMs: 2, maxRetries: 2 } });
    try {
        await assert.rejects(c.createDataset({ kind: "Language", locale: "en-US", displayName: "x", contentUrl: "https://example.com/x" }), (e: unknown) => {
            assert.ok(e instanceof ServiceError);
            assert.equal(e.statusCode, 429);
            return true;
        });
        const posts429 = emu.exchanges.filter((x) => x.method === "POST" && x.status === 429).length;
        assert.equal(posts429, 3, "1 attempt + 2 retries");
        emu.setFaults({ seed: 1, rate503: 1, methods: ["POST"] });
        const before = emu.exchanges.filter((x) => x.method === "POST").length;
        await assert.rejects(c.createDataset({ kind: "Language", locale: "en-US", displayName: "x", contentUrl: "https://example.com/x" }), (e: unknown) => e instanceof ServiceError && e.statusCode === 503);
        assert.equal(emu.exchanges.filter((x) => x.method === "POST").length - before, 1, "no blind retry of POST on 503");
    } finally {
        emu.setFaults(undefined);
    }
});

test("a lost POST response is an ambiguous TransportError (the dataset exists)", async () => {
    emu.setFaults({ seed: 1, rateLostResponse: 1, methods: ["POST"] });
    const c = client();
    try {
        const n = emu.datasets().length;
        await assert.rejects(c.createDataset({ kind: "Language", locale: "en-US", displayName: "lost", contentUrl: "https://example.com/x" }), (e: unknown) => {
            assert.ok(e instanceof TransportError, String(e));
            assert.equal(e.ambiguous, true);
            return true;
        });
        assert.equal(emu.datasets().length, n + 1);
    } finally {
        emu.setFaults(undefined);
    }
});

test("a response that is not JSON is a clear error, not a crash", async () => {
    const http = await import("node:http");
    const srv = http.createServer((_req, res) => { res.writeHead(200, { "content-type": "application/json" }); res.end("<html>nope"); });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as { port: number }).port;
    try {
        const c = new SpeechClient({ endpoint: `http://127.0.0.1:${port}`, key: "k-1234567", apiVersion: "2025-10-15" });
        await assert.rejects(c.getDataset("2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa"), /not JSON.*may not be a Speech API/);
        await assert.rejects(c.listDatasets(), /not JSON/);
    } finally {
        srv.close();
    }
});
