/**
 * Random and adversarial HTTP at the emulator: random methods, paths, api-versions, ids and block
 * ids, JSON bodies (deeply nested, huge strings, wrong types), bad content types and non-JSON bytes.
 * With no fault configured the emulator must never answer 5xx, every 4xx must carry the spec's Error
 * body (a `code`), and it must still serve a valid request afterwards.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import fc from "fast-check";
import { startEmulator, Emulator } from "../../emulator";

const KEY = "fuzz-emulator-key-1";
let emu: Emulator;
const ids: string[] = [];

interface Answer {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
}

function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
    // Frame the body (Node would otherwise send a GET's body unframed, which is malformed HTTP).
    if (body !== undefined) headers = { ...headers, "content-length": String(body.length) };
    return new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port: emu.port, method, path, headers, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
            res.on("error", reject);
        });
        req.on("error", reject);
        req.setTimeout(10_000, () => req.destroy(new Error(`no answer within 10 s to ${method} ${path}`)));
        req.end(body);
    });
}

before(async () => {
    emu = await startEmulator({ key: KEY, processingStepMs: 5, retryAfterSeconds: 0 });
    // Real entities, so random requests also reach handlers of existing datasets and projects.
    for (const body of [
        { kind: "Language", locale: "en-US", displayName: "by url", contentUrl: "https://example.com/a.txt" },
        { kind: "Acoustic", locale: "en-US", displayName: "by blocks" },
    ]) {
        const r = await send("POST", "/speechtotext/datasets?api-version=2025-10-15", { "Ocp-Apim-Subscription-Key": KEY, "content-type": "application/json" }, Buffer.from(JSON.stringify(body)));
        assert.equal(r.status, 201, r.body.toString());
        ids.push(JSON.parse(r.body.toString()).self.split("?")[0].split("/").pop());
    }
    const p = await send("POST", "/speechtotext/projects?api-version=2025-10-15", { "Ocp-Apim-Subscription-Key": KEY, "content-type": "application/json" }, Buffer.from(JSON.stringify({ locale: "en-US", displayName: "p" })));
    assert.equal(p.status, 201, p.body.toString());
    ids.push(JSON.parse(p.body.toString()).self.split("?")[0].split("/").pop());
});

after(() => emu.close());

// ---- arbitraries ----------------------------------------------------------------------------------

const weird = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("", "..", "%2e%2e", "%00", "%ZZ", "%", "a%2Fb", "💥", " ", "null", "__proto__", "constructor"));
const id = fc.oneof(fc.constantFrom(...["0"].map(() => "")), fc.uuid(), fc.constantFrom("2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa", "ZZZZZZZZ-6f41-4a0a-9c5e-1c5b06a5b0aa"), weird).chain((x) =>
    fc.oneof(fc.constant(x), fc.constantFrom(...(ids.length ? ids : ["x"]))),
);
const versionRoot = fc.constantFrom("/speechtotext/v3.2", "/speechtotext", "/speechtotext/v3.1", "/speechtotext/v3.2/", "/SpeechToText", "", "/blobs");
const tail = fc.oneof(
    fc.constantFrom("/datasets", "/datasets/locales", "/projects", "/projects/locales", "/datasets/", "/", ""),
    id.map((i) => `/datasets/${encodeURIComponent(i)}`),
    id.map((i) => `/datasets/${encodeURIComponent(i)}/blocks`),
    id.map((i) => `/datasets/${encodeURIComponent(i)}/blocks:commit`),
    id.map((i) => `/datasets/${encodeURIComponent(i)}/files`),
    fc.tuple(id, id).map(([a, b]) => `/datasets/${encodeURIComponent(a)}/files/${encodeURIComponent(b)}`),
    id.map((i) => `/projects/${encodeURIComponent(i)}`),
    fc.tuple(id, fc.constantFrom("datasets", "models", "evaluations", "endpoints", "transcriptions", "x")).map(([i, s]) => `/projects/${encodeURIComponent(i)}/${s}`),
    fc.array(weird, { maxLength: 4 }).map((segs) => `/${segs.map(encodeURIComponent).join("/")}`),
);
const query = fc.record({
    "api-version": fc.option(fc.oneof(fc.constantFrom("2025-10-15", "2024-11-15", "v3.2", "2020-01-01", "", "2025-10-15,2024-11-15"), weird), { nil: undefined }),
    blockid: fc.option(fc.oneof(fc.base64String({ maxLength: 64 }), weird), { nil: undefined }),
    top: fc.option(fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), weird), { nil: undefined }),
    skip: fc.option(fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), weird), { nil: undefined }),
    filter: fc.option(fc.oneof(fc.constantFrom("displayName eq 'x'", "displayName eq 'it''s'", "status eq 'Succeeded' and kind eq 'Language'", "eq eq eq", "'"), weird), { nil: undefined }),
    sasValidityInSeconds: fc.option(fc.oneof(fc.integer().map(String), weird), { nil: undefined }),
}, { requiredKeys: [] }).map((q) => {
    const parts = Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`);
    return parts.length ? `?${parts.join("&")}` : "";
});
const deepJson = fc.integer({ min: 1, max: 3000 }).map((n) => "[".repeat(n) + "]".repeat(n));
const datasetish = fc.record({
    kind: fc.oneof(fc.constantFrom("Language", "Acoustic", "AudioFiles", "Pronunciation", "LanguageMarkdown", "OutputFormatting"), fc.jsonValue()),
    locale: fc.oneof(fc.constantFrom("en-US", "de-DE", "xx"), fc.jsonValue()),
    displayName: fc.oneof(fc.string(), fc.jsonValue(), fc.nat({ max: 200_000 }).map((n) => "d".repeat(n))),
    description: fc.jsonValue(),
    contentUrl: fc.oneof(fc.webUrl(), fc.constantFrom("https://data.invalid/x", "http://127.0.0.1:1/x", "not a url"), fc.jsonValue()),
    customProperties: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.jsonValue())), fc.jsonValue()),
    project: fc.oneof(fc.record({ self: fc.oneof(fc.webUrl(), fc.string()) }), fc.jsonValue()),
    properties: fc.oneof(fc.record({ textNormalizationKind: fc.jsonValue() }), fc.jsonValue()),
}, { requiredKeys: [] });
const body = fc.oneof(
    fc.constant(undefined),
    datasetish.map((b) => Buffer.from(JSON.stringify(b))),
    fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? "null")),
    fc.array(fc.record({ kind: fc.oneof(fc.constant("Latest"), fc.jsonValue()), id: fc.oneof(fc.base64String(), fc.jsonValue()) })).map((v) => Buffer.from(JSON.stringify(v))),
    deepJson.map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
    fc.string().map((s) => Buffer.from(`{"kind": ${s}`)),
    fc.nat({ max: 9 * 1024 * 1024 }).filter((n) => n > 8 * 1024 * 1024 - 16).map((n) => Buffer.alloc(n, 7)),
);
const contentType = fc.option(fc.oneof(
    fc.constantFrom("application/json", "application/merge-patch+json", "application/octet-stream", "text/plain", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/xml", ""),
    weird,
), { nil: undefined });
const method = fc.oneof(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"), fc.constantFrom("TRACE", "PROPFIND", "get", "FOO"));
const key = fc.oneof(fc.constant(KEY), fc.constant(KEY), fc.constant(KEY), fc.constantFrom("", "wrong", KEY.toUpperCase()), fc.constant(undefined));

const anything = fc.record({ method, root: versionRoot, tail, query, body, contentType, key });
/** Well-formed requests (right key, version and route shape) with random ids, params and bodies: they reach the handlers. */
const wellFormed = fc.record({
    method: fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE"),
    root: fc.constantFrom("/speechtotext/v3.2", "/speechtotext"),
    tail,
    query,
    body: fc.oneof(datasetish.map((b) => Buffer.from(JSON.stringify(b))), body),
    contentType: fc.constantFrom("application/json", "application/merge-patch+json", "application/octet-stream"),
    key: fc.constant(KEY),
}).map((r) => {
    const version = r.root.endsWith("v3.2") ? "" : fc.sample(fc.constantFrom("2025-10-15", "2024-11-15"), { numRuns: 1, seed: r.tail.length })[0];
    const q = r.query.replace(/(^\?|&)api-version=[^&]*/, "");
    const sep = q ? (q.startsWith("?") ? "&" : "&") : "";
    return { ...r, query: version ? `?api-version=${version}${sep}${q.replace(/^[?&]/, "")}` : q.replace(/^&/, "?") };
});
const request = fc.oneof(anything, wellFormed);

