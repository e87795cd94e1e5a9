/**
 * Statuses are compared as the service may send them (any case), normalised to NotStarted / Running /
 * Succeeded / Failed; an unknown status ends the wait at once with a ResponseError naming the dataset and
 * the status. Bounded by poll counts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { AddressInfo } from "node:net";
import { SpeechClient } from "../../provider/client/speech-client";
import { waitForDataset } from "../../provider/client/poll";
import { ResponseError } from "../../provider/client/errors";
import { datasetFromWire } from "../../provider/client/models";

const ID = "7d2f0a54-3c1e-4e8b-9a6f-0b1c2d3e4f50";

/** Serves Datasets_Get with statuses[n-1] on the n-th request (the last one repeats). */
async function serve(statuses: (string | undefined)[]) {
    let gets = 0;
    let base = "";
    const server = http.createServer((_req, res) => {
        const status = statuses[Math.min(gets++, statuses.length - 1)];
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({
            self: `${base}/speechtotext/datasets/${ID}`,
            kind: "Language",
            locale: "en-US",
            displayName: "d",
            status,
            properties: status?.toLowerCase() === "failed" ? { error: { code: "InvalidData", message: "no lines" } } : {},
        }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        client: () => new SpeechClient({ endpoint: base, key: "poll-status-key-1", apiVersion: "2025-10-15" }),
        gets: () => gets,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
    };
}

// A safety net only: each wait here must end long before it, by status.
const wait = { timeoutInMs: 3000, initialPollInMs: 1, maxPollInMs: 5 };

test("statuses in any casing are normalised, and a lower-case terminal status ends the wait", async () => {
    const fake = await serve(["notstarted", "RUNNING", " running ", "succeeded"]);
    try {
        const seen: string[] = [];
        const done = await waitForDataset(fake.client(), ID, { ...wait, onPoll: (d) => seen.push(d.status) });
        assert.equal(done.status, "Succeeded");
        assert.deepEqual(seen, ["NotStarted", "Running", "Running", "Succeeded"]);
        assert.equal(fake.gets(), 4);
    } finally {
        await fake.close();
    }
});

test("FAILED ends the wait as Failed, with the service's error", async () => {
    const fake = await serve(["Running", "FAILED"]);
    try {
        const done = await waitForDataset(fake.client(), ID, wait);
        assert.equal(done.status, "Failed");
        assert.equal(done.properties.error?.code, "InvalidData");
        assert.equal(fake.gets(), 2);
    } finally {
        await fake.close();
    }
});

for (const odd of ["Exploded", "", "Succeeded!"]) {
    test(`an unknown status (${JSON.stringify(odd)}) ends the wait at once with a ResponseError naming the dataset and the status`, async () => {
        const fake = await serve([odd]);
        try {
            await assert.rejects(
                waitForDataset(fake.client(), ID, { ...wait, context: { action: "creating", resourceType: "Speech dataset", resourceName: "ds" } }),
                (e: unknown) => {
                    assert.ok(e instanceof ResponseError, String(e));
                    assert.ok(e.message.startsWith(`creating Speech dataset "ds": dataset ${ID} has status ${JSON.stringify(odd)}`), e.message);
                    assert.match(e.message, /none of NotStarted, Running, Succeeded, Failed/);
                    return true;
                },
            );
            assert.equal(fake.gets(), 1);
        } finally {
            await fake.close();
        }
    });
}

test("datasetFromWire returns the canonical casing; a missing status is NotStarted; an unknown one is kept as sent", () => {
    const wire = (status: unknown) => ({ self: `https://x/speechtotext/datasets/${ID}`, kind: "Language", locale: "en-US", status });
    assert.equal(datasetFromWire(wire("sUcCeEdEd"), "2025-10-15", "Datasets_Get").status, "Succeeded");
    assert.equal(datasetFromWire(wire("NOTSTARTED"), "v3.2", "Datasets_Get").status, "NotStarted");
    assert.equal(datasetFromWire(wire("failed"), "2024-11-15", "Datasets_Get").status, "Failed");
    assert.equal(datasetFromWire(wire(undefined), "2025-10-15", "Datasets_Get").status, "NotStarted");
    assert.equal(datasetFromWire(wire("Exploded"), "2025-10-15", "Datasets_Get").status, "Exploded");
});
