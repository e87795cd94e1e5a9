/**
 * Block upload memory: a large file is streamed, never buffered whole. The service side is a
 * local server that discards block bodies, so only the client's memory is measured.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";
import { createHash } from "node:crypto";
import { SpeechClient } from "../../provider/client/speech-client";
import { uploadBlocks } from "../../provider/client/upload";

const MiB = 1024 * 1024;
const ID = "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa";

test("uploading a 96 MiB file keeps memory bounded to a few blocks", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcs-up-"));
    const file = path.join(dir, "big.bin");
    const SIZE = 96 * MiB;
    const piece = Buffer.alloc(MiB);
    for (let i = 0; i < piece.length; i++) piece[i] = (i * 7) & 0xff;
    await pipeline(Readable.from((function* () { for (let i = 0; i < SIZE / MiB; i++) yield piece; })()), fs.createWriteStream(file));

    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    let peak = 0;
    let base = 0;
    let puts = 0;
    let committed: unknown;
    // Block sizes by id (the bodies are discarded): the client reads the committed list back after the commit.
    const sizes = new Map<string, number>();
    const srv = http.createServer((req, res) => {
        const url = new URL(req.url!, "http://x");
        if (req.method === "GET" && url.pathname.endsWith("/blocks")) {
            const list = (committed as { id: string }[] | undefined) ?? [];
            res.writeHead(200, { "content-type": "application/json" });
            return res.end(JSON.stringify({ committedBlocks: list.map((b) => ({ name: b.id, size: sizes.get(b.id) })), uncommittedBlocks: [] }));
        }
        if (req.method === "PUT") {
            let n = 0;
            req.on("data", (c: Buffer) => { n += c.length; });
            req.on("end", () => {
                puts++;
                sizes.set(url.searchParams.get("blockid")!, n);
                gc();
                peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
                res.writeHead(201).end();
            });
            return;
        }
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
            committed = JSON.parse(body);
            res.writeHead(200).end();
        });
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    try {
        const port = (srv.address() as { port: number }).port;
        const client = new SpeechClient({ endpoint: `http://127.0.0.1:${port}`, key: "k-1234567890", apiVersion: "2025-10-15" });
        gc();
        base = process.memoryUsage().arrayBuffers;
        const result = await uploadBlocks(client, ID, fs.createReadStream(file), { blockSizeInBytes: 4 * MiB, concurrency: 2 });
        const hash = createHash("sha256");
        for await (const c of fs.createReadStream(file)) hash.update(c as Buffer);
        assert.equal(puts, 24);
        assert.equal(result.uploaded, 24);
        assert.equal(result.bytes, SIZE);
        assert.equal(result.sha256, hash.digest("hex"));
        assert.equal((committed as unknown[]).length, 24);
        // (concurrency + 1) blocks of 4 MiB plus stream buffers; buffering the file would be ≥ 96 MiB.
        assert.ok(peak < 32 * MiB, `arrayBuffers grew by ${(peak / MiB).toFixed(1)} MiB`);
    } finally {
        srv.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
