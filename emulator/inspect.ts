/**
 * Dataset processing: inspects uploaded bytes the way the custom-speech docs describe
 * (see shared custom-speech-data-formats.md) and decides the terminal status, counts and files.
 */
import { createHash } from "node:crypto";
import type { DatasetKind } from "./types.js";
import { parseWav } from "./wav.js";
import { readZip, type ZipEntry } from "./zip.js";

/** One rejected line (or file) in the report. */
export interface Rejection {
  file?: string;
  line?: number;
  reason: string;
}

/** A data file the processed dataset exposes through Datasets_ListFiles. */
export interface ProducedFile {
  name: string;
  kind: string;
  bytes: Buffer;
  durationMilliseconds?: number;
}

/** Outcome of processing. */
export interface InspectionResult {
  status: "Succeeded" | "Failed";
  error?: { code: string; message: string };
  acceptedLineCount: number;
  rejectedLineCount: number;
  durationMilliseconds: number;
  rejections: Rejection[];
  /** Data files (the report.json is added by the store). */
  files: ProducedFile[];
}

const fail = (code: string, message: string, extra: Partial<InspectionResult> = {}): InspectionResult => ({
  status: "Failed",
  error: { code, message },
  acceptedLineCount: 0,
  rejectedLineCount: 0,
  durationMilliseconds: 0,
  rejections: [],
  files: [],
  ...extra,
});

/** Decode UTF-8 (BOM optional); undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

const NOT_UTF8 = "The text data is not valid UTF-8. Text data must be UTF-8 encoded with a byte order mark (BOM).";
const REPEAT = /\b(\S+)(\s+\1\b){3,}/iu;
const URI = /\b(https?|ftp):\/\/|\bwww\.\S+/i;

/** A line check: undefined when accepted, null for structure (comments, headings: not counted), else the reason. */
type LineCheck = (line: string, state: { section?: string }) => string | undefined | null;

function languageLine(line: string): string | undefined {
  if (URI.test(line)) return "URIs are not allowed";
  if (REPEAT.test(line)) return "a word or phrase is repeated more than three times";
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(line)) return "control characters are not allowed";
  return undefined;
}

function pronunciationLine(line: string): string | undefined {
  const parts = line.split("\t");
  if (parts.length !== 2) return "a pronunciation line must be '<display form><TAB><spoken form>'";
  if (!parts[0].trim() || !parts[1].trim()) return "both the display form and the spoken form are required";
  return undefined;
}

function markdownLine(line: string, state: { section?: string }): string | undefined | null {
  const t = line.trim();
  if (t.startsWith("//")) return null;
  if (/^@\s*list\s+\w+\s*=\s*$/.test(t)) return (state.section = "list"), null;
  if (/^@\s*speech:phoneticlexicon\s*$/.test(t)) return (state.section = "lexicon"), null;
  if (/^#\s*\w+\s*$/.test(t)) return (state.section = "sentences"), null;
  if (/^-\s*\S/.test(t)) {
    if (!state.section) return "an item must follow a '#section', '@ list' or '@ speech:phoneticlexicon' header";
    if (state.section === "lexicon" && !/^-\s*[^/\s][^/]*\/\s*\S/.test(t)) return "a lexicon entry must be '- word/phones'";
    return languageLine(t);
  }
  return "unrecognized structured-text line";
}

const OF_SECTIONS = new Set(["itn", "rewrite", "profanity", "test"]);
const PROFANITY_PUNCT = /[.,?、!:;？。，¿¡।؟،]/u;

function outputFormattingLine(line: string, state: { section?: string }): string | undefined | null {
  const t = line.trim();
  if (t.startsWith("//")) return null;
  const heading = /^#\s*(\w+)\s*$/.exec(t);
  if (heading) {
    const name = heading[1].toLowerCase();
    state.section = OF_SECTIONS.has(name) ? name : "unknown";
    return OF_SECTIONS.has(name) ? null : `unknown section '#${heading[1]}' (expected #itn, #rewrite, #profanity or #test)`;
  }
  switch (state.section) {
    case undefined: return "a rule must follow a section heading (#itn, #rewrite, #profanity, #test)";
    case "unknown": return "the line is in an unknown section";
    case "rewrite":
    case "test": return line.split("\t").length === 2 && line.split("\t").every((p) => p.trim()) ? undefined : `a #${state.section} line must be '<input><TAB><output>'`;
    case "profanity": return PROFANITY_PUNCT.test(t) ? "profanity phrases must not contain punctuation" : undefined;
    default: return undefined; // itn patterns: not checked
  }
}

const TEXT_RULES: Partial<Record<DatasetKind, { check: LineCheck; fileKind: string; fileName: string }>> = {
  Language: { check: languageLine, fileKind: "LanguageData", fileName: "language.txt" },
  Pronunciation: { check: pronunciationLine, fileKind: "PronunciationData", fileName: "pronunciation.txt" },
  LanguageMarkdown: { check: markdownLine, fileKind: "LanguageData", fileName: "language.md" },
  OutputFormatting: { check: outputFormattingLine, fileKind: "OutputFormattingData", fileName: "outputformatting.md" },
};

/** Count lines of a text: blank lines are skipped, every other line is accepted or rejected. */
function countLines(text: string, check: LineCheck, file?: string) {
  let accepted = 0;
  const rejections: Rejection[] = [];
  const state: { section?: string } = {};
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    const reason = check(raw, state);
    if (reason === null) return;
    if (reason) rejections.push({ file, line: i + 1, reason });
    else accepted++;
  });
  return { accepted, rejections };
}

