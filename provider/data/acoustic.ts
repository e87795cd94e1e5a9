/**
 * Acoustic and AudioFiles checks: archive layout, WAV headers, transcription file.
 * AAD how-to-custom-speech-test-and-train.md and how-to-custom-speech-human-labeled-transcriptions.md.
 *
 * @packageDocumentation
 */
import type { Readable } from "node:stream";
import type { ArchiveEntry } from "./entries.js";
import { KIND_LIMITS, JA_MAX_SENTENCE_CHARS, DE_DISCARDED_CHARS } from "./limits.js";
import type { ProblemSink } from "./problems.js";
import { scanText, codePoint, firstNonAscii, findRepetition, isEnglish } from "./text.js";
import { parseWavHeader, wavFormatProblems, WAV_HEADER_PREFIX_BYTES } from "./wav.js";

/** Read up to `n` leading bytes of a stream, then destroy it. */
export async function readPrefix(stream: Readable, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let len = 0;
  try {
    for await (const c of stream as AsyncIterable<Buffer>) {
      parts.push(c);
      len += c.length;
      if (len >= n) break;
    }
  } finally {
    stream.destroy();
  }
  const all = Buffer.concat(parts, len);
  return all.length > n ? all.subarray(0, n) : all;
}

const ext = (name: string): string => { const m = /\.[^./]*$/.exec(name); return m ? m[0].toLowerCase() : ""; };
const base = (name: string): string => name.slice(name.lastIndexOf("/") + 1);

/**
 * Check an archive's entries for the Acoustic or AudioFiles kind.
 * @param archiveBytes - the upload size (zip file size, or computed zip size), for the 2 GB limit.
 */
export async function checkAudioArchive(kind: "Acoustic" | "AudioFiles", locale: string, archive: string, entries: readonly ArchiveEntry[], archiveBytes: number, sink: ProblemSink): Promise<void> {
  const limits = KIND_LIMITS[kind];
  if (entries.length > limits.maxFiles!) sink.error(archive, `archive has ${entries.length} files; the limit is ${limits.maxFiles} files`);
  if (archiveBytes > limits.maxBytes) sink.error(archive, `archive is ${archiveBytes} bytes; the limit is 2 GB (split the data into several datasets)`);

  const wavs = entries.filter((e) => ext(e.name) === ".wav");
  const transcripts = entries.filter((e) => ext(e.name) === ".txt" || ext(e.name) === ".tsv");
  const known = new Set<ArchiveEntry>([...wavs, ...transcripts]);
  const others = entries.filter((e) => !known.has(e));

  if (wavs.length === 0) sink.error(archive, `${kind} data needs at least one .wav file`);
  if (kind === "AudioFiles") {
    for (const e of [...transcripts, ...others]) sink.error(e.display, "AudioFiles archives hold only .wav files (use kind Acoustic for audio with a transcription)");
  } else {
    if (transcripts.length === 0) sink.error(archive, "Acoustic data needs one transcription file (.txt or .tsv) with lines `audio.wav<TAB>transcription`");
    if (transcripts.length > 1) sink.error(archive, `Acoustic data needs exactly one transcription file; found ${transcripts.length}: ${transcripts.map((t) => t.name).join(", ")}`);
    for (const e of others) sink.warn(e.display, "file is neither a .wav file nor the transcription; the service may reject the archive");
  }

  // WAV headers
  let longForTraining = 0, measured = 0;
  for (const w of wavs) {
    let head: Buffer;
    try { head = await readPrefix(await w.open(), WAV_HEADER_PREFIX_BYTES); } catch (e) {
      sink.error(w.display, `cannot read: ${(e as Error).message}`);
      continue;
    }
    const info = parseWavHeader(head, w.size);
    if ("error" in info) { sink.error(w.display, info.error); continue; }
    for (const reason of wavFormatProblems(info)) sink.error(w.display, reason);
    if (info.durationSeconds !== undefined) {
      measured++;
      if (info.durationSeconds > limits.maxAudioSeconds!) sink.error(w.display, `audio is ${Math.round(info.durationSeconds)} s long; the limit is 2 hours`);
      if (limits.trainingAudioSeconds !== undefined && info.durationSeconds > limits.trainingAudioSeconds) longForTraining++;
    } else sink.error(w.display, "WAV data chunk not found");
  }
  if (kind === "Acoustic" && measured > 0 && longForTraining === measured) {
    sink.warn(archive, "every audio file is longer than 40 s: training uses only their text and fails if all are that long (testing accepts up to 2 hours)");
  }

  if (kind !== "Acoustic" || transcripts.length !== 1) return;
  const t = transcripts[0]!;
  const byName = new Set(wavs.map((w) => w.name));
  const byBase = new Set(wavs.map((w) => base(w.name)));
  const mentioned = new Set<string>();
  const enUS = /^en-us$/i.test(locale);
  const ja = /^ja(?:-|$)/i.test(locale);
  const de = /^de(?:-|$)/i.test(locale);
  // "for languages other than English and Mandarin Chinese, must be UTF-8 encoded with a byte-order marker"
  const bomExpected = !isEnglish(locale) && !/^zh-cn$/i.test(locale);
  await scanText(t, sink, { warnMissingBom: bomExpected, invalidUtf8: "error" }, (l) => {
    if (l.text.trim() === "") return;
    const tab = l.text.indexOf("\t");
    if (tab < 0) { sink.error(t.display, "transcription lines need a TAB between the audio file name and the transcription", l.line); return; }
    const name = l.text.slice(0, tab).trim();
    const text = l.text.slice(tab + 1);
    if (!byName.has(name) && !byBase.has(base(name))) {
      sink.error(t.display, `names ${JSON.stringify(name)}, which is not a .wav file in the archive`, l.line);
    } else {
      const key = byName.has(name) ? name : base(name);
      if (mentioned.has(key)) sink.warn(t.display, `${JSON.stringify(name)} is transcribed more than once`, l.line);
      mentioned.add(key);
    }
    if (text.trim() === "") sink.warn(t.display, "empty transcription", l.line);
    if (enUS) {
      const bad = firstNonAscii(text);
      if (bad) sink.error(t.display, `en-US transcriptions must be ASCII only; found "${bad}" (${codePoint(bad)})`, l.line);
    }
    if (!sink.wantsWarnings) return;
    if (ja && [...text.trim()].length > JA_MAX_SENTENCE_CHARS) sink.warn(t.display, `ja-JP sentences longer than ${JA_MAX_SENTENCE_CHARS} characters are discarded`, l.line);
    if (de) {
      const bad = [...text].find((ch) => DE_DISCARDED_CHARS.includes(ch));
      if (bad) sink.warn(t.display, `de-DE rows containing "${bad}" are discarded`, l.line);
    }
    const rep = findRepetition(text);
    if (rep) sink.warn(t.display, `"${rep}" repeats more than three times; the line may be dropped`, l.line);
  });
  const untranscribed = wavs.filter((w) => !mentioned.has(w.name) && !mentioned.has(base(w.name)));
  if (untranscribed.length > 0) {
    const names = untranscribed.slice(0, 5).map((w) => w.name).join(", ");
    sink.warn(t.display, `${untranscribed.length} audio file(s) have no transcription line: ${names}${untranscribed.length > 5 ? ", ..." : ""}`);
  }
}
