/**
 * Pulumi asset/archive wire shapes, as a dynamic provider receives them.
 *
 * The dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) hands inputs to the provider with
 * `Struct.toJavaScript()`, i.e. as plain JSON: it does NOT rebuild `pulumi.asset.*` objects. The
 * constants below are copied from `@pulumi/pulumi/runtime/rpc.js` (`specialSigKey`,
 * `specialAssetSig`, `specialArchiveSig`, `specialSecretSig`, `unknownValue`); this module must not
 * import the Pulumi runtime.
 *
 * @packageDocumentation
 */
import { DataError } from "./errors.js";

/** Key that marks a special value on the wire (`rpc.specialSigKey`). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature of an asset (`rpc.specialAssetSig`): FileAsset, StringAsset, RemoteAsset. */
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
/** Signature of an archive (`rpc.specialArchiveSig`): FileArchive, AssetArchive, RemoteArchive. */
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
/** Signature of a secret wrapper (`rpc.specialSecretSig`); unwrapped if it ever shows up. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The value of a not-yet-known input during preview (`rpc.unknownValue`). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A local file whose bytes are uploaded as they are (`new pulumi.asset.FileAsset(path)`). */
export interface FileSource { type: "file"; path: string }
/** Inline text uploaded as UTF-8 (`new pulumi.asset.StringAsset(text)`). */
export interface TextSource { type: "text"; text: string }
/** A local folder, zipped deterministically on the fly (`new pulumi.asset.FileArchive(dir)`). */
export interface FolderSource { type: "folder"; path: string }
/** A local `.zip` (or `.jar`) file uploaded as it is (`new pulumi.asset.FileArchive("x.zip")`). */
export interface ZipSource { type: "zip"; path: string }
/**
 * An archive assembled from named assets and archives (`new pulumi.asset.AssetArchive({...})`),
 * zipped deterministically. Asset entries (`file`, `text`) become files named by their key; archive
 * entries (`folder`, `assetArchive`) are expanded under `key/`. Nested `.zip` archives are refused.
 */
export interface AssetArchiveSource { type: "assetArchive"; assets: Record<string, SourceSpec> }

/** Where a dataset's data comes from, parsed from the wire. Paths are relative to the `cwd` option. */
export type SourceSpec = FileSource | TextSource | FolderSource | ZipSource | AssetArchiveSource;

/** True for the specs that are uploaded as a zip archive. */
export function isArchiveSpec(spec: SourceSpec): spec is FolderSource | ZipSource | AssetArchiveSource {
  return spec.type === "folder" || spec.type === "zip" || spec.type === "assetArchive";
}

const MAX_DEPTH = 32;
const REMOTE_ASSET = "remote asset URIs are not supported; use contentUrl for data at a URL";
const REMOTE_ARCHIVE = "remote archive URIs are not supported; use contentUrl for data at a URL";
const EXPECTED = "expected a pulumi.asset.FileAsset, StringAsset, FileArchive or AssetArchive";

class Unknown { }
const UNKNOWN = new Unknown();

