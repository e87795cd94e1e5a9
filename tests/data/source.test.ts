// openSource / hashSource: the exact upload bytes per source type, and their SHA-256.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { hashSource, openSource, type SourceSpec } from "../../provider/data/index.js";
import { collect, makeZip, tempDir, wav, writeTree } from "./helpers.js";

const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

test("a FileAsset uploads the file's bytes as they are", async (t) => {
  const cwd = tempDir(t);
  const content = Buffer.from("\ufeffone\r\ntwo\n", "utf8");
  writeTree(cwd, { "data/sentences.txt": content });
  const o = await openSource({ type: "file", path: "data/sentences.txt" }, { cwd });
  assert.equal(o.description, "data/sentences.txt");
  assert.equal(o.size, content.length);
  assert.equal(o.format, "file");
  assert.ok((await collect(o.stream())).equals(content));
  assert.ok((await collect(o.stream())).equals(content), "stream() restarts");
});

test("a StringAsset uploads its text as UTF-8 without adding a BOM", async (t) => {
  const cwd = tempDir(t);
  const o = await openSource({ type: "text", text: "héllo\n" }, { cwd });
  assert.ok((await collect(o.stream())).equals(Buffer.from("héllo\n", "utf8")));
  assert.equal(o.size, 7);
  const empty = await openSource({ type: "text", text: "" }, { cwd });
  assert.equal((await collect(empty.stream())).length, 0);
});

test("a .zip FileArchive uploads the zip as it is", async (t) => {
  const cwd = tempDir(t);
  await makeZip(path.join(cwd, "a.zip"), { "a.wav": wav(), "trans.txt": "a.wav\thi\n" });
  const o = await openSource({ type: "zip", path: "a.zip" }, { cwd });
  assert.ok((await collect(o.stream())).equals(fs.readFileSync(path.join(cwd, "a.zip"))));
  assert.equal(o.format, "zip");
});

test("hashSource is the SHA-256 and length of exactly the uploaded bytes, for every source type", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "f.txt": "file\n", "dir/a.wav": wav(), "dir/trans.txt": "a.wav\thi\n" });
  await makeZip(path.join(cwd, "z.zip"), { "x.txt": "x" });
  const specs: SourceSpec[] = [
    { type: "file", path: "f.txt" }, { type: "text", text: "inline ✓" }, { type: "folder", path: "dir" }, { type: "zip", path: "z.zip" },
    { type: "assetArchive", assets: { "t.txt": { type: "text", text: "t" }, "f.txt": { type: "file", path: "f.txt" } } },
  ];
  for (const spec of specs) {
    const bytes = await collect((await openSource(spec, { cwd })).stream());
    assert.deepEqual(await hashSource(spec, { cwd }), { sha256: sha(bytes), size: bytes.length }, spec.type);
  }
});

test("a folder's hash is stable across mtimes (the hash drives diffs)", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "dir/a.wav": wav(), "dir/trans.txt": "a.wav\thi\n" });
  const before = await hashSource({ type: "folder", path: "dir" }, { cwd });
  fs.utimesSync(path.join(cwd, "dir/a.wav"), new Date(2030, 1, 1), new Date(2030, 1, 1));
  assert.deepEqual(await hashSource({ type: "folder", path: "dir" }, { cwd }), before);
});

test("missing or mistyped paths are DataErrors naming the path as written", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "dir/x.txt": "x", "f.txt": "f" });
  await assert.rejects(openSource({ type: "file", path: "nope.txt" }, { cwd }), { name: "DataError", property: "source", message: /^source: nope\.txt: no such file or folder/ });
  await assert.rejects(openSource({ type: "file", path: "dir" }, { cwd }), { name: "DataError", message: /is a folder; use new pulumi\.asset\.FileArchive/ });
  await assert.rejects(openSource({ type: "folder", path: "f.txt" }, { cwd }), { name: "DataError", message: /not a folder/ });
  await assert.rejects(openSource({ type: "folder", path: "missing" }, { cwd }), { name: "DataError", message: /missing: no such file/ });
  await assert.rejects(openSource({ type: "zip", path: "missing.zip" }, { cwd, property: "data" }), { name: "DataError", property: "data" });
});

test("relative paths resolve against cwd, absolute paths are used as they are", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "f.txt": "f" });
  const abs = path.join(cwd, "f.txt");
  const o = await openSource({ type: "file", path: abs }, { cwd: "/" });
  assert.equal((await collect(o.stream())).toString(), "f");
});
