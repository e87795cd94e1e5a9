/**
 * Property tests of the dataset hooks' `check` and `diff` over random and adversarial inputs:
 * whatever the engine sends (any Struct: JSON values, NaN/Infinity, odd keys, the unknown sentinel,
 * huge strings, asset/archive/secret wire shapes), check answers with failures that name an input,
 * never throws and never sends a request; diff never throws and only replaces what it reports changed.
 *
 * Requests are observed twice: the connection points at an emulator (its exchanges must stay empty),
 * and every outgoing HTTP request of this process is seen through diagnostics_channel.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import diagnostics from "node:diagnostics_channel";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { startEmulator, Emulator } from "../../emulator";
import { check, diff } from "../../provider/hooks/dataset";
import { clientFor, setConfigLayer, UNKNOWN } from "../../provider/hooks/context";

const RUNS = 1000;
const SIG = "4dabf18193072939515e22adb298388d";
const ASSET = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

/** Every input the Dataset resource has (what a failure may name), plus what the class adds. */
const INPUT_KEYS = [
    "kind", "locale", "displayName", "description", "contentUrl", "source", "project", "projectLocale", "customProperties",
    "textNormalizationKind", "processingTimeoutInMs", "blockSizeInBytes", "uploadConcurrency", "endpoint", "region", "key",
    "apiVersion", "retry", "createToken", "resourceName",
];

const valid = {
    kind: "Language",
    locale: "en-US",
    displayName: "fuzzed",
    description: "d",
    contentUrl: "https://acct.blob.core.windows.net/c/data.txt?sv=1&sig=abc",
    customProperties: { team: "asr" },
    retry: { initialDelayInMs: 1 },
    createToken: "0123456789abcdef0123456789abcdef",
    resourceName: "fuzzed",
};

let emu: Emulator;
let requests: string[] = [];
let workdir: string;
const previousCwd = process.cwd();
const onRequest = (m: unknown) => {
    const req = (m as { request?: { method?: string; host?: string; path?: string } }).request;
    requests.push(`${req?.method} ${req?.host}${req?.path}`);
};
const onUndici = (m: unknown) => requests.push(`fetch ${String((m as { request?: { origin?: string } }).request?.origin)}`);

before(async () => {
    emu = await startEmulator({ key: "fuzz-check-key-000" });
    setConfigLayer({ endpoint: emu.url, key: emu.key, apiVersion: "2025-10-15" });
    diagnostics.subscribe("http.client.request.start", onRequest);
    diagnostics.subscribe("undici:request:create", onUndici);
    // Asset and archive paths are relative to the project directory: make it a small, known one, so a
    // random path such as "." cannot make check hash the whole repository.
    workdir = mkdtempSync(path.join(tmpdir(), "pcs-fuzz-"));
    writeFileSync(path.join(workdir, "a.txt"), "hello world\n");
    mkdirSync(path.join(workdir, "dir"));
    writeFileSync(path.join(workdir, "dir", "b.txt"), "more words\n");
    process.chdir(workdir);
});

after(async () => {
    diagnostics.unsubscribe("http.client.request.start", onRequest);
    diagnostics.unsubscribe("undici:request:create", onUndici);
    process.chdir(previousCwd);
    rmSync(workdir, { recursive: true, force: true });
    await emu.close();
});

// ---- arbitraries ----------------------------------------------------------------------------------

