// validateData for Language and Pronunciation, formatProblems, size limits and the problem cap.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatProblems, KIND_LIMITS, validateData, type DataProblem } from "../../provider/data/index.js";
import { tempDir, writeTree } from "./helpers.js";

function has(problems: DataProblem[], file: string, reason: RegExp, line?: number): void {
  assert.ok(problems.some((p) => p.file === file && reason.test(p.reason) && p.line === line),
    `expected ${file}${line ? ` line ${line}` : ""} ${reason}; got ${JSON.stringify(problems, null, 1)}`);
}

test("a valid Language file passes, with or without BOM (a missing BOM only warns)", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "bom.txt": "\ufeffturn on the lights\nset a timer for ten minutes\n", "plain.txt": "turn on the lights\r\nplay music\r\n" });
  assert.deepEqual(await validateData("Language", "en-US", { type: "file", path: "bom.txt" }, { cwd, includeWarnings: true }), []);
  assert.deepEqual(await validateData("Language", "en-US", { type: "file", path: "plain.txt" }, { cwd }), []);
  const w = await validateData("Language", "en-US", { type: "file", path: "plain.txt" }, { cwd, includeWarnings: true });
  assert.deepEqual(w, [{ file: "plain.txt", reason: w[0]!.reason, severity: "warning" }]);
  assert.match(w[0]!.reason, /no UTF-8 byte-order mark/);
  assert.deepEqual(await validateData("Language", "ja-JP", { type: "text", text: "\ufeff東京駅に行きます\n" }, { cwd, includeWarnings: true }), []);
});

test("Language: URIs are errors with the line; invalid UTF-8 names the line", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "train.txt": Buffer.concat([Buffer.from("fine line\nsee https://contoso.com/page now\nalso www.contoso.com\n"), Buffer.from([0x61, 0xc0, 0x0a]), Buffer.from("end\n")]) });
  const p = await validateData("Language", "en-US", { type: "file", path: "train.txt" }, { cwd });
  has(p, "train.txt", /URIs will be rejected \(found "https:\/\/contoso\.com\/page"\)/, 2);
  has(p, "train.txt", /URIs will be rejected/, 3);
  has(p, "train.txt", /not valid UTF-8/, 4);
  assert.equal(p.length, 3);
});

test("Language warnings: characters above U+00A1 (English only), repetitions, ja/ko line count", async (t) => {
  const cwd = tempDir(t);
  const w = await validateData("Language", "en-US", { type: "text", text: "\ufeffit\u2019s fine\nyeah yeah yeah yeah\nok ok ok\n" }, { cwd, includeWarnings: true });
  has(w, "inline text", /"\u2019" \(U\+2019\) is above U\+00A1/, 1);
  has(w, "inline text", /"yeah" repeats more than three times/, 2);
  assert.equal(w.length, 2);
  assert.deepEqual(await validateData("Language", "en-US", { type: "text", text: "it\u2019s fine\n" }, { cwd }), [], "warnings are not errors");
  assert.deepEqual(await validateData("Language", "fr-FR", { type: "text", text: "\ufeffça coûte 5 €\n" }, { cwd, includeWarnings: true }), []);
  const many = "\ufeff" + "こんにちは\n".repeat(20_001);
  has(await validateData("Language", "ja-JP", { type: "text", text: many }, { cwd, includeWarnings: true }), "inline text", /20001 lines; .* at most 20000 lines/);
});

test("Language refuses archives, empty files and UTF-16", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "d/a.txt": "a", "empty.txt": "", "blank.txt": "\n\n", "u16.txt": Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]) });
  has(await validateData("Language", "en-US", { type: "folder", path: "d" }, { cwd }), "d/", /one text file; use new pulumi\.asset\.FileAsset/);
  has(await validateData("Language", "en-US", { type: "file", path: "empty.txt" }, { cwd }), "empty.txt", /file is empty/);
  has(await validateData("Language", "en-US", { type: "file", path: "blank.txt" }, { cwd }), "blank.txt", /no content lines/);
  has(await validateData("Language", "en-US", { type: "file", path: "u16.txt" }, { cwd }), "u16.txt", /UTF-16/);
  has(await validateData("Language", "en-US", { type: "file", path: "nope.txt" }, { cwd }), "nope.txt", /no such file or folder/);
});

