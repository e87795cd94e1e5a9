// parseWavHeader / wavFormatProblems on generated headers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseWavHeader, wavFormatProblems, type WavInfo } from "../../provider/data/index.js";
import { wav } from "./helpers.js";

function parse(b: Buffer): WavInfo {
  const r = parseWavHeader(b, b.length);
  assert.ok(!("error" in r), JSON.stringify(r));
  return r as WavInfo;
}

test("a 16 kHz 16-bit mono PCM file passes and its duration is computed", () => {
  const info = parse(wav({ seconds: 1.5 }));
  assert.deepEqual([info.formatTag, info.channels, info.sampleRate, info.bitsPerSample], [1, 1, 16000, 16]);
  assert.equal(info.durationSeconds, 1.5);
  assert.deepEqual(wavFormatProblems(info), []);
  assert.deepEqual(wavFormatProblems(parse(wav({ sampleRate: 8000 }))), []);
});

test("chunks before fmt (LIST, odd-sized and padded) are skipped", () => {
  assert.deepEqual(wavFormatProblems(parse(wav({ extraChunkBeforeFmt: true, seconds: 0.5 }))), []);
});

test("each format violation is named", () => {
  assert.match(wavFormatProblems(parse(wav({ sampleRate: 44100 }))).join(), /44100 Hz; the service needs 8000 or 16000 Hz/);
  assert.match(wavFormatProblems(parse(wav({ channels: 2 }))).join(), /2 channels; the service needs mono/);
  assert.match(wavFormatProblems(parse(wav({ bitsPerSample: 8 }))).join(), /8-bit samples/);
  assert.match(wavFormatProblems(parse(wav({ formatTag: 3, bitsPerSample: 32 }))).join(), /not PCM \(format tag 3\)/);
});

test("non-WAV data is refused with a reason", () => {
  assert.match((parseWavHeader(Buffer.from("ID3 not a wav at all"), 20) as { error: string }).error, /no RIFF\/WAVE header/);
  assert.match((parseWavHeader(Buffer.from("RIF"), 3) as { error: string }).error, /shorter than a RIFF header/);
  assert.match((parseWavHeader(wav({ riff: "RIFX" }), 100) as { error: string }).error, /RIFX/);
});

test("a data size running past the end of the file is clamped to the file", () => {
  const b = wav({ seconds: 1 });
  const truncated = b.subarray(0, 44 + 3200);
  const info = parseWavHeader(truncated, truncated.length) as WavInfo;
  assert.equal(info.dataBytes, 3200);
  assert.equal(info.durationSeconds, 0.1);
});
