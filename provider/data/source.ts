/**
 * The bytes a dataset uploads for a source, and their hash.
 *
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { DataError } from "./errors.js";
import { fsError, listEntries } from "./entries.js";
import type { SourceSpec } from "./wire.js";
import { zipEntries, zipSize } from "./zip.js";

/** The upload view of a source. */
export interface OpenedSource {
  /** Human description for logs and messages, e.g. `data/acoustic/ (zipped)`. */
  description: string;
  /** The number of bytes {@link OpenedSource.stream} yields, when known without reading them. */
  size?: number;
  /** `"zip"` when the bytes are a zip archive (folders, AssetArchives, .zip files); `"file"` for a single file or text. */
  format: "zip" | "file";
  /** A fresh stream of the exact bytes to upload. Each call starts from the beginning. */
  stream(): Readable;
}

async function statFile(p: string, opts: { cwd: string }, property: string, what: string): Promise<{ abs: string; size: number }> {
  const abs = path.resolve(opts.cwd, p);
  let st: fs.Stats;
  try { st = await fs.promises.stat(abs); } catch (e) { throw fsError(property, p, opts.cwd, e); }
  if (st.isDirectory()) throw new DataError(property, `${p}: is a folder; use new pulumi.asset.FileArchive(${JSON.stringify(p)}) for a folder`);
  if (!st.isFile()) throw new DataError(property, `${p}: ${what} path is not a regular file`);
  return { abs, size: st.size };
}

/**
 * Open a source for upload: the exact bytes, as a restartable stream.
 * - `file`: the file's bytes; `text`: the text as UTF-8 (no BOM added);
 * - `folder` / `assetArchive`: a deterministic zip (see `zipEntries`), listed now so missing files fail early;
 * - `zip`: the .zip file as it is.
 * @throws {@link DataError} for missing/unreadable paths.
 */
export async function openSource(spec: SourceSpec, opts: { cwd: string; property?: string }): Promise<OpenedSource> {
  const property = opts.property ?? "source";
  switch (spec.type) {
    case "file": {
      const { abs, size } = await statFile(spec.path, opts, property, "FileAsset");
      return { description: spec.path, size, format: "file", stream: () => fs.createReadStream(abs) };
    }
    case "zip": {
      const { abs, size } = await statFile(spec.path, opts, property, "FileArchive");
      return { description: spec.path, size, format: "zip", stream: () => fs.createReadStream(abs) };
    }
    case "text": {
      const buf = Buffer.from(spec.text, "utf8");
      return { description: `inline text (${buf.length} bytes)`, size: buf.length, format: "file", stream: () => Readable.from(buf.length ? [buf] : []) };
    }
    case "folder":
    case "assetArchive": {
      const listing = await listEntries(spec, { cwd: opts.cwd, property });
      const entries = listing.entries;
      const size = zipSize(entries);
      const description = spec.type === "folder"
        ? `${spec.path.replace(/\/+$/, "")}/ (zipped, ${entries.length} files)`
        : `asset archive (zipped, ${entries.length} files)`;
      return { description, ...(size === undefined ? {} : { size }), format: "zip", stream: () => zipEntries(entries) };
    }
  }
}

/**
 * SHA-256 (hex) and byte count of exactly the bytes {@link openSource} would upload, computed
 * by streaming (bounded memory).
 */
export async function hashSource(spec: SourceSpec, opts: { cwd: string; property?: string }): Promise<{ sha256: string; size: number }> {
  const opened = await openSource(spec, opts);
  return hashStream(opened.stream());
}

/** SHA-256 (hex) and byte count of a stream, consumed to the end. */
export async function hashStream(stream: NodeJS.ReadableStream | Readable): Promise<{ sha256: string; size: number }> {
  const h = createHash("sha256");
  let size = 0;
  for await (const c of stream as AsyncIterable<Buffer | string>) {
    const b = typeof c === "string" ? Buffer.from(c) : c;
    h.update(b);
    size += b.length;
  }
  return { sha256: h.digest("hex"), size };
}