function own(o: object, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return "a string";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function archiveKindOfPath(path: string): "zip" | "tar" | "folder" {
  const p = path.toLowerCase();
  if (p.endsWith(".zip") || p.endsWith(".jar")) return "zip";
  if (p.endsWith(".tar") || p.endsWith(".tgz") || p.endsWith(".tar.gz")) return "tar";
  return "folder";
}

function checkEntryName(property: string, name: string): void {
  const bad = name === "" || name.startsWith("/") || name.includes("\\") || name.includes("\0")
    || /^[A-Za-z]:/.test(name) || name.split("/").some((s) => s === ".." || s === ".");
  if (bad) throw new DataError(property, `AssetArchive entry name ${JSON.stringify(name)} must be a relative path with forward slashes and no "." or ".." segments`);
}

function parse(value: unknown, property: string, depth: number, nested: boolean): SourceSpec | Unknown {
  if (depth > MAX_DEPTH) throw new DataError(property, `AssetArchive nesting deeper than ${MAX_DEPTH} levels`);
  if (value === UNKNOWN_VALUE) return UNKNOWN;
  if (value === undefined || value === null) throw new DataError(property, `is required; ${EXPECTED}`);
  if (typeof value === "string") {
    throw new DataError(property, `${EXPECTED}, got a string; wrap a path as new pulumi.asset.FileAsset(path) or new pulumi.asset.FileArchive(dir)`);
  }
  if (typeof value !== "object" || Array.isArray(value)) throw new DataError(property, `${EXPECTED}, got ${describe(value)}`);
  const sig = own(value, SPECIAL_SIG_KEY);
  if (sig === SECRET_SIG) return parse(own(value, "value"), property, depth + 1, nested);
  if (sig === ASSET_SIG) {
    const path = own(value, "path"), text = own(value, "text"), uri = own(value, "uri");
    // Same precedence as @pulumi/pulumi's deserializeProperty: path, then text, then uri.
    if (path === UNKNOWN_VALUE || (path === undefined && text === UNKNOWN_VALUE)) return UNKNOWN;
    if (typeof path === "string" && path !== "") return { type: "file", path };
    if (path !== undefined && path !== "" && path !== null) throw new DataError(property, `asset path must be a string, got ${describe(path)}`);
    if (typeof text === "string") return { type: "text", text };
    if (text !== undefined && text !== null) throw new DataError(property, `asset text must be a string, got ${describe(text)}`);
    if (uri !== undefined && uri !== null && uri !== "") throw new DataError(property, REMOTE_ASSET);
    throw new DataError(property, "asset has no path, text or uri");
  }
  if (sig === ARCHIVE_SIG) {
    const path = own(value, "path"), assets = own(value, "assets"), uri = own(value, "uri");
    if (assets === UNKNOWN_VALUE || path === UNKNOWN_VALUE) return UNKNOWN;
    if (assets !== undefined && assets !== null) {
      if (typeof assets !== "object" || Array.isArray(assets)) throw new DataError(property, `archive assets must be a map of name to asset or archive, got ${describe(assets)}`);
      const out: Record<string, SourceSpec> = {};
      let unknown = false;
      for (const name of Object.keys(assets).sort()) {
        checkEntryName(property, name);
        const inner = parse(own(assets, name), property, depth + 1, true);
        if (inner instanceof Unknown) { unknown = true; continue; }
        if (inner.type === "zip") throw new DataError(property, `AssetArchive entry ${JSON.stringify(name)}: nested .zip archives are not supported; use a folder (FileArchive of a directory) instead`);
        Object.defineProperty(out, name, { value: inner, enumerable: true, writable: true, configurable: true });
      }
      if (unknown) return UNKNOWN;
      return { type: "assetArchive", assets: out };
    }
    if (typeof path === "string" && path !== "") {
      const kind = archiveKindOfPath(path);
      if (kind === "tar") throw new DataError(property, `tar archives (${path}) are not supported; use a .zip file or a folder`);
      return kind === "zip" ? { type: "zip", path } : { type: "folder", path };
    }
    if (path !== undefined && path !== null && path !== "") throw new DataError(property, `archive path must be a string, got ${describe(path)}`);
    if (uri !== undefined && uri !== null && uri !== "") throw new DataError(property, REMOTE_ARCHIVE);
    throw new DataError(property, "archive has no path, assets or uri");
  }
  void nested;
  throw new DataError(property, `${EXPECTED}, got ${describe(value)} that is not an asset or archive`);
}

/**
 * Parse a `source` input in its wire shape (plain JSON, as the dynamic provider receives it).
 *
 * @param value - the raw input value.
 * @param property - the input name used in error messages (default `"source"`).
 * @returns the parsed {@link SourceSpec}, or `"unknown"` when the value (or any part of it) is
 *   the preview-time unknown sentinel.
 * @throws {@link DataError} for anything that is not a supported local asset or archive: remote
 *   `uri` assets/archives (use `contentUrl`), tar archives, nested zips, malformed shapes.
 *   Never throws anything else.
 */
export function parseSourceWire(value: unknown, property = "source"): SourceSpec | "unknown" {
  const r = parse(value, property, 0, false);
  return r instanceof Unknown ? "unknown" : r;
}

/**
 * The wire shape of a spec (inverse of {@link parseSourceWire}); handy for tests and for storing a
 * normalised input.
 */
export function toSourceWire(spec: SourceSpec): Record<string, unknown> {
  switch (spec.type) {
    case "file": return { [SPECIAL_SIG_KEY]: ASSET_SIG, path: spec.path };
    case "text": return { [SPECIAL_SIG_KEY]: ASSET_SIG, text: spec.text };
    case "folder":
    case "zip": return { [SPECIAL_SIG_KEY]: ARCHIVE_SIG, path: spec.path };
    case "assetArchive": {
      const assets: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(spec.assets)) assets[k] = toSourceWire(v);
      return { [SPECIAL_SIG_KEY]: ARCHIVE_SIG, assets };
    }
  }
}
