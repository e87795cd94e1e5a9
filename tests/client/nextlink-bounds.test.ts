/**
 * Pagination ends: a never-repeating @nextLink chain stops at MAX_LIST_PAGES pages, and a chain of full pages
 * at MAX_LIST_ITEMS entities, with a ResponseError naming the operation and the bound. Bounded by counts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { AddressInfo } from "node:net";
import { SpeechClient, MAX_LIST_ITEMS, MAX_LIST_PAGES } from "../../provider/client/speech-client";
import { ResponseError } from "../../provider/client/errors";

/** The documented bounds (the test servers stop on their own past them, so old code fails instead of hanging). */
const PAGES = 1000;
const ITEMS = 100_000;

async function serve(handler: (url: URL, base: string, n: number) => unknown): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
    let n = 0;
    let base = "";
    const server = http.createServer((req, res) => {
        n++;
        const body = JSON.stringify(handler(new URL(req.url ?? "/", base), base, n));
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url: base,
        requests: () => n,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
    };
}

function guid(i: number): string {
    return `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

test("the bounds are documented constants", () => {
    assert.equal(MAX_LIST_PAGES, PAGES);
    assert.equal(MAX_LIST_ITEMS, ITEMS);
});

test(`a never-repeating @nextLink chain stops after ${PAGES} pages`, async () => {
    const fake = await serve((_u, base, n) => ({
        values: [],
        ...(n <= PAGES + 50 ? { "@nextLink": `${base}/speechtotext/datasets?skiptoken=${n}-${Math.random()}&api-version=2025-10-15` } : {}),
    }));
    try {
        const c = new SpeechClient({ endpoint: fake.url, key: "nextlink-bounds-key-1", apiVersion: "2025-10-15" });
        await assert.rejects(
            c.listDatasets({ context: { action: "looking up", resourceType: "Speech dataset", resourceName: "ds" } }),
            (e: unknown) => {
                assert.ok(e instanceof ResponseError, String(e));
                assert.match(e.message, /^looking up Speech dataset "ds": Datasets_List/);
                assert.match(e.message, new RegExp(`after ${PAGES} pages \\(MAX_LIST_PAGES\\)`));
                return true;
            },
        );
        assert.ok(fake.requests() >= PAGES && fake.requests() <= PAGES + 1, `the server saw ${fake.requests()} requests`);
    } finally {
        await fake.close();
    }
});

test(`a chain of full pages stops past ${ITEMS} entities (projects)`, async () => {
    const perPage = 1000;
    const fake = await serve((_u, base, n) => ({
        values: Array.from({ length: perPage }, (_, i) => ({
            self: `${base}/speechtotext/projects/${guid(n * perPage + i)}?api-version=2025-10-15`,
            locale: "en-US",
            displayName: `p${i}`,
        })),
        ...(n <= ITEMS / perPage + 20 ? { "@nextLink": `${base}/speechtotext/projects?skip=${n * perPage}&api-version=2025-10-15` } : {}),
    }));
    try {
        const c = new SpeechClient({ endpoint: fake.url, key: "nextlink-bounds-key-2", apiVersion: "2025-10-15" });
        await assert.rejects(c.listProjects(), (e: unknown) => {
            assert.ok(e instanceof ResponseError, String(e));
            assert.match(e.message, /Projects_List/);
            assert.match(e.message, new RegExp(`more than ${ITEMS} entities \\(MAX_LIST_ITEMS\\)`));
            return true;
        });
        assert.equal(fake.requests(), ITEMS / perPage + 1, "the page that crosses the bound is the last one read");
    } finally {
        await fake.close();
    }
});

test("an @nextLink back to the first page stops at once, without fetching it again", async () => {
    const fake = await serve((_u, base, n) => ({
        values: [{ self: `${base}/speechtotext/datasets/${guid(n)}`, kind: "Language", locale: "en-US", status: "Succeeded" }],
        ...(n < 10 ? { "@nextLink": `${base}/speechtotext/datasets?api-version=2025-10-15` } : {}),
    }));
    try {
        const c = new SpeechClient({ endpoint: fake.url, key: "nextlink-bounds-key-3", apiVersion: "2025-10-15" });
        await assert.rejects(c.listDatasets(), /Datasets_List returned an @nextLink to a page it already returned/);
        assert.equal(fake.requests(), 1);
    } finally {
        await fake.close();
    }
});
