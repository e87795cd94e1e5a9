// chunk / blockIdFor / validateBlockSize: exact block sizes, offsets, equal-length ids, and
// bounded memory on a 64 MiB file.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { createHash } from "node:crypto";
import { blockIdFor, chunk, DataError, DEFAULT_BLOCK_SIZE, MAX_BLOCK_INDEX, MAX_BLOCK_SIZE, validateBlockSize } from "../../provider/data/index.js";
import { tempDir } from "./helpers.js";

const MiB = 1024 * 1024;

async function blocks(input: Buffer[], size: number): Promise<{ index: number; offset: number; bytes: Buffer }[]> {
  const out = [];
  for await (const b of chunk(Readable.from(input), size)) out.push(b);
  return out;
}

test("constants", () => {
  assert.equal(MAX_BLOCK_SIZE, 8 * MiB);
  assert.equal(DEFAULT_BLOCK_SIZE, 4 * MiB);
});

test("blocks are exactly blockSize except a shorter last one, whatever the input chunking", async () => {
  const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  for (const pieces of [[data], [data.subarray(0, 1), data.subarray(1, 333), data.subarray(333)], Array.from({ length: 1000 }, (_, i) => data.subarray(i, i + 1))]) {
    const out = await blocks(pieces, 300);
    assert.deepEqual(out.map((b) => b.bytes.length), [300, 300, 300, 100]);
    assert.deepEqual(out.map((b) => b.index), [0, 1, 2, 3]);
    assert.deepEqual(out.map((b) => b.offset), [0, 300, 600, 900]);
    assert.ok(Buffer.concat(out.map((b) => b.bytes)).equals(data));
  }
});

test("an exact multiple has no empty trailing block; an empty stream has no blocks", async () => {
  assert.deepEqual((await blocks([Buffer.alloc(600)], 300)).map((b) => b.bytes.length), [300, 300]);
  assert.deepEqual(await blocks([], 300), []);
  assert.deepEqual(await blocks([Buffer.alloc(0)], 300), []);
});

test("yielded blocks are independent buffers (safe to keep while reading on)", async () => {
  const out = await blocks([Buffer.from("aaabbbc")], 3);
  assert.deepEqual(out.map((b) => b.bytes.toString()), ["aaa", "bbb", "c"]);
});

test("validateBlockSize accepts 1..8 MiB integers and refuses the rest", () => {
  assert.equal(validateBlockSize(1), 1);
  assert.equal(validateBlockSize(MAX_BLOCK_SIZE), MAX_BLOCK_SIZE);
  for (const bad of [0, -1, 1.5, MAX_BLOCK_SIZE + 1, NaN, Infinity, "4", undefined]) {
    assert.throws(() => validateBlockSize(bad), (e: unknown) => e instanceof DataError && e.property === "blockSize");
  }
  assert.throws(() => validateBlockSize(0, "uploadBlockSize"), { message: /^uploadBlockSize: / });
});

test("chunk refuses an invalid block size before reading", async () => {
  await assert.rejects(blocks([Buffer.alloc(1)], MAX_BLOCK_SIZE + 1), DataError);
});

test("block ids: Base64 of a fixed-width string, equal lengths, at most 64 bytes decoded", () => {
  const bytes = Buffer.from("some block bytes");
  const digest = createHash("sha256").update(bytes).digest("hex").slice(0, 40);
  assert.equal(Buffer.from(blockIdFor(0, bytes), "base64").toString(), `b000000-${digest}`);
  assert.equal(Buffer.from(blockIdFor(42, bytes), "base64").toString(), `b000042-${digest}`);
  const ids = [0, 1, 9, 10, 9_999, MAX_BLOCK_INDEX].map((i) => blockIdFor(i, bytes));
  assert.ok(ids.every((id) => id.length === ids[0]!.length));
  assert.ok(ids.every((id) => Buffer.from(id, "base64").length <= 64));
  assert.ok(ids.every((id) => /^[A-Za-z0-9]+$/.test(id)), "no + / = so no URL-encoding surprises");
  assert.deepEqual(ids.map((id) => Buffer.from(id, "base64").toString()).sort(), ids.map((id) => Buffer.from(id, "base64").toString()), "decoded ids sort in index order");
  assert.equal(new Set(ids).size, ids.length);
  for (const bad of [-1, MAX_BLOCK_INDEX + 1, 1_000_000, 1.5]) assert.throws(() => blockIdFor(bad, bytes), RangeError);
});

test("chunking a 64 MiB file with 4 MiB blocks keeps memory far below the file size", async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, "big.bin");
  const SIZE = 64 * MiB;
  // generate by streaming: 1 MiB pattern pieces, never the whole file in memory
  const piece = Buffer.alloc(MiB);
  for (let i = 0; i < piece.length; i++) piece[i] = (i * 31) & 0xff;
  await pipeline(Readable.from((function* () { for (let i = 0; i < SIZE / MiB; i++) yield piece; })()), fs.createWriteStream(file));
  assert.equal(fs.statSync(file).size, SIZE);

  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  gc();
  const base = process.memoryUsage();
  let peakArrayBuffers = 0, peakRss = 0, count = 0, total = 0;
  for await (const b of chunk(fs.createReadStream(file), 4 * MiB)) {
    assert.equal(b.offset, total);
    total += b.bytes.length;
    count++;
    assert.equal(b.bytes[0], (b.offset * 31) & 0xff); // content is the stream's, in order
    gc(); // measure retained memory, not garbage awaiting collection
    const m = process.memoryUsage();
    peakArrayBuffers = Math.max(peakArrayBuffers, m.arrayBuffers - base.arrayBuffers);
    peakRss = Math.max(peakRss, m.rss - base.rss);
  }
  assert.equal(count, 16);
  assert.equal(total, SIZE);
  // One block (4 MiB) + the current 64 KiB read chunk + slack; buffering the file would be ≥ 64 MiB.
  assert.ok(peakArrayBuffers < 16 * MiB, `arrayBuffers grew by ${peakArrayBuffers} bytes`);
  assert.ok(peakRss < 40 * MiB, `rss grew by ${peakRss} bytes`);
});
