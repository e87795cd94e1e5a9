/**
 * The committed block list is read back after the commit and must be exactly what was sent; the
 * block-count limit is enforced before anything is sent. Local HTTP servers play a service that
 * misreports what it holds; the real emulator checks the 50,000-block limit on commit.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { Readable } from "node:stream";
import { startEmulator } from "../../emulator";
import { ServiceError } from "../../provider/client/errors";
import { SpeechClient } from "../../provider/client/speech-client";
import { uploadBlocks } from "../../provider/client/upload";

const ID = "5d0b7c8e-9a1f-4f43-8d47-3c2a1b0e9f10";

type Block = { name: string; size: number };

/**
 * A block service that stores sizes by id and, after a commit, lists `lie(committed)` as the
 * committed blocks. Counts every request.
 */
async function fakeService(lie: (committed: Block[]) => Block[], opts: { failPut?: boolean } = {}) {
    const sizes = new Map<string, number>();
    let committed: Block[] = [];
    const requests: string[] = [];
    const srv = http.createServer((req, res) => {
        const url = new URL(req.url!, "http://x");
        requests.push(`${req.method} ${url.pathname}`);
        let body = Buffer.alloc(0);
        req.on("data", (c: Buffer) => (body = Buffer.concat([body, c])));
        req.on("end", () => {
            if (req.method === "GET") {
                res.writeHead(200, { "content-type": "application/json" });
                return res.end(JSON.stringify({ committedBlocks: committed.length ? lie(committed) : [], uncommittedBlocks: [] }));
            }
            if (req.method === "PUT") {
                if (opts.failPut) {
                    res.writeHead(400, { "content-type": "application/json" });
                    return res.end(JSON.stringify({ code: "InvalidArgument", message: "no" }));
                }
                sizes.set(url.searchParams.get("blockid")!, body.length);
                return res.writeHead(201).end();
            }
            committed = (JSON.parse(body.toString()) as { id: string }[]).map((b) => ({ name: b.id, size: sizes.get(b.id)! }));
            res.writeHead(200).end();
        });
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as { port: number }).port;
    const client = new SpeechClient({ endpoint: `http://127.0.0.1:${port}`, key: "k-1234567890", apiVersion: "2025-10-15" }, { retry: { maxRetries: 0 } });
    return { client, requests, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

const data = () => Readable.from([Buffer.alloc(10_000, 7), Buffer.alloc(5_000, 9)]);

test("a truthful service: the committed list read back equals what was sent", async () => {
    const s = await fakeService((c) => c);
    try {
        const r = await uploadBlocks(s.client, ID, data(), { blockSizeInBytes: 4096, concurrency: 2 });
        assert.equal(r.blockIds.length, 4);
        assert.deepEqual(s.requests.filter((x) => x.startsWith("GET")).length, 2, "one look before, one after the commit");
    } finally {
        await s.close();
    }
});

for (const [what, lie, reason] of [
    ["a block missing", (c: Block[]) => c.slice(0, -1), /holds 3 committed blocks/],
    ["a block of another size", (c: Block[]) => c.map((b, i) => (i === 1 ? { ...b, size: b.size - 1 } : b)), /block 1:/],
    ["blocks in another order", (c: Block[]) => [c[1]!, c[0]!, ...c.slice(2)], /block 0:/],
    ["another block's id", (c: Block[]) => c.map((b, i) => (i === 2 ? { ...b, name: c[3]!.name } : b)), /block 2:/],
] as const) {
    test(`after the commit, ${what} in the service's list is an error naming the dataset`, async () => {
        const s = await fakeService(lie);
        try {
            await assert.rejects(uploadBlocks(s.client, ID, data(), { blockSizeInBytes: 4096, concurrency: 2 }), (e: Error) => {
                assert.ok(e.message.includes(ID), e.message);
                assert.match(e.message, /after the commit, dataset .* does not hold the blocks that were sent/);
                assert.match(e.message, reason);
                return true;
            });
        } finally {
            await s.close();
        }
    });
}

test("too many blocks for the known size: refused before any request", async () => {
    const s = await fakeService((c) => c, { failPut: true });
    try {
        const size = 50_001;
        await assert.rejects(uploadBlocks(s.client, ID, Readable.from([Buffer.alloc(size, 1)]), { blockSizeInBytes: 1, sizeInBytes: size, concurrency: 4 }), (e: Error) => {
            assert.match(e.message, /blockSizeInBytes: a block size of 1 bytes splits the data \(50001 bytes\) into 50001 blocks, more than the 50000 blocks/);
            assert.match(e.message, /at least 2/);
            assert.match(e.message, /Nothing was sent/);
            return true;
        });
        assert.deepEqual(s.requests, []);
    } finally {
        await s.close();
    }
});

test("the emulator refuses a block list of more than 50,000 blocks", async () => {
    const emu = await startEmulator({ processingStepMs: 20 });
    try {
        const c = new SpeechClient({ endpoint: emu.url, key: emu.key, apiVersion: "2025-10-15" }, { retry: { maxRetries: 0 } });
        const d = await c.createDataset({ kind: "Language", locale: "en-US", displayName: "many" });
        const ids = Array.from({ length: 50_001 }, (_, i) => Buffer.from(`id-${String(i).padStart(6, "0")}`).toString("base64"));
        await assert.rejects(c.commitBlocks(d.id, ids), (e: unknown) => e instanceof ServiceError && e.statusCode === 400 && /at most 50000 blocks/.test(e.message));
        assert.equal(emu.datasets()[0]!.committed, false);
    } finally {
        await emu.close();
    }
});