function codeOf(status: number, raw: Buffer): string | undefined {
    const b = JSON.parse(raw.toString("utf8")) as Record<string, any>;
    if (typeof b.code === "string") return b.code;
    // The Azure gateway's 401 body: { error: { code, message } }.
    if (status === 401 && b.error && typeof b.error.code === "string") return b.error.code;
    return undefined;
}

test("random requests: never 5xx without faults, every 4xx has an Error body with a code, still serving afterwards", async () => {
    const statuses = new Map<number, number>();
    const out = await fc.check(
        fc.asyncProperty(request, async (r) => {
            const headers: Record<string, string> = {};
            if (r.key !== undefined) headers["Ocp-Apim-Subscription-Key"] = r.key;
            if (r.contentType !== undefined) headers["content-type"] = r.contentType;
            const path = `${r.root}${r.tail}${r.query}` || "/";
            let a: Answer;
            try {
                a = await send(r.method, path.startsWith("/") ? path : `/${path}`, headers, r.body);
            } catch (e) {
                // Node's own HTTP parser refuses some methods/paths before the emulator sees them.
                if (/Invalid|ERR_INVALID|ERR_UNESCAPED/.test(String((e as { code?: string }).code ?? e))) return;
                throw e;
            }
            statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
            const what = `${r.method} ${path} (${r.body?.length ?? 0} bytes, ${r.contentType}) -> ${a.status} ${a.body.toString("utf8").slice(0, 300)}`;
            assert.ok(a.status < 500, what);
            // Node's HTTP parser answers a bare 400 to methods it does not know, before the emulator runs.
            const parserRefusal = !["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND"].includes(r.method) && a.status === 400 && a.body.length === 0;
            if (a.status >= 400 && r.method !== "HEAD" && !parserRefusal) {
                assert.match(String(a.headers["content-type"]), /json/, what);
                let code: string | undefined;
                assert.doesNotThrow(() => (code = codeOf(a.status, a.body)), what);
                assert.ok(code && code.length > 0, `no code: ${what}`);
            }
        }),
        { numRuns: 1000, seed: 424242, endOnFailure: true },
    );
    if (out.failed) {
        const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
        assert.fail(`seed ${out.seed} path ${out.counterexamplePath}: ${cause.slice(0, 2000)}`);
    }
    console.log(`emulator fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    assert.ok([...statuses.keys()].some((s) => s >= 200 && s < 300), "some requests were valid");
    assert.ok([...statuses.keys()].filter((s) => s >= 400).length >= 4, "many kinds of refusal were exercised");
    assert.deepEqual(Object.values(emu.faultCounts()).filter((n) => n > 0), [], "no fault was configured");

    // Still alive and correct.
    const ok = await send("GET", `/speechtotext/datasets/${ids[0]}?api-version=2025-10-15`, { "Ocp-Apim-Subscription-Key": KEY });
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.body.toString()).displayName, "by url");
    const made = await send("POST", "/speechtotext/v3.2/datasets", { "Ocp-Apim-Subscription-Key": KEY, "content-type": "application/json" },
        Buffer.from(JSON.stringify({ kind: "Language", locale: "en-US", displayName: "after fuzz", contentUrl: "https://example.com/b.txt" })));
    assert.equal(made.status, 201, made.body.toString());
});
