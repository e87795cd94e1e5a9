// readLines: line splitting, BOM detection, UTF-8 checking per line, long lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { readLines, type TextLine } from "../../provider/data/index.js";

async function lines(chunks: Buffer[], maxLineBytes?: number): Promise<TextLine[]> {
  const out: TextLine[] = [];
  for await (const l of readLines(Readable.from(chunks), maxLineBytes === undefined ? {} : { maxLineBytes })) out.push(l);
  return out;
}

test("LF and CRLF, last line without newline, empty lines kept", async () => {
  const out = await lines([Buffer.from("a\r\n\nb\nc")]);
  assert.deepEqual(out.map((l) => [l.line, l.text]), [[1, "a"], [2, ""], [3, "b"], [4, "c"]]);
  assert.deepEqual((await lines([Buffer.from("a\n")])).map((l) => l.text), ["a"]);
});

test("a UTF-8 BOM is detected and stripped; UTF-16 BOMs are flagged", async () => {
  const [l1] = await lines([Buffer.from("\ufeffhello\n", "utf8")]);
  assert.equal(l1!.bom, true);
  assert.equal(l1!.text, "hello");
  assert.equal((await lines([Buffer.from([0xff, 0xfe, 0x61, 0x00])]))[0]!.utf16, true);
});

test("multi-byte characters split across chunks decode correctly", async () => {
  const b = Buffer.from("日本語\nok\n", "utf8");
  const pieces = Array.from(b, (_, i) => b.subarray(i, i + 1));
  const out = await lines(pieces);
  assert.deepEqual(out.map((l) => l.text), ["日本語", "ok"]);
  assert.ok(out.every((l) => !l.invalidUtf8));
});

test("invalid UTF-8 is reported on its own line number", async () => {
  const out = await lines([Buffer.from("good\n"), Buffer.from([0x62, 0x61, 0x64, 0xc3, 0x28, 0x0a]), Buffer.from("fine\n")]);
  assert.deepEqual(out.map((l) => !!l.invalidUtf8), [false, true, false]);
  assert.equal(out[1]!.line, 2);
});

test("lines longer than maxLineBytes are flagged without being kept", async () => {
  const out = await lines([Buffer.from("short\n" + "x".repeat(100) + "\nend")], 50);
  assert.deepEqual(out.map((l) => [l.line, !!l.tooLong, l.text]), [[1, false, "short"], [2, true, ""], [3, false, "end"]]);
});