function inspectText(kind: DatasetKind, bytes: Buffer): InspectionResult {
  const rule = TEXT_RULES[kind]!;
  const text = decodeUtf8(bytes);
  if (text === undefined) return fail("NoUtf8WithBom", NOT_UTF8);
  const { accepted, rejections } = countLines(text, rule.check);
  const base = { acceptedLineCount: accepted, rejectedLineCount: rejections.length, durationMilliseconds: 0, rejections };
  if (accepted === 0) return { ...fail("InvalidDataset", "The dataset contains no valid lines."), ...base };
  return { status: "Succeeded", ...base, files: [{ name: rule.fileName, kind: rule.fileKind, bytes }] };
}

const baseName = (n: string) => n.slice(n.lastIndexOf("/") + 1);

async function openZip(bytes: Buffer): Promise<ZipEntry[] | InspectionResult> {
  try {
    return await readZip(bytes);
  } catch (e) {
    return fail("InvalidDataset", `The data is not a valid zip archive: ${(e as Error).message}`);
  }
}

/** Durations of the WAV entries; unreadable ones are rejected. */
function wavs(entries: ZipEntry[]) {
  const durations = new Map<string, number>();
  const rejections: Rejection[] = [];
  for (const e of entries.filter((e) => /\.wav$/i.test(e.name))) {
    const info = parseWav(e.bytes);
    if (info) durations.set(baseName(e.name), info.durationMilliseconds);
    else rejections.push({ file: e.name, reason: "not a readable RIFF/WAVE file" });
  }
  return { durations, rejections };
}

async function inspectAcoustic(bytes: Buffer): Promise<InspectionResult> {
  const entries = await openZip(bytes);
  if (!Array.isArray(entries)) return entries;
  const transcripts = entries.filter((e) => /\.(txt|tsv)$/i.test(e.name));
  if (transcripts.length === 0)
    return fail("InvalidDataset", "The transcription file is missing: the archive must hold one .txt or .tsv file with '<audio file><TAB><transcription>' lines.");
  const { durations, rejections } = wavs(entries);
  if (durations.size === 0 && rejections.length === 0) return fail("InvalidDataset", "The archive holds no .wav audio files.");
  let accepted = 0;
  const used = new Set<string>();
  for (const t of transcripts) {
    const text = decodeUtf8(t.bytes);
    if (text === undefined) return fail("NoUtf8WithBom", `${t.name}: ${NOT_UTF8}`);
    const r = countLines(text, (line) => {
      const parts = line.split("\t");
      if (parts.length < 2 || !parts[1].trim()) return "a transcription line must be '<audio file><TAB><transcription>'";
      const audio = baseName(parts[0].trim());
      if (!durations.has(audio)) return `the audio file '${parts[0].trim()}' is not in the archive (or is not a readable WAV)`;
      used.add(audio);
      return languageLine(parts.slice(1).join(" "));
    }, t.name);
    accepted += r.accepted;
    rejections.push(...r.rejections);
  }
  const durationMilliseconds = [...used].reduce((s, n) => s + durations.get(n)!, 0);
  const base = { acceptedLineCount: accepted, rejectedLineCount: rejections.length, durationMilliseconds, rejections };
  if (accepted === 0) return { ...fail("InvalidDataset", "No transcription line matches an audio file of the archive."), ...base };
  return { status: "Succeeded", ...base, files: [{ name: "acoustic.zip", kind: "AcousticDataArchive", bytes, durationMilliseconds }] };
}

async function inspectAudioFiles(bytes: Buffer): Promise<InspectionResult> {
  const entries = await openZip(bytes);
  if (!Array.isArray(entries)) return entries;
  const { durations, rejections } = wavs(entries);
  if (durations.size === 0) return fail("InvalidDataset", "The archive holds no readable .wav audio files.", { rejections, rejectedLineCount: rejections.length });
  const files: ProducedFile[] = entries
    .filter((e) => durations.has(baseName(e.name)) && /\.wav$/i.test(e.name))
    .map((e) => ({ name: baseName(e.name), kind: "Audio", bytes: e.bytes, durationMilliseconds: durations.get(baseName(e.name)) }));
  const durationMilliseconds = [...durations.values()].reduce((a, b) => a + b, 0);
  return { status: "Succeeded", acceptedLineCount: durations.size, rejectedLineCount: rejections.length, durationMilliseconds, rejections, files };
}

/** Inspect the bytes of a dataset of `kind`. Never throws. */
export async function inspectData(kind: DatasetKind, bytes: Buffer): Promise<InspectionResult> {
  if (bytes.length === 0) return fail("InvalidDataset", "The dataset is empty.");
  try {
    if (kind === "Acoustic") return await inspectAcoustic(bytes);
    if (kind === "AudioFiles") return await inspectAudioFiles(bytes);
    return inspectText(kind, bytes);
  } catch (e) {
    return fail("InvalidDataset", `The data could not be processed: ${(e as Error).message}`);
  }
}

/** Plausible counts for a contentUrl the emulator does not fetch (no internet): deterministic from the URL. */
export function syntheticResult(kind: DatasetKind, url: string): InspectionResult {
  const h = createHash("sha256").update(url).digest();
  const accepted = 10 + (h.readUInt16BE(0) % 990);
  const rejected = h[2] % 5;
  const audio = kind === "Acoustic" || kind === "AudioFiles";
  return {
    status: "Succeeded",
    acceptedLineCount: accepted,
    rejectedLineCount: rejected,
    durationMilliseconds: audio ? 60_000 + (h.readUInt32BE(4) % 3_540_000) : 0,
    rejections: Array.from({ length: rejected }, (_, i) => ({ line: i + 1, reason: "synthetic rejection (data not fetched)" })),
    files: [],
  };
}
