// parseSourceWire: every wire shape a dynamic provider receives, the unknown sentinel, refusals,
// and a property test that nothing but DataError is ever thrown.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ARCHIVE_SIG, ASSET_SIG, DataError, parseSourceWire, SECRET_SIG, SPECIAL_SIG_KEY, toSourceWire, UNKNOWN_VALUE } from "../../provider/data/index.js";

const K = SPECIAL_SIG_KEY;

test("the signature constants match @pulumi/pulumi's rpc module", async () => {
  const rpc = await import("@pulumi/pulumi/runtime/rpc.js");
  assert.equal(SPECIAL_SIG_KEY, rpc.specialSigKey);
  assert.equal(ASSET_SIG, rpc.specialAssetSig);
  assert.equal(ARCHIVE_SIG, rpc.specialArchiveSig);
  assert.equal(SECRET_SIG, rpc.specialSecretSig);
  assert.equal(UNKNOWN_VALUE, rpc.unknownValue);
});

test("FileAsset, StringAsset, FileArchive (folder and .zip) and AssetArchive wire shapes", () => {
  assert.deepEqual(parseSourceWire({ [K]: ASSET_SIG, path: "data/sentences.txt", hash: "abc" }), { type: "file", path: "data/sentences.txt" });
  assert.deepEqual(parseSourceWire({ [K]: ASSET_SIG, text: "hello\n" }), { type: "text", text: "hello\n" });
  assert.deepEqual(parseSourceWire({ [K]: ASSET_SIG, text: "" }), { type: "text", text: "" });
  assert.deepEqual(parseSourceWire({ [K]: ARCHIVE_SIG, path: "data/acoustic" }), { type: "folder", path: "data/acoustic" });
  assert.deepEqual(parseSourceWire({ [K]: ARCHIVE_SIG, path: "data/acoustic.ZIP" }), { type: "zip", path: "data/acoustic.ZIP" });
  assert.deepEqual(parseSourceWire({ [K]: ARCHIVE_SIG, path: "lib.jar" }), { type: "zip", path: "lib.jar" });
  assert.deepEqual(parseSourceWire({
    [K]: ARCHIVE_SIG,
    assets: {
      "trans.txt": { [K]: ASSET_SIG, text: "a.wav\thello" },
      "a.wav": { [K]: ASSET_SIG, path: "audio/a.wav" },
      more: { [K]: ARCHIVE_SIG, path: "audio/more" },
    },
  }), {
    type: "assetArchive",
    assets: { "a.wav": { type: "file", path: "audio/a.wav" }, more: { type: "folder", path: "audio/more" }, "trans.txt": { type: "text", text: "a.wav\thello" } },
  });
});

test("wire shapes round-trip through toSourceWire", () => {
  for (const spec of [
    { type: "file", path: "a.txt" }, { type: "text", text: "x" }, { type: "folder", path: "d" }, { type: "zip", path: "d.zip" },
    { type: "assetArchive", assets: { "x.txt": { type: "text", text: "y" } } },
  ] as const) assert.deepEqual(parseSourceWire(toSourceWire(spec)), spec);
});

test("the unknown sentinel, at the top or inside, gives \"unknown\"", () => {
  assert.equal(parseSourceWire(UNKNOWN_VALUE), "unknown");
  assert.equal(parseSourceWire({ [K]: ASSET_SIG, path: UNKNOWN_VALUE }), "unknown");
  assert.equal(parseSourceWire({ [K]: ASSET_SIG, text: UNKNOWN_VALUE }), "unknown");
  assert.equal(parseSourceWire({ [K]: ARCHIVE_SIG, path: UNKNOWN_VALUE }), "unknown");
  assert.equal(parseSourceWire({ [K]: ARCHIVE_SIG, assets: { "a.txt": UNKNOWN_VALUE } }), "unknown");
});

test("a secret wrapper is unwrapped", () => {
  assert.deepEqual(parseSourceWire({ [K]: SECRET_SIG, value: { [K]: ASSET_SIG, text: "s" } }), { type: "text", text: "s" });
});

