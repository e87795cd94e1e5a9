/**
 * Block chunking for the Speech block-upload API (`PUT /datasets/{id}/blocks?blockid=`).
 * SPEC: a block is at most 8 MiB; a block id is Base64 of at most 64 bytes, and every block id
 * of a dataset has the same length.
 *
 * @packageDocumentation
 */
import { DataError } from "./errors.js";

/** Largest block the service accepts: 8 MiB (SPEC, `Datasets_UploadBlock`). */
export const MAX_BLOCK_SIZE = 8 * 1024 * 1024;
/** Block size used when none is configured: 4 MiB. */
export const DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;
/** Highest block index {@link blockIdFor} can encode (6 decimal digits). */
export const MAX_BLOCK_INDEX = 999_999;

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
 * The block id for block `index`: Base64 of `"block-"` + the index zero-padded to 6 digits
 * (12 bytes before encoding, 16 characters after), so all ids have equal length. (The Base64
 * strings do not sort in index order; the commit request lists ids in order.) Base64 of these
 * 12 bytes never contains `+`, `/` or `=`, so it needs no URL-encoding.
 * @throws RangeError if `index` is not an integer from 0 to {@link MAX_BLOCK_INDEX}.
 */
export function blockIdFor(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > MAX_BLOCK_INDEX) throw new RangeError(`block index ${index} out of range 0..${MAX_BLOCK_INDEX}`);
  return Buffer.from(`block-${String(index).padStart(6, "0")}`, "ascii").toString("base64");
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
