/**
 * Deterministic zip: the same files (names + bytes) always give byte-identical zips, whatever the
 * files' mtimes, modes, owners, the directory listing order, the time zone or the zlib version.
 *
 * Choices (each one removes a source of variation):
 * - entries sorted byte-wise by their forward-slash path; no directory entries;
 * - every entry dated 1980-01-01 00:00 (the DOS epoch) with `forceDosTimestamp`, so no UTC
 *   "extended timestamp" field; the date is built in local time because yazl encodes DOS dates in
 *   local time, which makes the encoded value the same in every time zone;
 * - every entry mode 0644 (regular file), "made by" unix (yazl's constant);
 * - STORE (no compression). Deflate output may change between zlib versions (Node upgrades),
 *   which would change the hash, which drives replacement of the dataset. WAV audio barely
 *   compresses anyway, so the cost is small.
 *
 * Memory: files are streamed one at a time (yazl pumps entries sequentially and opens each file
 * lazily); nothing is buffered beyond stream high-water marks.
 *
 * @packageDocumentation
 */
import { PassThrough, Readable } from "node:stream";
import type { ArchiveEntry } from "./entries.js";

/** Fixed entry date (DOS epoch, local time; see module notes). */
export const ZIP_FIXED_MTIME = (): Date => new Date(1980, 0, 1, 0, 0, 0);
/** Fixed entry mode: regular file, rw-r--r--. */
export const ZIP_FIXED_MODE = 0o100644;

/**
 * The exact size of {@link zipEntries}' output, computed without reading file data, or
 * `undefined` when the archive would need ZIP64 structures (≥ 4 GiB or ≥ 65535 entries).
 */
export function zipSize(entries: readonly Pick<ArchiveEntry, "name" | "size">[]): number | undefined {
  if (entries.length >= 0xffff) return undefined;
  let local = 0, central = 0;
  for (const e of entries) {
    const n = Buffer.byteLength(e.name, "utf8");
    local += 30 + n + e.size + 16; // local header + data + data descriptor
    central += 46 + n;             // central directory record (no extra fields)
  }
  const total = local + central + 22;
  return total >= 0xfffffffe ? undefined : total;
}

/**
 * Zip `entries` deterministically into a stream (see module notes). Entries are written in the
 * order given; pass them sorted (listings from `listEntries` are).
 * Errors opening or reading an entry destroy the returned stream with that error.
 */
export function zipEntries(entries: readonly ArchiveEntry[]): Readable {
  const out = new PassThrough();
  let current: Readable | undefined;
  // A consumer that stops early (destroy) must not leave a file handle open.
  out.on("close", () => { current?.destroy(); });
  void (async () => {
    const yazl = await import("yazl");
    const zip = new yazl.ZipFile();
    const fail = (err: unknown): void => { out.destroy(err instanceof Error ? err : new Error(String(err))); };
    zip.on("error", fail);
    (zip.outputStream as Readable).on("error", fail);
    (zip.outputStream as Readable).pipe(out);
    for (const e of entries) {
      zip.addReadStreamLazy(e.name, {
        mtime: ZIP_FIXED_MTIME(), mode: ZIP_FIXED_MODE, compress: false, forceDosTimestamp: true, size: e.size,
      }, (cb) => {
        e.open().then((s) => {
          current = s;
          if (out.destroyed) { s.destroy(); return; }
          s.on("error", (err) => fail(new Error(`${e.display}: ${err.message}`, { cause: err })));
          cb(null, s);
        }, (err: unknown) => fail(new Error(`${e.display}: ${(err as Error)?.message ?? String(err)}`, { cause: err })));
      });
    }
    zip.end();
  })().catch((err: unknown) => out.destroy(err as Error));
  return out;
}