function refuses(value: unknown, pattern: RegExp, property = "source"): void {
  assert.throws(() => parseSourceWire(value, property), (e: unknown) => {
    assert.ok(e instanceof DataError, `expected DataError, got ${String(e)}`);
    assert.equal(e.property, property);
    assert.match(e.reason, pattern);
    assert.equal(e.message, `${property}: ${e.reason}`);
    return true;
  });
}

test("remote assets and archives are refused with a pointer to contentUrl", () => {
  assert.throws(() => parseSourceWire({ [K]: ASSET_SIG, uri: "https://example.com/a.txt" }),
    { name: "DataError", message: "source: remote asset URIs are not supported; use contentUrl for data at a URL" });
  refuses({ [K]: ARCHIVE_SIG, uri: "https://example.com/a.zip" }, /remote archive URIs are not supported; use contentUrl/);
  refuses({ [K]: ARCHIVE_SIG, assets: { x: { [K]: ASSET_SIG, uri: "http://x" } } }, /remote asset URIs/);
});

test("tar archives, nested zips and bad entry names are refused", () => {
  for (const p of ["a.tar", "a.tgz", "a.TAR.GZ"]) refuses({ [K]: ARCHIVE_SIG, path: p }, /tar archives .* not supported/);
  refuses({ [K]: ARCHIVE_SIG, assets: { inner: { [K]: ARCHIVE_SIG, path: "x.zip" } } }, /nested \.zip/);
  for (const name of ["../x", "/abs", "a\\b", "a/./b", ""]) refuses({ [K]: ARCHIVE_SIG, assets: { [name]: { [K]: ASSET_SIG, text: "" } } }, /entry name/);
});

test("malformed values are refused with DataError naming the property", () => {
  refuses(undefined, /is required/, "data");
  refuses(null, /is required/);
  refuses("data/sentences.txt", /got a string; wrap a path/);
  refuses(42, /got a number/);
  refuses([], /got an array/);
  refuses({ path: "x" }, /not an asset or archive/);
  refuses({ [K]: "nope", path: "x" }, /not an asset or archive/);
  refuses({ [K]: ASSET_SIG }, /asset has no path, text or uri/);
  refuses({ [K]: ASSET_SIG, path: 3 }, /asset path must be a string/);
  refuses({ [K]: ASSET_SIG, text: {} }, /asset text must be a string/);
  refuses({ [K]: ARCHIVE_SIG }, /archive has no path, assets or uri/);
  refuses({ [K]: ARCHIVE_SIG, assets: [] }, /map of name/);
  refuses({ [K]: ARCHIVE_SIG, path: true }, /archive path must be a string/);
  let deep: unknown = { [K]: ASSET_SIG, text: "x" };
  for (let i = 0; i < 40; i++) deep = { [K]: ARCHIVE_SIG, assets: { d: deep } };
  refuses(deep, /nesting deeper/);
});

test("property: random values never throw anything but DataError", () => {
  const sig = fc.constantFrom(ASSET_SIG, ARCHIVE_SIG, SECRET_SIG, "other");
  const leaf = fc.oneof(fc.string(), fc.constant(UNKNOWN_VALUE), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const wireish = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small", withCrossShrink: true },
      leaf,
      fc.record({ [K]: sig, path: fc.option(fc.oneof(fc.string(), fc.constantFrom("a.zip", "b.tar", "dir")), { nil: undefined }), text: fc.option(fc.string(), { nil: undefined }), uri: fc.option(fc.string(), { nil: undefined }) }, { requiredKeys: [K] }),
      fc.record({ [K]: fc.constant(ARCHIVE_SIG), assets: fc.dictionary(fc.string(), tie("node"), { maxKeys: 4 }) }),
      fc.record({ [K]: fc.constant(SECRET_SIG), value: tie("node") }),
    ),
  })).node;
  const anything = fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withObjectString: true });
  fc.assert(fc.property(fc.oneof(wireish, anything), fc.string({ minLength: 1 }), (v, prop) => {
    try {
      const r = parseSourceWire(v, prop);
      assert.ok(r === "unknown" || typeof r === "object");
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      assert.equal(e.property, prop);
    }
  }), { numRuns: 2000 });
});
