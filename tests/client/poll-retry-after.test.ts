/**
 * Retry-After is capped everywhere, with one parser: a huge Retry-After neither ends the wait early nor
 * sleeps for hours; the deadline message states the time really spent. No test sleeps long: small caps,
 * assertions on counts and messages (timing only as lower bounds, which a loaded machine cannot break).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { AddressInfo } from "node:net";
import { SpeechClient } from "../../provider/client/speech-client";
import { waitForDataset, DEFAULT_MAX_POLL_IN_MS } from "../../provider/client/poll";
import { DeadlineError, ServiceError } from "../../provider/client/errors";
import { HttpObserver } from "../../provider/client/http";

const ID = "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa";

interface Reply {
    status?: number;
    datasetStatus?: string;
    headers?: http.OutgoingHttpHeaders;
    delayInMs?: number;
}

/** Serves Datasets_Get: `reply(n)` describes the n-th answer (1-based). */
async function serve(reply: (n: number) => Reply) {
    let gets = 0;
    let base = "";
    const server = http.createServer((_req, res) => {
        const r = reply(++gets);
        const send = () => {
            res.writeHead(r.status ?? 200, { "content-type": "application/json", ...r.headers });
            res.end(JSON.stringify(
                (r.status ?? 200) >= 400
                    ? { code: "ServiceUnavailable", message: "busy" }
                    : { self: `${base}/speechtotext/datasets/${ID}`, kind: "Language", locale: "en-US", displayName: "d", status: r.datasetStatus ?? "Running" },
            ));
        };
        if (r.delayInMs) setTimeout(send, r.delayInMs);
        else send();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        client: (observer?: HttpObserver) =>
            new SpeechClient({ endpoint: base, key: "poll-retry-after-key-1", apiVersion: "2025-10-15" }, { retry: { maxDelayInMs: 5, initialDelayInMs: 1 }, observer }),
        gets: () => gets,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
    };
}

test("a Retry-After of 100000 s is capped by maxPollInMs: the wait goes on polling and sees Succeeded", async () => {
    const fake = await serve((n) => ({ datasetStatus: n < 4 ? "Running" : "Succeeded", headers: { "retry-after": "100000" } }));
    try {
        const done = await waitForDataset(fake.client(), ID, { timeoutInMs: 600_000, initialPollInMs: 1, maxPollInMs: 5 });
        assert.equal(done.status, "Succeeded");
        assert.equal(fake.gets(), 4);
    } finally {
        await fake.close();
    }
});

test("a long Retry-After never fails the wait early: it polls until the deadline has really passed", async () => {
    const fake = await serve(() => ({ datasetStatus: "Running", headers: { "retry-after": "100000" } }));
    try {
        await assert.rejects(waitForDataset(fake.client(), ID, { timeoutInMs: 150, initialPollInMs: 1, maxPollInMs: 10 }), (e: unknown) => {
            assert.ok(e instanceof DeadlineError, String(e));
            const m = /is still Running after ([\d.]+)s \((\d+) polls/.exec(e.message);
            assert.ok(m, e.message);
            assert.ok(Number(m[1]) >= 0.1, `the wait ended after ${m[1]}s, before its 150 ms bound`);
            assert.ok(Number(m[2]) >= 2, `only ${m[2]} polls`);
            return true;
        });
        assert.ok(fake.gets() >= 2, `only ${fake.gets()} polls: the wait gave up on the first Retry-After`);
    } finally {
        await fake.close();
    }
});

test("the deadline message states the time really spent, not the configured bound", async () => {
    // The first answer takes 700 ms: the deadline (100 ms) passes during it.
    const fake = await serve(() => ({ datasetStatus: "NotStarted", delayInMs: 700, headers: { "retry-after": "100000" } }));
    try {
        await assert.rejects(waitForDataset(fake.client(), ID, { timeoutInMs: 100, initialPollInMs: 1, maxPollInMs: 10 }), (e: unknown) => {
            assert.ok(e instanceof DeadlineError, String(e));
            const m = /is still NotStarted after ([\d.]+)s/.exec(e.message);
            assert.ok(m, e.message);
            assert.ok(Number(m[1]) >= 0.7, `reported ${m[1]}s, but at least 0.7 s passed`);
            assert.match(e.message, /exists with id/);
            return true;
        });
        assert.equal(fake.gets(), 1);
    } finally {
        await fake.close();
    }
});

test("getDataset reads Retry-After with the one parser: decimal seconds and HTTP dates", async () => {
    const inAnHour = new Date(Date.now() + 3600_000).toUTCString();
    const fake = await serve((n) => ({ headers: { "retry-after": n === 1 ? "1.5" : inAnHour } }));
    try {
        const c = fake.client();
        assert.equal((await c.getDataset(ID))?.retryAfterMs, 1500);
        const dated = (await c.getDataset(ID))?.retryAfterMs;
        assert.ok(dated !== undefined && dated > 3_000_000 && dated <= 3_600_000, `Retry-After ${inAnHour} read as ${dated} ms`);
    } finally {
        await fake.close();
    }
});

test("the poll cap defaults to 30 s", () => {
    assert.equal(DEFAULT_MAX_POLL_IN_MS, 30_000);
});

test("http retries cap a huge Retry-After (seconds or date) at maxDelayInMs", async () => {
    const far = new Date(Date.now() + 28 * 3600_000).toUTCString();
    const fake = await serve((n) => (n <= 2 ? { status: 503, headers: { "retry-after": n === 1 ? "100000" : far } } : { datasetStatus: "Succeeded" }));
    try {
        const delays: number[] = [];
        const got = await fake.client((e) => { if (e.delayInMs !== undefined) delays.push(e.delayInMs); }).getDataset(ID);
        assert.equal(got?.value.status, "Succeeded");
        assert.deepEqual(delays, [5, 5]);
    } finally {
        await fake.close();
    }
    const failing = await serve(() => ({ status: 503, headers: { "retry-after": "100000" } }));
    try {
        await assert.rejects(failing.client().getDataset(ID), ServiceError);
        assert.equal(failing.gets(), 9, "the default 8 retries, each after a capped wait");
    } finally {
        await failing.close();
    }
});