const nastyString = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.constantFrom(
        "", " ", UNKNOWN, "__proto__", "constructor", "toString", "null", "undefined", "NaN", "en-US", "xx-XX", "EN-us",
        "Language", "language", "Acoustic ", "Default", "None", "v3.2", "2025-10-15", "2024-11-15", "2020-01-01",
        "https://", "https://x", "http://127.0.0.1:1/", "ftp://x/y", "https://user:pw@host/x", "https://acct.blob.core.windows.net/c/a?sig=%",
        "javascript:alert(1)", "data:text/plain,hi", "file:///etc/passwd", "\u0000", "\uD800", "a\nb", "💥".repeat(70),
        "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa", "https://x/speechtotext/projects/2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa",
        "westeurope", "West Europe", "https://myspeech.cognitiveservices.azure.com", ".", "..", "/", "a.txt", "dir", "missing.zip",
    ),
    fc.nat({ max: 40_000 }).map((n) => "x".repeat(n)),
);
const nastyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 2 ** 53, 1e308, 8 * 1024 * 1024 + 1));
const scalar = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null));
const nastyKey = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("__proto__", "constructor", "pulumiCreateToken", "", "k".repeat(65), "a.b", UNKNOWN));
const wireShape = fc.oneof(
    fc.record({ [SIG]: fc.constant(ASSET), path: fc.option(nastyString, { nil: undefined }), text: fc.option(nastyString, { nil: undefined }), uri: fc.option(nastyString, { nil: undefined }) }, { requiredKeys: [SIG] }),
    fc.record({ [SIG]: fc.constant(ARCHIVE), path: fc.option(nastyString, { nil: undefined }), assets: fc.option(fc.dictionary(nastyKey, fc.record({ [SIG]: fc.constant(ASSET), text: nastyString })), { nil: undefined }) }, { requiredKeys: [SIG] }),
    fc.record({ [SIG]: fc.constant(SECRET), value: scalar }),
    fc.record({ [SIG]: nastyString }),
);
const { value: anyValue } = fc.letrec((tie) => ({
    value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        scalar,
        wireShape,
        fc.array(tie("value"), { maxLength: 5 }),
        fc.dictionary(nastyKey, tie("value"), { maxKeys: 6 }),
    ),
}));
/** Deeply nested objects (1..600 levels). */
const deep = fc.integer({ min: 1, max: 600 }).map((n) => {
    let v: unknown = "bottom";
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
});

const inputValue = fc.oneof(anyValue, deep, fc.constant(UNKNOWN), fc.constant(undefined));
/** Valid inputs with some keys replaced, removed or added. */
const mutated = fc
    .tuple(
        fc.dictionary(fc.constantFrom(...INPUT_KEYS), inputValue, { maxKeys: 6 }),
        fc.subarray(Object.keys(valid)),
        fc.dictionary(nastyKey, anyValue, { maxKeys: 3 }),
    )
    .map(([changes, removed, extra]) => {
        const out: Record<string, unknown> = { ...valid, ...extra };
        for (const k of removed) delete out[k];
        for (const [k, v] of Object.entries(changes)) out[k] = v;
        return out;
    });
const anyInputs = fc.oneof(mutated, fc.dictionary(fc.oneof(fc.constantFrom(...INPUT_KEYS), nastyKey), inputValue, { maxKeys: 12 }));

/** fc.assert, with a failure report that stays readable when the counterexample holds 300 kB strings. */
async function holds<T>(prop: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>, params: fc.Parameters<T>): Promise<void> {
    const out = await fc.check(prop as fc.IAsyncProperty<T>, { ...params});
    if (!out.failed) return;
    const shown = JSON.stringify(out.counterexample, (_k, v) => (typeof v === "string" && v.length > 80 ? `${v.slice(0, 60)}…(${v.length} chars)` : v === undefined ? "<undefined>" : v));
    const cause = out.errorInstance instanceof Error ? `${out.errorInstance.name}: ${out.errorInstance.message}` : String(out.errorInstance);
    throw new Error(`property failed (seed ${out.seed}, path ${out.counterexamplePath}): ${cause}\ncounterexample: ${(shown ?? "").slice(0, 3000)}`);
}

function namesAnInput(property: string): boolean {
    return INPUT_KEYS.some((k) => property === k || property.startsWith(`${k}.`) || property.startsWith(`${k}[`));
}

// ---- properties -----------------------------------------------------------------------------------

test("control: the request observers do see a request the provider's client sends", async () => {
    requests = [];
    await clientFor({}).datasetLocales();
    assert.equal(requests.length, 1, "diagnostics_channel saw got's request");
    assert.equal(emu.exchanges.length, 1, "the emulator saw it");
    emu.reset();
    requests = [];
});

