// Deterministic zip of folders and AssetArchives: byte-identical across runs, mtimes, modes and
// creation order; sorted entries, no directory entries, fixed date/mode, STORE; exact size.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { listEntries, openSource, zipEntries, zipSize, type SourceSpec } from "../../provider/data/index.js";
import { collect, readZip, tempDir, wav, writeTree } from "./helpers.js";

const files = {
  "trans.txt": "b.wav\thello\na.wav\tworld\n",
  "b.wav": wav({ seconds: 0.2 }),
  "a.wav": wav({ seconds: 0.1 }),
  "sub/z.txt": "z",
  "sub/deeper/é.txt": "accent",
  "Upper.txt": "U",
};

async function zipOf(spec: SourceSpec, cwd: string): Promise<Buffer> {
  return collect((await openSource(spec, { cwd })).stream());
}

test("same folder gives byte-identical zips across runs and across file mtimes and modes", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "one"), files);
  const first = await zipOf({ type: "folder", path: "one" }, cwd);
  const second = await zipOf({ type: "folder", path: "one" }, cwd);
  assert.ok(first.equals(second));

  // a second copy written in a different order, with other mtimes and modes
  const reversed = Object.fromEntries(Object.entries(files).reverse());
  writeTree(path.join(cwd, "two"), reversed);
  for (const [i, rel] of Object.keys(files).entries()) {
    const p = path.join(cwd, "two", rel);
    fs.utimesSync(p, new Date(2001 + i, 5, 6), new Date(2001 + i, 5, 6, 7, 8, 9));
    fs.chmodSync(p, i % 2 ? 0o600 : 0o755);
  }
  const other = await zipOf({ type: "folder", path: "two" }, cwd);
  assert.ok(first.equals(other), "zip must not depend on mtimes, modes or creation order");

  // a content change changes the bytes
  fs.writeFileSync(path.join(cwd, "two", "sub/z.txt"), "Z");
  assert.ok(!first.equals(await zipOf({ type: "folder", path: "two" }, cwd)));
});

test("entries are sorted byte-wise, forward slashes, no directories, fixed date and mode, stored", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "d"), files);
  const entries = await readZip(await zipOf({ type: "folder", path: "d" }, cwd));
  assert.deepEqual(entries.map((e) => e.name), ["Upper.txt", "a.wav", "b.wav", "sub/deeper/é.txt", "sub/z.txt", "trans.txt"]);
  for (const e of entries) {
    assert.equal(e.mode, 0o100644);
    assert.equal(e.lastModDate, (0 << 9) | (1 << 5) | 1, "1980-01-01");
    assert.equal(e.lastModTime, 0);
    assert.equal(e.method, 0, "STORE");
    assert.equal(e.extraLen, 0, "no extended timestamp field");
  }
  assert.equal(entries.find((e) => e.name === "sub/deeper/é.txt")!.data.toString(), "accent");
  assert.ok(entries.find((e) => e.name === "a.wav")!.data.equals(files["a.wav"]));
});

test("zipSize predicts the exact zip length and openSource reports it", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "d"), files);
  const opened = await openSource({ type: "folder", path: "d" }, { cwd });
  const bytes = await collect(opened.stream());
  assert.equal(opened.size, bytes.length);
  assert.equal(opened.format, "zip");
  const listing = await listEntries({ type: "folder", path: "d" }, { cwd });
  assert.equal(zipSize(listing.entries), bytes.length);
  assert.equal(zipSize([]), 22);
});

test("an empty folder zips to an empty archive", async (t) => {
  const cwd = tempDir(t);
  fs.mkdirSync(path.join(cwd, "empty"));
  const bytes = await zipOf({ type: "folder", path: "empty" }, cwd);
  assert.equal(bytes.length, 22);
  assert.deepEqual(await readZip(bytes), []);
});

test("an AssetArchive zips its assets and expanded folders deterministically", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "audio/a.wav": files["a.wav"], "more/x.txt": "x", "more/y/z.txt": "z" });
  const spec: SourceSpec = {
    type: "assetArchive",
    assets: { "trans.txt": { type: "text", text: "a.wav\thi" }, "a.wav": { type: "file", path: "audio/a.wav" }, extra: { type: "folder", path: "more" },
      nested: { type: "assetArchive", assets: { "n.txt": { type: "text", text: "n" } } } },
  };
  const a = await zipOf(spec, cwd);
  assert.ok(a.equals(await zipOf(spec, cwd)));
  const entries = await readZip(a);
  assert.deepEqual(entries.map((e) => e.name), ["a.wav", "extra/x.txt", "extra/y/z.txt", "nested/n.txt", "trans.txt"]);
  assert.equal(entries.at(-1)!.data.toString(), "a.wav\thi");
});

test("an AssetArchive with two files of the same name is refused", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "more/x.txt": "x" });
  await assert.rejects(openSource({ type: "assetArchive", assets: { "extra/x.txt": { type: "text", text: "1" }, extra: { type: "folder", path: "more" } } }, { cwd }),
    { name: "DataError", message: /two files named "extra\/x.txt"/ });
});

test("a file that disappears while zipping errors the stream", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "d"), { "a.txt": "a", "b.txt": "b" });
  const listing = await listEntries({ type: "folder", path: "d" }, { cwd });
  fs.rmSync(path.join(cwd, "d", "b.txt"));
  await assert.rejects(collect(zipEntries(listing.entries)), /b\.txt/);
});

test("symlinked files and folders inside the folder are followed; cycles are not", { skip: process.platform === "win32" }, async (t) => {
  // Links that point outside the folder are refused: see symlinks.test.ts.
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "d"), { "a.txt": "a", "real/r.txt": "r" });
  fs.symlinkSync(path.join(cwd, "d", "real"), path.join(cwd, "d", "linked"));
  fs.symlinkSync(path.join(cwd, "d"), path.join(cwd, "d", "loop"));
  fs.symlinkSync(path.join(cwd, "nowhere"), path.join(cwd, "d", "dangling"));
  const entries = await readZip(await zipOf({ type: "folder", path: "d" }, cwd));
  assert.deepEqual(entries.map((e) => e.name), ["a.txt", "linked/r.txt", "real/r.txt"]);
});
