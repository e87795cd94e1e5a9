import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, Emulator } from "../../emulator";
import { SpeechClient } from "../../provider/client/speech-client";
import { waitForDataset } from "../../provider/client/poll";
import { ServiceError, InputError } from "../../provider/client/errors";
import { API_VERSIONS, ApiVersion } from "../../provider/client/versions";

let emu: Emulator;
before(async () => {
    emu = await startEmulator({ key: "client-test-key-1", processingStepMs: 20, retryAfterSeconds: 0, pageSize: 2 });
});
after(() => emu.close());

function client(apiVersion: ApiVersion) {
    return new SpeechClient({ endpoint: emu.url, key: emu.key, apiVersion }, { retry: { initialDelayInMs: 5, maxDelayInMs: 20 } });
}

for (const version of API_VERSIONS) {
    test(`${version}: create, wait, get, list across pages, update, delete`, async () => {
        const c = client(version);
        const created = await c.createDataset({
            kind: "Language",
            locale: "en-US",
            displayName: `ds-${version}`,
            description: "d",
            contentUrl: "https://example.com/data.txt",
            customProperties: { team: "asr" },
        });
        assert.match(created.id, /^[0-9a-f-]{36}$/);
        assert.equal(created.kind, "Language");
        assert.ok(["NotStarted", "Running", "Succeeded"].includes(created.status));
        const done = await waitForDataset(c, created.id, { timeoutInMs: 10_000, initialPollInMs: 10 });
        assert.equal(done.status, "Succeeded");
        assert.equal(typeof done.properties.acceptedLineCount, "number");
        assert.deepEqual(done.customProperties, { team: "asr" });

        for (let i = 0; i < 3; i++) {
            await c.createDataset({ kind: "Pronunciation", locale: "en-US", displayName: `more-${version}-${i}`, contentUrl: "https://example.com/p.txt" });
        }
        const all = await c.listDatasets();
        assert.ok(all.length >= 4, `pagination followed @nextLink (got ${all.length})`);
        assert.ok(all.some((d) => d.id === created.id));
        const filtered = await c.listDatasets({ filter: `displayName eq 'ds-${version}'` });
        assert.deepEqual(filtered.map((d) => d.id), [created.id]);

        const updated = await c.updateDataset(created.id, { displayName: "renamed", description: "e", customProperties: { team: "tts" } });
        assert.equal(updated.displayName, "renamed");
        assert.equal(updated.description, "e");
        assert.deepEqual(updated.customProperties, { team: "tts" });

        await c.deleteDataset(created.id);
        assert.equal(await c.getDataset(created.id), undefined);
        await c.deleteDataset(created.id); // 204 whether or not it existed
    });
}

test("durations have the same names on every version", async () => {
    const v32 = client("v3.2");
    const created = await v32.createDataset({ kind: "Language", locale: "en-US", displayName: "dur", contentUrl: "https://example.com/x.txt" });
    await waitForDataset(v32, created.id, { timeoutInMs: 10_000, initialPollInMs: 10 });
    for (const version of API_VERSIONS) {
        const d = (await client(version).getDataset(created.id))!.value;
        assert.equal(d.status, "Succeeded", version);
        if (d.properties.durationMilliseconds !== undefined) {
            assert.equal(typeof d.properties.duration, "string", version);
        }
    }
});

test("the spec's error shape becomes a ServiceError naming operation, code and message", async () => {
    const c = client("2025-10-15");
    await assert.rejects(
        c.createDataset({ kind: "Language", locale: "xx-XX", displayName: "bad", contentUrl: "https://example.com/x" }, { context: { action: "creating", resourceType: "Speech dataset", resourceName: "bad" } }),
        (e: unknown) => {
            assert.ok(e instanceof ServiceError, String(e));
            assert.equal(e.statusCode, 400);
            assert.equal(e.operationId, "Datasets_Create");
            assert.match(e.message, /^creating Speech dataset "bad": Invalid\w+/);
            return true;
        },
    );
});

test("a wrong key is a 401 whose message says what to check and never shows the key", async () => {
    const c = new SpeechClient({ endpoint: emu.url, key: "wrong-key-98765", apiVersion: "2025-10-15" });
    await assert.rejects(c.listDatasets(), (e: unknown) => {
        assert.ok(e instanceof ServiceError);
        assert.equal(e.statusCode, 401);
        assert.match(e.message, /speech:key/);
        assert.doesNotMatch(e.message, /wrong-key-98765/);
        return true;
    });
});

test("projects are refused before any request on 2024-11-15", async () => {
    const before = emu.exchanges.length;
    await assert.rejects(client("2024-11-15").createProject({ locale: "en-US", displayName: "p" }), InputError);
    await assert.rejects(
        client("2024-11-15").createDataset({ kind: "Language", locale: "en-US", displayName: "p", project: "https://x/projects/2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa", contentUrl: "https://example.com/x" }),
        /has no projects/,
    );
    assert.equal(emu.exchanges.length, before);
});

test("locales come back as kind -> locales on every version", async () => {
    for (const version of API_VERSIONS) {
        const l = await client(version).datasetLocales();
        assert.ok(l.Language?.includes("en-US"), version);
        assert.ok(Array.isArray(l.Acoustic), version);
    }
});

test("processing failure is reported with the service's error", async () => {
    const c = client("2025-10-15");
    const created = await c.createDataset({ kind: "Language", locale: "en-US", displayName: "unreachable", contentUrl: "https://data.invalid/x.txt" });
    const done = await waitForDataset(c, created.id, { timeoutInMs: 10_000, initialPollInMs: 10 });
    assert.equal(done.status, "Failed");
    assert.ok(done.properties.error?.code);
    assert.ok(done.properties.error?.message);
});

test("the wait is bounded and says what exists", async () => {
    const slow = await startEmulator({ key: "k-slow-12345", processingStepMs: 60_000, retryAfterSeconds: 0 });
    try {
        const c = new SpeechClient({ endpoint: slow.url, key: slow.key, apiVersion: "2025-10-15" });
        const created = await c.createDataset({ kind: "Language", locale: "en-US", displayName: "slow", contentUrl: "https://example.com/x" });
        await assert.rejects(waitForDataset(c, created.id, { timeoutInMs: 200, initialPollInMs: 20 }), (e: Error) => {
            assert.match(e.message, new RegExp(`dataset ${created.id} is still`));
            assert.match(e.message, /exists with id/);
            return true;
        });
    } finally {
        await slow.close();
    }
});
