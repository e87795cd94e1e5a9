/**
 * What a (resumed) block upload commits is the local data, against the real local emulator:
 * content-bound block ids across a block-size change, resume sending exactly the missing blocks,
 * an earlier commit verified (not trusted), a lost commit reply recognised, and the committed
 * list read back after the commit. Everything is bounded by counts and bytes, never by time.
 */
import { textBytes } from "../data/helpers";
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import type { Connection } from "../../provider/client/connection";
import { CallOptions, SpeechClient } from "../../provider/client/speech-client";
import { uploadBlocks } from "../../provider/client/upload";

const MiB = 1024 * 1024;
let emu: Emulator;
let dir: string;

before(async () => {
    emu = await startEmulator({ processingStepMs: 20, retryAfterSeconds: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcs-upres-"));
});
after(async () => {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
    emu.setFaults(undefined);
    emu.reset();
});

function connection(): Connection {
    return { endpoint: emu.url, key: emu.key, apiVersion: "2025-10-15" };
}

/** No retries: a fault fails the call, as an interrupted `pulumi up` would. */
function client(): SpeechClient {
    return new SpeechClient(connection(), { retry: { maxRetries: 0 } });
}

/** A client whose abort signal fires once `n` block PUTs have succeeded (an interrupted run). */
class InterruptedAfter extends SpeechClient {
    readonly controller = new AbortController();
    private done = 0;
    constructor(private readonly n: number) {
        super(connection(), { retry: { maxRetries: 0 } });
    }
    override async uploadBlock(id: string, blockId: string, bytes: Buffer, o?: CallOptions): Promise<void> {
        await super.uploadBlock(id, blockId, bytes, o);
        if (++this.done >= this.n) this.controller.abort(new Error(`interrupted after ${this.n} blocks`));
    }
}

/** Text lines, exactly `size` bytes, every line different. */
function textFile(name: string, size: number, salt = ""): { file: string; bytes: Buffer; sha256: string } {
    const bytes = textBytes(size, salt);
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return { file, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

async function newDataset(c: SpeechClient): Promise<string> {
    return (await c.createDataset({ kind: "Language", locale: "en-US", displayName: "upload-resume" })).id;
}

function since(mark: number, operationId: string) {
    return emu.exchanges.slice(mark).filter((x) => x.operationId === operationId);
}

function serviceCopy(id: string) {
    return emu.datasets().find((d) => d.id === id)!;
}

test("9 MiB: an upload interrupted with 4 MiB blocks, resumed with 1 MiB blocks, commits exactly the local bytes", async () => {
    const { file, bytes, sha256 } = textFile("nine.txt", 9 * MiB);
    const c = client();
    const id = await newDataset(c);

    // First run: every block sent, the commit never arrives (the run is interrupted).
    emu.setFaults({ rateReset: 1, methods: ["POST"] });
    await assert.rejects(uploadBlocks(c, id, fs.createReadStream(file), { blockSizeInBytes: 4 * MiB, concurrency: 2, expectedSha256: sha256 }));
    emu.setFaults(undefined);
    const held = await c.getBlocks(id);
    assert.deepEqual(held.committedBlocks, []);
    assert.deepEqual(held.uncommittedBlocks.map((b) => b.size).sort((a, b) => a - b), [MiB, 4 * MiB, 4 * MiB], "the 4 MiB layout is held, its last block 1 MiB long");

    // Next run: blockSizeInBytes changed to 1 MiB.
    const mark = emu.exchanges.length;
    const result = await uploadBlocks(c, id, fs.createReadStream(file), { blockSizeInBytes: MiB, concurrency: 3, expectedSha256: sha256 });
    const copy = serviceCopy(id);
    assert.equal(copy.sha256, sha256, "the service's reassembled copy is the local file");
    assert.ok(copy.data!.equals(bytes));
    const committed = (await c.getBlocks(id)).committedBlocks;
    assert.deepEqual(committed.map((b) => b.size), Array(9).fill(MiB), "nine 1 MiB blocks");
    assert.deepEqual(committed.map((b) => b.name), result.blockIds);
    assert.equal(result.reused, 0, "no block of the 4 MiB layout holds 1 MiB-layout bytes");
    assert.equal(since(mark, "Datasets_UploadBlock").length, 9);
    assert.equal(since(mark, "Datasets_CommitBlocks").length, 1);
});

test("resuming with the same block size sends exactly the missing blocks", async () => {
    const { file, sha256 } = textFile("resume.txt", 40 * 64 * 1024 + 123);
    const total = 41;
    const first = new InterruptedAfter(13);
    const id = await newDataset(first);
    await assert.rejects(
        uploadBlocks(first, id, fs.createReadStream(file), { blockSizeInBytes: 64 * 1024, concurrency: 1, abortSignal: first.controller.signal }),
    );
    const held = (await client().getBlocks(id)).uncommittedBlocks.length;
    assert.ok(held >= 13 && held < total, `some blocks got through (${held}/${total})`);
    assert.equal(serviceCopy(id).committed, false);

    const mark = emu.exchanges.length;
    const result = await uploadBlocks(client(), id, fs.createReadStream(file), { blockSizeInBytes: 64 * 1024, concurrency: 4, expectedSha256: sha256 });
    assert.equal(since(mark, "Datasets_UploadBlock").length, total - held, "only the missing blocks are sent");
    assert.equal(result.uploaded, total - held);
    assert.equal(result.reused, held);
    assert.equal(serviceCopy(id).sha256, sha256);
});

test("committed data that is not the local data: a clear error naming the dataset, nothing sent or committed", async () => {
    const a = textFile("a.txt", 300_000, "version a");
    const b = textFile("b.txt", 300_000, "version b");
    const c = client();
    const id = await newDataset(c);
    await uploadBlocks(c, id, fs.createReadStream(a.file), { blockSizeInBytes: 64 * 1024, concurrency: 2 });
    assert.equal(serviceCopy(id).sha256, a.sha256);

    const mark = emu.exchanges.length;
    await assert.rejects(uploadBlocks(c, id, fs.createReadStream(b.file), { blockSizeInBytes: 64 * 1024, concurrency: 2, expectedSha256: b.sha256, context: { action: "uploading data of", resourceType: "Speech dataset", resourceName: "texts" } }), (e: Error) => {
        assert.ok(e.message.startsWith('uploading data of Speech dataset "texts": '), e.message);
        assert.ok(e.message.includes(id), "names the dataset");
        assert.match(e.message, /already holds committed data that is not the local data/);
        assert.match(e.message, /block 0:/);
        assert.match(e.message, /--replace/, "says what to do next");
        return true;
    });
    assert.equal(since(mark, "Datasets_UploadBlock").length, 0);
    assert.equal(since(mark, "Datasets_CommitBlocks").length, 0);
    assert.equal(serviceCopy(id).sha256, a.sha256, "the service copy is untouched");

    // Only the last byte differs: found in the last block; a longer local file is found too.
    const tail = Buffer.from(a.bytes);
    tail[tail.length - 2] ^= 1;
    fs.writeFileSync(path.join(dir, "tail.txt"), tail);
    await assert.rejects(uploadBlocks(c, id, fs.createReadStream(path.join(dir, "tail.txt")), { blockSizeInBytes: 64 * 1024, concurrency: 2 }), /block 4:/);
    fs.writeFileSync(path.join(dir, "longer.txt"), Buffer.concat([a.bytes, Buffer.from("one more line\n")]));
    await assert.rejects(uploadBlocks(c, id, fs.createReadStream(path.join(dir, "longer.txt")), { blockSizeInBytes: 64 * 1024, concurrency: 2 }), /block 4: the service holds .*\(37856 bytes\)/);
    fs.writeFileSync(path.join(dir, "shorter.txt"), a.bytes.subarray(0, 64 * 1024));
    await assert.rejects(uploadBlocks(c, id, fs.createReadStream(path.join(dir, "shorter.txt")), { blockSizeInBytes: 64 * 1024, concurrency: 2 }), /holds 5 committed blocks .* makes 1/);
    assert.equal(since(mark, "Datasets_UploadBlock").length + since(mark, "Datasets_CommitBlocks").length, 0);

    // Committed blocks all full, the local data one block longer: found without reading further.
    const whole = textFile("whole.txt", 2 * 64 * 1024);
    const id2 = await newDataset(c);
    await uploadBlocks(c, id2, fs.createReadStream(whole.file), { blockSizeInBytes: 64 * 1024, concurrency: 2 });
    fs.writeFileSync(path.join(dir, "grown.txt"), Buffer.concat([whole.bytes, Buffer.from("one more line\n")]));
    await assert.rejects(uploadBlocks(c, id2, fs.createReadStream(path.join(dir, "grown.txt")), { blockSizeInBytes: 64 * 1024, concurrency: 2 }), /longer than the 2 committed blocks/);
    assert.equal(serviceCopy(id2).sha256, whole.sha256);
});

test("committed data that is the local data (a commit whose reply was lost) is verified, even with another block size, and not re-sent", async () => {
    const a = textFile("same.txt", 300_000);
    const c = client();
    const id = await newDataset(c);
    const first = await uploadBlocks(c, id, fs.createReadStream(a.file), { blockSizeInBytes: 64 * 1024, concurrency: 2 });
    const mark = emu.exchanges.length;
    const again = await uploadBlocks(c, id, fs.createReadStream(a.file), { blockSizeInBytes: 16 * 1024, concurrency: 2, expectedSha256: a.sha256 });
    assert.equal(again.alreadyCommitted, true);
    assert.equal(again.uploaded, 0);
    assert.deepEqual(again.blockIds, first.blockIds, "laid out like the committed blocks");
    assert.equal(again.sha256, a.sha256);
    assert.equal(since(mark, "Datasets_UploadBlock").length + since(mark, "Datasets_CommitBlocks").length, 0);
});

test("a commit whose reply is lost is recognised at once by reading the block list back", async () => {
    const a = textFile("lost.txt", 200_000);
    const c = client();
    const id = await newDataset(c);
    emu.setFaults({ rateLostResponse: 1, methods: ["POST"] });
    const result = await uploadBlocks(c, id, fs.createReadStream(a.file), { blockSizeInBytes: 64 * 1024, concurrency: 2, expectedSha256: a.sha256 });
    emu.setFaults(undefined);
    assert.equal(result.alreadyCommitted, false);
    assert.equal(emu.exchanges.filter((x) => x.operationId === "Datasets_CommitBlocks").length, 1);
    assert.equal(serviceCopy(id).sha256, a.sha256);
});

test("held blocks with ids of another format (an older provider) are reported before anything is sent", async () => {
    const a = textFile("old.txt", 100_000);
    const c = client();
    const id = await newDataset(c);
    const oldId = Buffer.from("block-000000").toString("base64");
    await c.uploadBlock(id, oldId, a.bytes.subarray(0, 64 * 1024));
    const mark = emu.exchanges.length;
    await assert.rejects(uploadBlocks(c, id, fs.createReadStream(a.file), { blockSizeInBytes: 64 * 1024, concurrency: 2 }), (e: Error) => {
        assert.ok(e.message.includes(id));
        assert.match(e.message, /ids of another length/);
        return true;
    });
    assert.equal(since(mark, "Datasets_UploadBlock").length + since(mark, "Datasets_CommitBlocks").length, 0);
});
