// validateData for Acoustic and AudioFiles: archive layout, WAV headers, transcription lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { validateData, type DataProblem } from "../../provider/data/index.js";
import { makeZip, tempDir, wav, writeLongWav, writeTree } from "./helpers.js";

const good = { "a.wav": wav(), "b.wav": wav({ sampleRate: 8000 }), "trans.txt": "a.wav\thello world\nb.wav\tspeech recognition is awesome\n" };

function has(problems: DataProblem[], file: string, reason: RegExp, line?: number): void {
  assert.ok(problems.some((p) => p.file === file && reason.test(p.reason) && p.line === line),
    `expected ${file}${line ? ` line ${line}` : ""} ${reason}; got ${JSON.stringify(problems, null, 1)}`);
}

test("a valid Acoustic folder, zip and AssetArchive pass (errors and warnings)", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "acoustic"), good);
  await makeZip(path.join(cwd, "acoustic.zip"), good);
  assert.deepEqual(await validateData("Acoustic", "en-US", { type: "folder", path: "acoustic" }, { cwd, includeWarnings: true }), []);
  assert.deepEqual(await validateData("Acoustic", "en-US", { type: "zip", path: "acoustic.zip" }, { cwd, includeWarnings: true }), []);
  assert.deepEqual(await validateData("Acoustic", "en-US", { type: "file", path: "acoustic.zip" }, { cwd }), [], "a FileAsset of a .zip is a zip");
  assert.deepEqual(await validateData("Acoustic", "en-US", { type: "assetArchive", assets: {
    "a.wav": { type: "file", path: "acoustic/a.wav" }, "trans.tsv": { type: "text", text: "a.wav\thi\n" } } }, { cwd, includeWarnings: true }), []);
});

test("Acoustic needs at least one wav and exactly one transcription file", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "none"), { "trans.txt": "a.wav\thi\n" });
  writeTree(path.join(cwd, "noTrans"), { "a.wav": wav() });
  writeTree(path.join(cwd, "two"), { ...good, "more.tsv": "a.wav\thi\n" });
  has(await validateData("Acoustic", "en-US", { type: "folder", path: "none" }, { cwd }), "none/", /at least one \.wav/);
  has(await validateData("Acoustic", "en-US", { type: "folder", path: "noTrans" }, { cwd }), "noTrans/", /needs one transcription file/);
  has(await validateData("Acoustic", "en-US", { type: "folder", path: "two" }, { cwd }), "two/", /exactly one transcription file; found 2: more\.tsv, trans\.txt/);
});

test("transcription lines: TAB, known audio names, en-US ASCII only — each with file and line", async (t) => {
  const cwd = tempDir(t);
  await makeZip(path.join(cwd, "a.zip"), {
    "a.wav": wav(), "b.wav": wav(),
    "trans.txt": "a.wav\tfine\nb.wav no tab here\n\nc.wav\tmissing audio\nb.wav\tcurly \u2019quote\n",
  });
  const p = await validateData("Acoustic", "en-US", { type: "zip", path: "a.zip" }, { cwd });
  has(p, "a.zip!/trans.txt", /need a TAB between the audio file name and the transcription/, 2);
  has(p, "a.zip!/trans.txt", /names "c\.wav", which is not a \.wav file in the archive/, 4);
  has(p, "a.zip!/trans.txt", /en-US transcriptions must be ASCII only; found "\u2019" \(U\+2019\)/, 5);
  assert.equal(p.length, 3);
  // the ASCII rule is en-US only
  const de = await validateData("Acoustic", "de-DE", { type: "zip", path: "a.zip" }, { cwd });
  assert.ok(!de.some((x) => /ASCII/.test(x.reason)));
});

