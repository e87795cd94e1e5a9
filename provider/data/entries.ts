/**
 * The files inside an archive-like source (folder, AssetArchive, .zip), listed without reading
 * their contents. Each entry opens its own stream on demand, so callers stay memory bounded.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { DataError } from "./errors.js";
import type { SourceSpec } from "./wire.js";

/** One file of an archive-like source. */
export interface ArchiveEntry {
  /** Path inside the archive: forward slashes, no leading slash, no directory entries. */
  name: string;
  /** Uncompressed size in bytes. */
  size: number;
  /** How problems name this file, e.g. `data/acoustic/trans.txt` or `data/a.zip!/trans.txt`. */
  display: string;
  /** Open a fresh stream of the (uncompressed) bytes. */
  open(): Promise<Readable>;
}

/** A listing that may hold an open file handle (zips); call `close()` when done. */
export interface EntryListing {
  entries: ArchiveEntry[];
  close(): void;
}

/** Byte-wise (UTF-8) comparison so ordering never depends on locale or ICU data. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Turn fs errors into user-facing {@link DataError}s naming the path as the user wrote it. */
export function fsError(property: string, shown: string, cwd: string, e: unknown): DataError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return new DataError(property, `${shown}: no such file or folder (paths are relative to ${cwd})`, { cause: e });
  if (code === "EACCES" || code === "EPERM") return new DataError(property, `${shown}: permission denied`, { cause: e });
  if (code === "ENOTDIR") return new DataError(property, `${shown}: not a folder`, { cause: e });
  return new DataError(property, `${shown}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

function joinDisplay(base: string, name: string): string {
  return base.endsWith("/") ? base + name : `${base}/${name}`;
}

/** Open flags for files of a folder: never follow a symbolic link swapped in after the listing. */
const READ_NO_FOLLOW = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0);

/** A read stream that reports open errors as stream errors (fs.createReadStream already does). */
function fileStream(abs: string): Readable {
  return fs.createReadStream(abs);
}

/** A read stream of a file found by a folder walk, opened with {@link READ_NO_FOLLOW}. */
async function walkedFileStream(abs: string): Promise<Readable> {
  const handle = await fs.promises.open(abs, READ_NO_FOLLOW);
  return handle.createReadStream();
}

/** True when `target` is `root` or lies under it (both real, absolute paths). */
function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

/**
 * List the regular files under a folder, recursively, sorted byte-wise by their relative path.
 * This is the one walk of a folder: hashing (`hashSource`), validation (`validateData`) and upload
 * (`openSource`) all list through it, so they see the same files.
 *
 * Symbolic links (the folder itself may be one: the user named it):
 * - a link that resolves OUTSIDE the folder is refused with a {@link DataError} naming the link's
 *   path: the upload would otherwise carry files the folder does not hold;
 * - a link that resolves inside the folder is followed: a link to a file adds the target's bytes
 *   under the link's name, a link to a folder is walked under the link's name; a link to a folder
 *   that contains it (a cycle) is skipped;
 * - a dangling link is skipped.
 * Files are opened by their resolved path with O_NOFOLLOW, so a link swapped in after the listing
 * fails the read instead of reading elsewhere. The walk visits names in byte-wise order, so the
 * listing never depends on the file system's directory order.
 */
export async function listFolder(dir: string, opts: { cwd: string; property?: string; shown?: string }): Promise<ArchiveEntry[]> {
  const property = opts.property ?? "source";
  const shown = opts.shown ?? dir;
  const root = path.resolve(opts.cwd, dir);
  let st: fs.Stats;
  try { st = await fs.promises.stat(root); } catch (e) { throw fsError(property, shown, opts.cwd, e); }
  if (!st.isDirectory()) throw new DataError(property, `${shown}: FileArchive path is not a folder (use FileAsset for a single file)`);
  let rootReal: string;
  try { rootReal = await fs.promises.realpath(root); } catch (e) { throw fsError(property, shown, opts.cwd, e); }
  const out: ArchiveEntry[] = [];
  /** `real`: the folder's resolved path; `ancestors`: resolved paths of the folders on the way to it (cycle check). */
  async function walk(real: string, rel: string, ancestors: ReadonlySet<string>): Promise<void> {
    let dirents: fs.Dirent[];
    try { dirents = await fs.promises.readdir(real, { withFileTypes: true }); } catch (e) { throw fsError(property, rel ? joinDisplay(shown, rel) : shown, opts.cwd, e); }
    dirents.sort((a, b) => compareNames(a.name, b.name));
    for (const d of dirents) {
      const childAbs = path.join(real, d.name);
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      let target = childAbs;
      if (d.isSymbolicLink()) {
        try { target = await fs.promises.realpath(childAbs); } catch (e) {
          if ((e as NodeJS.ErrnoException).code === "ENOENT") continue; // dangling link
          throw fsError(property, joinDisplay(shown, childRel), opts.cwd, e);
        }
        if (!isInside(rootReal, target)) {
          throw new DataError(property, `${joinDisplay(shown, childRel)}: symbolic link points outside the folder (to ${target}); a FileArchive uploads only what lies inside its folder: copy the data into the folder, or use an AssetArchive naming it`);
        }
      }
      let s: fs.Stats;
      try { s = await fs.promises.lstat(target); } catch (e) { throw fsError(property, joinDisplay(shown, childRel), opts.cwd, e); }
      if (s.isDirectory()) {
        if (ancestors.has(target)) continue; // a link back to a folder on the way here: a cycle
        await walk(target, childRel, new Set([...ancestors, target]));
      } else if (s.isFile()) {
        const size = s.size;
        const file = target;
        out.push({ name: childRel, size, display: joinDisplay(shown, childRel), open: () => walkedFileStream(file) });
      }
      // sockets, FIFOs, devices: not data; skipped.
    }
  }
  await walk(rootReal, "", new Set([rootReal]));
  out.sort((a, b) => compareNames(a.name, b.name));
  return out;
}

async function listZip(zipPath: string, opts: { cwd: string; property: string }): Promise<EntryListing> {
  const yauzl = await import("yauzl");
  const abs = path.resolve(opts.cwd, zipPath);
  try { await fs.promises.access(abs, fs.constants.R_OK); } catch (e) { throw fsError(opts.property, zipPath, opts.cwd, e); }
  const zip = await new Promise<import("yauzl").ZipFile>((resolve, reject) => {
    yauzl.open(abs, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, z) => {
      if (err || !z) reject(new DataError(opts.property, `${zipPath}: not a readable zip file (${err?.message ?? "unknown error"})`, { cause: err }));
      else resolve(z);
    });
  });
  const entries: ArchiveEntry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: import("yauzl").Entry) => {
        const name = entry.fileName.replace(/^\/+/, "");
        if (!name.endsWith("/")) {
          entries.push({
            name,
            size: entry.uncompressedSize,
            display: `${zipPath}!/${name}`,
            open: () => new Promise<Readable>((res, rej) => {
              zip.openReadStream(entry, (err, s) => (err || !s ? rej(err ?? new Error("no stream")) : res(s)));
            }),
          });
        }
        zip.readEntry();
      });
      zip.on("end", () => resolve());
      zip.on("error", (err: Error) => reject(new DataError(opts.property, `${zipPath}: not a readable zip file (${err.message})`, { cause: err })));
      zip.readEntry();
    });
  } catch (e) {
    zip.close();
    throw e;
  }
  entries.sort((a, b) => compareNames(a.name, b.name));
  return { entries, close: () => { try { zip.close(); } catch { /* already closed */ } } };
}

async function listAssetArchive(assets: Record<string, SourceSpec>, prefix: string, opts: { cwd: string; property: string }, out: ArchiveEntry[]): Promise<void> {
  for (const key of Object.keys(assets).sort(compareNames)) {
    const spec = assets[key]!;
    const name = prefix + key;
    switch (spec.type) {
      case "file": {
        const abs = path.resolve(opts.cwd, spec.path);
        let st: fs.Stats;
        try { st = await fs.promises.stat(abs); } catch (e) { throw fsError(opts.property, spec.path, opts.cwd, e); }
        if (!st.isFile()) throw new DataError(opts.property, `${spec.path}: FileAsset path is not a regular file`);
        out.push({ name, size: st.size, display: spec.path, open: async () => fileStream(abs) });
        break;
      }
      case "text": {
        const buf = Buffer.from(spec.text, "utf8");
        out.push({ name, size: buf.length, display: name, open: async () => Readable.from([buf]) });
        break;
      }
      case "folder": {
        for (const e of await listFolder(spec.path, { cwd: opts.cwd, property: opts.property })) out.push({ ...e, name: `${name}/${e.name}` });
        break;
      }
      case "assetArchive":
        await listAssetArchive(spec.assets, `${name}/`, opts, out);
        break;
      case "zip":
        throw new DataError(opts.property, `AssetArchive entry ${JSON.stringify(key)}: nested .zip archives are not supported`);
    }
  }
}

/**
 * List the files of an archive-like spec (folder, AssetArchive or .zip) in the order they are
 * zipped: byte-wise by name. For a `.zip` the listing keeps the zip open until `close()`.
 * @throws {@link DataError} for missing paths, unreadable zips, duplicate names, non-archive specs.
 */
export async function listEntries(spec: SourceSpec, opts: { cwd: string; property?: string }): Promise<EntryListing> {
  const property = opts.property ?? "source";
  switch (spec.type) {
    case "folder":
      return { entries: await listFolder(spec.path, { cwd: opts.cwd, property }), close: () => undefined };
    case "zip":
      return listZip(spec.path, { cwd: opts.cwd, property });
    case "assetArchive": {
      const out: ArchiveEntry[] = [];
      await listAssetArchive(spec.assets, "", { cwd: opts.cwd, property }, out);
      out.sort((a, b) => compareNames(a.name, b.name));
      for (let i = 1; i < out.length; i++) {
        if (out[i]!.name === out[i - 1]!.name) throw new DataError(property, `AssetArchive has two files named ${JSON.stringify(out[i]!.name)}`);
      }
      return { entries: out, close: () => undefined };
    }
    default:
      throw new DataError(property, `a ${spec.type} source is not an archive`);
  }
}
