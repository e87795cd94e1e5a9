import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { check } from "../../provider/hooks/dataset";
import { setConfigLayer, UNKNOWN } from "../../provider/hooks/context";

const valid = {
    kind: "Language",
    locale: "en-US",
    displayName: "My dataset",
    contentUrl: "https://acct.blob.core.windows.net/c/data.txt?sv=1&sig=abc",
    endpoint: "https://myspeech.cognitiveservices.azure.com",
    key: "0123456789",
};

beforeEach(() => setConfigLayer({}));

async function failuresOf(news: Record<string, unknown>) {
    return (await check({}, news)).failures;
}

test("valid inputs pass", async () => {
    assert.deepEqual(await failuresOf(valid), []);
});

test("each bad input fails naming the property and the reason", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
        [{ kind: "Audio" }, "kind", /one of Acoustic, AudioFiles/],
        [{ kind: undefined }, "kind", /required/],
        [{ locale: "english" }, "locale", /BCP-47/],
        [{ locale: undefined }, "locale", /required/],
        [{ displayName: "" }, "displayName", /empty/],
        [{ description: 42 }, "description", /string/],
        [{ contentUrl: "data.txt" }, "contentUrl", /absolute URL/],
        [{ contentUrl: "ftp://x/y" }, "contentUrl", /http/],
        [{ contentUrl: undefined }, "contentUrl", /contentUrl.*or source/],
        [{ customProperties: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "v"])) }, "customProperties", /10 entries; at most 9/],
        [{ customProperties: { ["k".repeat(65)]: "v" } }, "customProperties", /at most 64/],
        [{ customProperties: { a: "v".repeat(257) } }, "customProperties.a", /at most 256/],
        [{ customProperties: { a: 1 } }, "customProperties.a", /string/],
        [{ customProperties: { pulumiCreateToken: "x" } }, "customProperties.pulumiCreateToken", /reserved/],
        [{ endpoint: "http://myspeech.cognitiveservices.azure.com" }, "endpoint", /https/],
        [{ region: "westeurope" }, "region", /either endpoint or region/],
        [{ apiVersion: "v3.1" }, "apiVersion", /2025-10-15/],
        [{ project: "not-a-guid" }, "project", /GUID/],
        [{ project: "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa", apiVersion: "2024-11-15" }, "project", /2024-11-15 has no projects/],
        [{ textNormalizationKind: "Some" }, "textNormalizationKind", /Default, None/],
        [{ processingTimeoutInMs: -1 }, "processingTimeoutInMs", /non-negative/],
        [{ retry: { maxRetries: "3" } }, "retry.maxRetries", /number/],
        [{ retry: { tries: 3 } }, "retry.tries", /not a retry option/],
        [{ projectLocale: "de-DE", project: "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa" }, "locale", /project's locale is de-DE/],
    ];
    for (const [change, property, reason] of cases) {
        const failures = await failuresOf({ ...valid, ...change });
        const hit = failures.find((f) => f.property === property);
        assert.ok(hit, `${JSON.stringify(change).slice(0, 80)} -> expected a failure on ${property}, got ${JSON.stringify(failures)}`);
        assert.match(hit.reason, reason);
    }
});

test("a missing key is a failure that says how to set it", async () => {
    const saved = process.env.SPEECH_KEY;
    delete process.env.SPEECH_KEY;
    try {
        const failures = await failuresOf({ ...valid, key: undefined });
        assert.equal(failures.length, 1);
        assert.equal(failures[0].property, "key");
        assert.match(failures[0].reason, /speech:key/);
    } finally {
        if (saved !== undefined) process.env.SPEECH_KEY = saved;
    }
});

test("stack config fills in what inputs leave out", async () => {
    setConfigLayer({ region: "eastus", key: "config-key-12345" });
    assert.deepEqual(await failuresOf({ ...valid, endpoint: undefined, key: undefined }), []);
    setConfigLayer({ region: "eastus", key: "config-key-12345", apiVersion: "2024-11-15" });
    const f = await failuresOf({ ...valid, endpoint: undefined, key: undefined, project: "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa" });
    assert.equal(f[0]?.property, "project");
});

test("values unknown during preview are tolerated", async () => {
    const news = { kind: UNKNOWN, locale: UNKNOWN, displayName: UNKNOWN, contentUrl: UNKNOWN, endpoint: UNKNOWN, key: UNKNOWN, customProperties: { a: UNKNOWN }, project: UNKNOWN };
    assert.deepEqual(await failuresOf(news), []);
});

test("check returns the inputs unchanged when valid", async () => {
    const r = await check({}, valid);
    assert.deepEqual(r.inputs, valid);
});

test("the API version from config decides about projects even when no key is set yet", async () => {
    setConfigLayer({ apiVersion: "2024-11-15" });
    const saved = process.env.SPEECH_KEY;
    delete process.env.SPEECH_KEY;
    try {
        const f = await failuresOf({ ...valid, key: undefined, project: "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa" });
        assert.ok(f.some((x) => x.property === "project" && /2024-11-15 has no projects/.test(x.reason)), JSON.stringify(f));
    } finally {
        if (saved !== undefined) process.env.SPEECH_KEY = saved;
    }
});