test("invalid UTF-8 in the transcription is reported with its line", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "d"), { "a.wav": wav(), "trans.txt": Buffer.concat([Buffer.from("a.wav\tok\na.wav\tbad "), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from("\n")]) });
  has(await validateData("Acoustic", "fr-FR", { type: "folder", path: "d" }, { cwd }), "d/trans.txt", /not valid UTF-8/, 2);
});

test("WAV format problems name the audio file", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "d"), {
    "ok.wav": wav(), "stereo.wav": wav({ channels: 2 }), "cd.wav": wav({ sampleRate: 44100 }), "fake.wav": "not audio",
    "trans.txt": "ok.wav\ta\nstereo.wav\tb\ncd.wav\tc\nfake.wav\td\n",
  });
  const p = await validateData("Acoustic", "en-US", { type: "folder", path: "d" }, { cwd });
  has(p, "d/stereo.wav", /needs mono/);
  has(p, "d/cd.wav", /44100 Hz/);
  has(p, "d/fake.wav", /not a WAV file/);
  assert.ok(!p.some((x) => x.file === "d/ok.wav"));
});

test("audio longer than 2 hours is an error", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "d"), { "trans.txt": "long.wav\thi\n" });
  writeLongWav(path.join(cwd, "d", "long.wav"), 2 * 3600 + 10);
  has(await validateData("AudioFiles", "en-US", { type: "folder", path: "d" }, { cwd }), "d/long.wav", /the limit is 2 hours/);
});

test("warnings only with includeWarnings: BOM for non-English transcripts, untranscribed audio, stray files, all > 40 s", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "d"), { "a.wav": wav({ seconds: 41 }), "b.wav": wav({ seconds: 41 }), "trans.txt": "a.wav\thallo\n", ".DS_Store": "x" });
  assert.deepEqual(await validateData("Acoustic", "de-DE", { type: "folder", path: "d" }, { cwd }), []);
  const w = await validateData("Acoustic", "de-DE", { type: "folder", path: "d" }, { cwd, includeWarnings: true });
  assert.ok(w.every((p) => p.severity === "warning"));
  has(w, "d/trans.txt", /no UTF-8 byte-order mark/);
  has(w, "d/trans.txt", /1 audio file\(s\) have no transcription line: b\.wav/);
  has(w, "d/.DS_Store", /neither a \.wav file nor the transcription/);
  has(w, "d/", /longer than 40 s/);
});

test("AudioFiles holds only .wav files", async (t) => {
  const cwd = tempDir(t);
  writeTree(path.join(cwd, "ok"), { "a.wav": wav(), "sub/b.WAV": wav() });
  writeTree(path.join(cwd, "bad"), { "a.wav": wav(), "trans.txt": "a.wav\thi\n" });
  assert.deepEqual(await validateData("AudioFiles", "en-US", { type: "folder", path: "ok" }, { cwd, includeWarnings: true }), []);
  has(await validateData("AudioFiles", "en-US", { type: "folder", path: "bad" }, { cwd }), "bad/trans.txt", /AudioFiles archives hold only \.wav files/);
});

test("audio kinds refuse a single text source, and unreadable sources are problems, not throws", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "notes.txt": "x", "broken.zip": "this is not a zip" });
  has(await validateData("Acoustic", "en-US", { type: "text", text: "x" }, { cwd }), "inline text", /zip of \.wav files and one transcription file/);
  has(await validateData("AudioFiles", "en-US", { type: "file", path: "notes.txt" }, { cwd }), "notes.txt", /zip of \.wav files; use/);
  has(await validateData("Acoustic", "en-US", { type: "folder", path: "missing" }, { cwd }), "missing/", /no such file or folder/);
  has(await validateData("Acoustic", "en-US", { type: "zip", path: "broken.zip" }, { cwd }), "broken.zip", /not a readable zip file/);
});

test("an unknown kind is one problem", async (t) => {
  const cwd = tempDir(t);
  has(await validateData("Audio", "en-US", { type: "text", text: "x" }, { cwd }), "inline text", /unknown dataset kind "Audio"/);
});