test("Pronunciation: display<TAB>spoken form, one TAB, both sides non-empty", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "ok.txt": "\ufeffIEEE\ti triple e\nCNTK\tc n t k\n", "bad.txt": "\ufeffIEEE\ti triple e\nCNTK c n t k\na\tb\tc\n\tspoken\ndisplay\t \n" });
  assert.deepEqual(await validateData("Pronunciation", "de-DE", { type: "file", path: "ok.txt" }, { cwd, includeWarnings: true }), []);
  const p = await validateData("Pronunciation", "en-US", { type: "file", path: "bad.txt" }, { cwd });
  has(p, "bad.txt", /^Pronunciation lines need a TAB between the display form and the spoken form$/, 2);
  has(p, "bad.txt", /exactly one TAB .* found 2/, 3);
  has(p, "bad.txt", /empty display form/, 4);
  has(p, "bad.txt", /empty spoken form/, 5);
  assert.equal(p.length, 4);
});

test("Pronunciation in English may be ANSI: invalid UTF-8 only warns there, and no BOM warning", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "ansi.txt": Buffer.from("caf\xe9\tk a f e\n", "latin1") });
  assert.deepEqual(await validateData("Pronunciation", "en-US", { type: "file", path: "ansi.txt" }, { cwd }), []);
  has(await validateData("Pronunciation", "en-US", { type: "file", path: "ansi.txt" }, { cwd, includeWarnings: true }), "ansi.txt", /ANSI/, 1);
  has(await validateData("Pronunciation", "fr-FR", { type: "file", path: "ansi.txt" }, { cwd }), "ansi.txt", /not valid UTF-8/, 1);
});

test("size limits: Pronunciation over 1 MiB is an error", async (t) => {
  const cwd = tempDir(t);
  fs.writeFileSync(path.join(cwd, "big.txt"), "word\tw o r d\n".repeat(Math.ceil((KIND_LIMITS.Pronunciation.maxBytes + 1) / 13)));
  has(await validateData("Pronunciation", "en-US", { type: "file", path: "big.txt" }, { cwd }), "big.txt", /the Pronunciation limit is 1048576 bytes/);
});

test("the size table carries the documented numbers", () => {
  const MiB = 1024 * 1024, GiB = 1024 * MiB;
  assert.equal(KIND_LIMITS.Acoustic.maxBytes, 2 * GiB);
  assert.equal(KIND_LIMITS.Acoustic.maxFiles, 10_000);
  assert.equal(KIND_LIMITS.AudioFiles.maxBytes, 2 * GiB);
  assert.equal(KIND_LIMITS.Language.warnBytes, 200 * MiB);
  assert.equal(KIND_LIMITS.Language.maxBytes, 1.5 * GiB);
  assert.equal(KIND_LIMITS.LanguageMarkdown.extension, ".md");
  assert.equal(KIND_LIMITS.Pronunciation.maxBytes, MiB);
  assert.equal(KIND_LIMITS.OutputFormatting.maxBytes, 10 * MiB);
});

test("problems are capped with a final count", async (t) => {
  const cwd = tempDir(t);
  const p = await validateData("Pronunciation", "de-DE", { type: "text", text: "\ufeff" + "no tab\n".repeat(500) }, { cwd, maxProblems: 10 });
  assert.equal(p.length, 11);
  assert.deepEqual(p.at(-1), { file: "inline text", reason: "490 more problems not shown" });
});

test("formatProblems renders property, file, line and reason", () => {
  assert.deepEqual(formatProblems("source", [
    { file: "data/train.txt", line: 12, reason: "Pronunciation lines need a TAB between the display form and the spoken form" },
    { file: "data/acoustic/", reason: "Acoustic data needs at least one .wav file" },
    { file: "data/x.txt", reason: "file has no UTF-8 byte-order mark", severity: "warning" },
  ]), [
    "source: data/train.txt line 12: Pronunciation lines need a TAB between the display form and the spoken form",
    "source: data/acoustic/: Acoustic data needs at least one .wav file",
    "source: data/x.txt: warning: file has no UTF-8 byte-order mark",
  ]);
});
