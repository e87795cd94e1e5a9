// A FileArchive folder uploads only what lies inside it: symbolic links that resolve outside the
// folder are refused by the one folder walk that hashing, validation and upload share; links that
// stay inside are followed; a link swapped in after the listing is not followed when zipping.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { DataError, hashSource, listEntries, openSource, validateData, zipEntries, type SourceSpec } from "../../provider/data/index.js";
import { collect, readZip, tempDir, wav, writeTree } from "./helpers.js";

const skip = process.platform === "win32";

/** An outside file with unique content, and a folder `d` next to it. */
function setup(t: import("node:test").TestContext): { cwd: string; outside: string; secret: string } {
  const cwd = tempDir(t);
  const secret = `outside-secret-${randomUUID()}`;
  writeTree(cwd, { "outside/secret.txt": `${secret}\n`, "d/a.wav": wav({ seconds: 0.1 }), "d/trans.txt": "a.wav\thello\n" });
  return { cwd, outside: path.join(cwd, "outside"), secret };
}

async function refused(p: Promise<unknown>, link: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.equal(e.property, "source");
    assert.ok(e.reason.includes(`d/${link}`), `names the link: ${e.reason}`);
    assert.match(e.reason, /points outside the folder/);
    return true;
  });
}

test("a symlink to a file outside the folder is refused by listing, hashing and opening", { skip }, async (t) => {
  const { cwd, outside } = setup(t);
  fs.symlinkSync(path.join(outside, "secret.txt"), path.join(cwd, "d", "evil.txt"));
  const spec: SourceSpec = { type: "folder", path: "d" };
  await refused(listEntries(spec, { cwd }), "evil.txt");
  await refused(hashSource(spec, { cwd, property: "source" }), "evil.txt");
  await refused(openSource(spec, { cwd }), "evil.txt");
});

test("a symlink to a system file (/etc/hostname) is refused", { skip: skip || !fs.existsSync("/etc/hostname") }, async (t) => {
  const { cwd } = setup(t);
  fs.symlinkSync("/etc/hostname", path.join(cwd, "d", "host"));
  await refused(hashSource({ type: "folder", path: "d" }, { cwd }), "host");
});

test("a symlinked directory pointing outside is refused, also deep inside and through a chain of links", { skip }, async (t) => {
  const { cwd, outside } = setup(t);
  fs.mkdirSync(path.join(cwd, "d", "sub", "deeper"), { recursive: true });
  fs.symlinkSync(outside, path.join(cwd, "d", "sub", "deeper", "escape"));
  await refused(listEntries({ type: "folder", path: "d" }, { cwd }), "sub/deeper/escape");

  // an inside link to an inside link that points outside: resolved fully, refused
  fs.rmSync(path.join(cwd, "d", "sub"), { recursive: true });
  fs.symlinkSync(outside, path.join(cwd, "d", "hop2"));
  fs.symlinkSync(path.join(cwd, "d", "hop2"), path.join(cwd, "d", "hop1"));
  await refused(listEntries({ type: "folder", path: "d" }, { cwd }), "hop1");
});

test("a sibling folder whose name starts like the folder's is outside (no prefix trap)", { skip }, async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "d/a.txt": "a", "d2/b.txt": "b" });
  fs.symlinkSync(path.join(cwd, "d2", "b.txt"), path.join(cwd, "d", "b.txt"));
  fs.symlinkSync("../d2", path.join(cwd, "d", "rel")); // relative link
  await assert.rejects(listEntries({ type: "folder", path: "d" }, { cwd }), /d\/b\.txt: symbolic link points outside the folder/);
});

test("validation and the dataset's check path report the outside link as a problem naming it", { skip }, async (t) => {
  const { cwd, outside } = setup(t);
  fs.symlinkSync(outside, path.join(cwd, "d", "more"));
  const problems = await validateData("Acoustic", "en-US", { type: "folder", path: "d" }, { cwd });
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.match(problems[0]!.reason, /d\/more: symbolic link points outside the folder/);
});

test("an AssetArchive's folder entry follows the same rule", { skip }, async (t) => {
  const { cwd, outside } = setup(t);
  fs.symlinkSync(path.join(outside, "secret.txt"), path.join(cwd, "d", "evil.txt"));
  await refused(hashSource({ type: "assetArchive", assets: { data: { type: "folder", path: "d" } } }, { cwd }), "evil.txt");
});

test("links that stay inside the folder are followed, relative or absolute; the zip holds no outside bytes", { skip }, async (t) => {
  const { cwd, secret } = setup(t);
  writeTree(path.join(cwd, "d"), { "sub/x.txt": "inside x" });
  fs.symlinkSync(path.join(cwd, "d", "sub"), path.join(cwd, "d", "sub-link"));
  fs.symlinkSync("sub/x.txt", path.join(cwd, "d", "x-link.txt"));
  fs.symlinkSync("..", path.join(cwd, "d", "sub", "up")); // back to the root: a cycle, skipped
  const zip = await collect((await openSource({ type: "folder", path: "d" }, { cwd })).stream());
  const entries = await readZip(zip);
  assert.deepEqual(entries.map((e) => e.name), ["a.wav", "sub-link/x.txt", "sub/x.txt", "trans.txt", "x-link.txt"]);
  assert.equal(entries.find((e) => e.name === "x-link.txt")!.data.toString(), "inside x");
  assert.ok(!zip.includes(secret));
});

test("a file swapped for a link to outside after the listing is not read", { skip }, async (t) => {
  const { cwd, outside, secret } = setup(t);
  writeTree(path.join(cwd, "d"), { "later.txt": "inside" });
  const listing = await listEntries({ type: "folder", path: "d" }, { cwd });
  fs.rmSync(path.join(cwd, "d", "later.txt"));
  fs.symlinkSync(path.join(outside, "secret.txt"), path.join(cwd, "d", "later.txt"));
  const got: Buffer[] = [];
  const stream = zipEntries(listing.entries);
  await assert.rejects(new Promise<void>((resolve, reject) => {
    stream.on("data", (c: Buffer) => got.push(c));
    stream.on("end", resolve);
    stream.on("error", reject);
  }), /later\.txt/);
  assert.ok(!Buffer.concat(got).includes(secret), "the outside file's content never reaches the zip stream");
});
