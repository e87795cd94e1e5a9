// validateData streams large text files: memory stays far below the file size.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { validateData } from "../../provider/data/index.js";
import { tempDir } from "./helpers.js";

const MiB = 1024 * 1024;

test("a 48 MiB Language file is validated line by line with bounded memory", async (t) => {
  const cwd = tempDir(t);
  const file = path.join(cwd, "big.txt");
  const line = "please turn on the kitchen lights at seven in the morning\n";
  const block = Buffer.from(line.repeat(Math.floor(MiB / line.length)));
  const blocks = Math.ceil((48 * MiB) / block.length);
  await pipeline(Readable.from((function* () {
    yield Buffer.from("\ufeff");
    for (let i = 0; i < blocks; i++) yield block;
    yield Buffer.from("bad https://contoso.com line\n");
  })()), fs.createWriteStream(file));
  const totalLines = blocks * (block.length / line.length) + 1;

  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  gc();
  const base = process.memoryUsage();
  let peakHeap = 0, peakBuffers = 0;
  const timer = setInterval(() => {
    gc();
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers - base.arrayBuffers);
  }, 50);
  let problems;
  try {
    problems = await validateData("Language", "en-US", { type: "file", path: "big.txt" }, { cwd, includeWarnings: true });
  } finally {
    clearInterval(timer);
  }
  assert.deepEqual(problems, [{ file: "big.txt", line: totalLines, reason: 'URIs will be rejected (found "https://contoso.com")' }]);
  assert.ok(peakHeap < 16 * MiB, `heap grew by ${peakHeap} bytes`);
  assert.ok(peakBuffers < 16 * MiB, `arrayBuffers grew by ${peakBuffers} bytes`);
});
