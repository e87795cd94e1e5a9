/**
 * Block chunking for the Speech block-upload API (`PUT /datasets/{id}/blocks?blockid=`).
 * SPEC: a block is at most 8 MiB; a block id is Base64 of at most 64 bytes, and every block id
 * of a dataset has the same length.
 *
 * Block ids name CONTENT, not just a position (see {@link blockIdFor}): a resumed upload reuses a
 * block the service holds only when it holds exactly these bytes at this position, whatever block
 * size an earlier, interrupted run used.
 *
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { DataError } from "./errors.js";

/** Largest block the service accepts: 8 MiB (SPEC, `Datasets_UploadBlock`). */
export const MAX_BLOCK_SIZE = 8 * 1024 * 1024;
/** Block size used when none is configured: 4 MiB. */
export const DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;
/**
 * Most blocks one dataset can be made of: 50,000. The Speech API stores the upload as an Azure
 * block blob, and a block blob holds at most 50,000 committed blocks (Azure Storage, "Put Block
 * List"); the Speech spec itself states no count. {@link blockIdFor}'s 6-digit index could go
 * further; the service cannot.
 */
export const MAX_BLOCK_COUNT = 50_000;
/** Highest block index: {@link MAX_BLOCK_COUNT} - 1. */
export const MAX_BLOCK_INDEX = MAX_BLOCK_COUNT - 1;
/** Hex digits of the block's SHA-256 kept in its id (160 bits). */
const ID_DIGEST_HEX = 40;
/** Length of a block id before Base64: `"b"` + 6 digits + `"-"` + 40 hex digits. */
export const BLOCK_ID_BYTES = 1 + 6 + 1 + ID_DIGEST_HEX;

/** One block of a chunked stream. */
export interface Block {
  /** 0-based block number. */
  index: number;
  /** Byte offset of the block's first byte in the stream. */
  offset: number;
  /** The block's bytes: exactly `blockSize` long, except the last block, which may be shorter (never empty). */
  bytes: Buffer;
}

/**
 * Check a block size: an integer from 1 to {@link MAX_BLOCK_SIZE}.
 * @returns `n` unchanged.
 * @throws {@link DataError} with property `blockSize` otherwise.
 */
export function validateBlockSize(n: unknown, property = "blockSize"): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_BLOCK_SIZE) {
    throw new DataError(property, `must be a whole number of bytes from 1 to ${MAX_BLOCK_SIZE} (8 MiB), got ${typeof n === "number" ? n : typeof n}`);
  }
  return n;
}

/**
 * The block id for block `index` holding `bytes`: Base64 of `"b"` + the index zero-padded to 6
 * digits + `"-"` + the first 40 hex digits of the bytes' SHA-256 (48 bytes before encoding, 64
 * characters after), so every id of every dataset has the same length whatever the block size,
 * and a held block with this id holds these bytes at this position. Base64 of these characters
 * never contains `+`, `/` or `=`, so it needs no URL-encoding.
 * @throws RangeError if `index` is not an integer from 0 to {@link MAX_BLOCK_INDEX}.
 */
export function blockIdFor(index: number, bytes: Uint8Array): string {
  if (!Number.isInteger(index) || index < 0 || index > MAX_BLOCK_INDEX) throw new RangeError(`block index ${index} out of range 0..${MAX_BLOCK_INDEX}`);
  const digest = createHash("sha256").update(bytes).digest("hex").slice(0, ID_DIGEST_HEX);
  return Buffer.from(`b${String(index).padStart(6, "0")}-${digest}`, "ascii").toString("base64");
}

/** The number of blocks `size` bytes make with blocks of `blockSize` bytes. */
export function blockCount(size: number, blockSize: number): number {
  return Math.ceil(size / blockSize);
}

/**
 * Check that `size` bytes fit in {@link MAX_BLOCK_COUNT} blocks of `blockSize` bytes.
 * @throws {@link DataError} with `property` (default `blockSizeInBytes`) naming the block size, the
 *   data size, the block count, the limit and the smallest block size that works.
 */
export function checkBlockCount(size: number, blockSize: number, property = "blockSizeInBytes"): void {
  const count = blockCount(size, blockSize);
  if (count <= MAX_BLOCK_COUNT) return;
  const smallest = Math.ceil(size / MAX_BLOCK_COUNT);
  const fix = smallest <= MAX_BLOCK_SIZE
    ? `set ${property} to at least ${smallest}${smallest <= DEFAULT_BLOCK_SIZE ? ` (or leave it unset for the ${DEFAULT_BLOCK_SIZE}-byte default)` : ""}`
    : `the data is too large even for ${MAX_BLOCK_SIZE}-byte (8 MiB) blocks; split it into several datasets`;
  throw new DataError(property, `a block size of ${blockSize} bytes splits the data (${size} bytes) into ${count} blocks, more than the ${MAX_BLOCK_COUNT} blocks a dataset can hold; ${fix}`);
}

/**
 * Split a byte stream into blocks of exactly `blockSize` bytes (the last may be shorter; an empty
 * stream yields no blocks). Memory use is about one block plus the source's stream buffers: each
 * yielded block is a fresh Buffer the consumer owns, filled by copying from the source chunks.
 * The source is read only as fast as the consumer iterates.
 */
export async function* chunk(readable: NodeJS.ReadableStream | AsyncIterable<Buffer | Uint8Array | string>, blockSize: number): AsyncIterable<Block> {
  validateBlockSize(blockSize);
  let index = 0, offset = 0;
  let block: Buffer | undefined; // allocated when the first byte of a block arrives
  let filled = 0;
  for await (const c of readable as AsyncIterable<Buffer | Uint8Array | string>) {
    const data = typeof c === "string" ? Buffer.from(c) : Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    let pos = 0;
    while (pos < data.length) {
      block ??= Buffer.allocUnsafe(blockSize);
      const n = Math.min(blockSize - filled, data.length - pos);
      data.copy(block, filled, pos, pos + n);
      filled += n;
      pos += n;
      if (filled === blockSize) {
        const bytes = block;
        block = undefined;
        filled = 0;
        yield { index, offset, bytes };
        index++;
        offset += blockSize;
      }
    }
  }
  if (block && filled > 0) yield { index, offset, bytes: Buffer.from(block.subarray(0, filled)) };
}