test("check never throws, every failure names an input, and no request is sent", async () => {
    requests = [];
    let withFailures = 0;
    await holds(
        fc.asyncProperty(fc.oneof(anyInputs, fc.constant({})), anyInputs, async (olds, news) => {
            const before = JSON.stringify(news, (_k, v) => (v === undefined ? "<undefined>" : v));
            const res = await check(olds, news);
            assert.ok(res && typeof res === "object" && Array.isArray(res.failures) && res.inputs && typeof res.inputs === "object");
            for (const f of res.failures) {
                assert.equal(typeof f.property, "string");
                assert.ok(f.property.length > 0, `a failure without a property: ${JSON.stringify(f)}`);
                assert.ok(namesAnInput(f.property), `failure property ${JSON.stringify(f.property)} is not an input (${f.reason})`);
                assert.equal(typeof f.reason, "string");
                assert.ok(f.reason.trim().length > 0, `empty reason for ${f.property}`);
                // A reason may quote the value, but stays bounded by it.
                const top = f.property.split(/[.[]/)[0];
                const size = (JSON.stringify(news[top]) ?? "").length;
                assert.ok(f.reason.length <= 1000 + 2 * size, `reason for ${f.property} is ${f.reason.length} characters for a ${size}-character value`);
            }
            if (res.failures.length) withFailures++;
            // check copies: the engine's object is not edited
            assert.equal(JSON.stringify(news, (_k, v) => (v === undefined ? "<undefined>" : v)), before);
        }),
        { numRuns: RUNS, seed: 20251015},
    );
    assert.ok(withFailures > RUNS / 2, "most random inputs are rejected");
    assert.deepEqual(requests, [], "check sent no HTTP request");
    assert.equal(emu.exchanges.length, 0, "the emulator the connection points at saw nothing");
});

test("check accepts the valid inputs it is built around (the generator is not all noise)", async () => {
    const res = await check({}, { ...valid });
    assert.deepEqual(res.failures, []);
});

test("diff never throws, replaces ⊆ changed, changes ⇔ something changed; no request", async () => {
    requests = [];
    const outputs = fc.tuple(anyInputs, fc.record({
        datasetId: fc.oneof(nastyString, fc.constant("2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa")),
        status: fc.oneof(fc.constantFrom("Succeeded", "Failed", "NotStarted", "Running"), anyValue),
        endpointUsed: fc.oneof(fc.constant(emu.url), nastyString, anyValue),
        createSettled: fc.oneof(fc.constant(false), anyValue),
    }, { requiredKeys: [] })).map(([i, o]) => ({ ...i, ...o }));
    await holds(
        fc.property(nastyString, fc.oneof(outputs, mutated.map((m) => ({ ...m, status: "Succeeded", endpointUsed: emu.url }))), anyInputs, (id, olds, news) => {
            const d = diff(id, olds, news);
            assert.equal(typeof d.changes, "boolean");
            assert.ok(Array.isArray(d.replaces) && Array.isArray(d.changed));
            for (const p of d.replaces) assert.ok(d.changed.includes(p), `replaces ${p} but does not report it changed`);
            assert.equal(d.changes, d.changed.length > 0);
            for (const p of d.changed) assert.ok(namesAnInput(p), `changed ${p} is not an input`);
            assert.equal(new Set(d.replaces).size, d.replaces.length, "no duplicates in replaces");
            assert.equal(d.deleteBeforeReplace, false);
        }),
        { numRuns: RUNS, seed: 7},
    );
    // Same valid inputs on both sides (outputs = inputs, service fine): no change at all.
    const validInputs = fc.record({
        kind: fc.constantFrom("Acoustic", "AudioFiles", "Language", "LanguageMarkdown", "Pronunciation", "OutputFormatting"),
        locale: fc.constantFrom("en-US", "de-DE", "ja-JP", "zh-Hans-CN"),
        displayName: fc.string({ minLength: 1, maxLength: 30 }).filter((x) => x.trim().length > 0),
        description: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
        contentUrl: fc.tuple(fc.webPath(), fc.webQueryParameters()).map(([p, q]) => `https://acct.blob.core.windows.net/c${p}?${q}&sig=abc`),
        customProperties: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }).filter((k) => k !== "pulumiCreateToken"), fc.string({ maxLength: 20 }), { maxKeys: 9 }), { nil: undefined }),
        textNormalizationKind: fc.option(fc.constantFrom("Default", "None"), { nil: undefined }),
        processingTimeoutInMs: fc.option(fc.nat({ max: 3_600_000 }), { nil: undefined }),
        retry: fc.option(fc.record({ maxRetries: fc.nat(10), initialDelayInMs: fc.nat(1000) }, { requiredKeys: [] }), { nil: undefined }),
    }, { requiredKeys: ["kind", "locale", "displayName", "contentUrl"] });
    await holds(
        fc.asyncProperty(validInputs, async (news) => {
            const { inputs, failures } = await check({}, news);
            assert.deepEqual(failures, [], JSON.stringify(news).slice(0, 300));
            const olds = { ...inputs, status: "Succeeded", endpointUsed: emu.url };
            const d = diff("id", olds, inputs);
            assert.deepEqual(d.changed, [], JSON.stringify(inputs).slice(0, 300));
        }),
        { numRuns: RUNS, seed: 8},
    );
    assert.deepEqual(requests, []);
    assert.equal(emu.exchanges.length, 0);
});
