// Content-bound block ids and the block-count limit: a block id names the block's position AND
// its bytes, every id has one length whatever the block, and ceil(size / blockSize) must fit in
// the 50,000 blocks a dataset (an Azure block blob) can hold.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import {
  BLOCK_ID_BYTES, blockCount, blockIdFor, checkBlockCount, DataError, DEFAULT_BLOCK_SIZE, MAX_BLOCK_COUNT, MAX_BLOCK_INDEX, MAX_BLOCK_SIZE,
} from "../../provider/data/index.js";

const MiB = 1024 * 1024;

test("a block id depends on the bytes: same position, other bytes → another id", () => {
  const a = Buffer.from("the first version of block three");
  const b = Buffer.from("the second version of block three");
  assert.notEqual(blockIdFor(3, a), blockIdFor(3, b));
  assert.equal(blockIdFor(3, a), blockIdFor(3, Buffer.from(a)), "same bytes, same position → same id (resumable)");
  assert.notEqual(blockIdFor(3, a), blockIdFor(4, a), "same bytes at another position → another id");
});

test("the 9 MiB file in 4 MiB then 1 MiB blocks: no id of one layout names a block of the other", () => {
  const data = Buffer.alloc(9 * MiB);
  for (let i = 0; i < data.length; i += 4096) data.writeUInt32LE(i, i); // every 4 KiB differs
  const layout = (size: number) => Array.from({ length: Math.ceil(data.length / size) }, (_, i) => blockIdFor(i, data.subarray(i * size, (i + 1) * size)));
  const big = layout(4 * MiB);
  const small = layout(MiB);
  assert.equal(big.length, 3);
  assert.equal(small.length, 9);
  // The last 4 MiB-layout block (bytes 8..9 MiB) is 1 MiB long, like small block 2 (bytes 2..3 MiB):
  // index-only ids made them the same id, and the resumed upload committed the wrong bytes.
  assert.equal(data.length - 8 * MiB, MiB);
  assert.ok(big.every((id) => !small.includes(id)), "no id is shared between the layouts");
});

test("every id has the same length (≤ 64 bytes before Base64) for any block size and content", () => {
  const lengths = new Set<number>();
  for (const size of [1, 2, 3, 100, 4096, MiB, MAX_BLOCK_SIZE]) {
    const bytes = randomBytes(size);
    for (const index of [0, 7, 12_345, MAX_BLOCK_INDEX]) {
      const id = blockIdFor(index, bytes);
      lengths.add(id.length);
      const raw = Buffer.from(id, "base64");
      assert.equal(raw.length, BLOCK_ID_BYTES);
      assert.ok(raw.length <= 64);
      assert.match(raw.toString("ascii"), /^b\d{6}-[0-9a-f]{40}$/);
      assert.equal(raw.toString("ascii").slice(8), createHash("sha256").update(bytes).digest("hex").slice(0, 40));
      assert.match(id, /^[A-Za-z0-9]+$/, "no + / = : no URL-encoding surprises");
    }
  }
  assert.deepEqual([...lengths], [64]);
});

test("block indexes stop at the block-count limit", () => {
  assert.equal(MAX_BLOCK_COUNT, 50_000);
  assert.equal(MAX_BLOCK_INDEX, MAX_BLOCK_COUNT - 1);
  assert.doesNotThrow(() => blockIdFor(MAX_BLOCK_INDEX, Buffer.from("x")));
  assert.throws(() => blockIdFor(MAX_BLOCK_COUNT, Buffer.from("x")), RangeError);
});

test("checkBlockCount: at most 50,000 blocks; the message names everything needed to fix it", () => {
  assert.equal(blockCount(9 * MiB, 4 * MiB), 3);
  assert.equal(blockCount(0, 4 * MiB), 0);
  assert.doesNotThrow(() => checkBlockCount(50_000, 1));
  assert.doesNotThrow(() => checkBlockCount(100_000, 2));
  let err: unknown;
  try { checkBlockCount(100_001, 2); } catch (e) { err = e; }
  assert.ok(err instanceof DataError);
  assert.equal(err.property, "blockSizeInBytes");
  assert.match(err.message, /^blockSizeInBytes: /);
  assert.match(err.reason, /block size of 2 bytes/);
  assert.match(err.reason, /100001 bytes/, "the data size");
  assert.match(err.reason, /50001 blocks/, "the resulting block count");
  assert.match(err.reason, /50000 blocks a dataset can hold/, "the limit");
  assert.match(err.reason, /at least 3\b/, "the smallest block size that works: ceil(100001 / 50000)");
  assert.doesNotThrow(() => checkBlockCount(100_001, 3));
  assert.match(err.reason, new RegExp(`${DEFAULT_BLOCK_SIZE}-byte default`));

  // Too big for any block size: say so instead of suggesting an impossible block size.
  const huge = MAX_BLOCK_SIZE * MAX_BLOCK_COUNT + 1;
  assert.throws(() => checkBlockCount(huge, MAX_BLOCK_SIZE), (e: unknown) => e instanceof DataError && /split it into several datasets/.test(e.reason) && !/at least/.test(e.reason));
  assert.throws(() => checkBlockCount(10, 0.0001, "uploadBlockSize"), { message: /^uploadBlockSize: / });
});
