/**
 * Per-kind format validation of local dataset data, following the documented rules
 * (see the project's fact sheet, shared/reference/custom-speech-data-formats.md, §1).
 *
 * Severity policy (why some documented rules only warn):
 * - A missing UTF-8 BOM warns. The docs ask for "UTF-8 BOM", but editors rarely write one, no
 *   doc says a BOM-less file is refused, and a field report shows the service accepting data and
 *   failing later for other reasons. Failing `pulumi up` on it would block data that likely works.
 * - Plain text: "characters above U+00A1" warns for English locales only (the rule cannot apply to
 *   ja-JP or zh-CN text) and is advice, not a refusal; "URIs will be rejected" is an error.
 * - Language size: error above the S0 quota (1.5 GB), warning above the 200 MB test-and-train figure.
 * - Lines the service "may drop" (repetitions, long ja-JP sentences, de-DE symbols) warn.
 * - en-US Acoustic transcriptions must be ASCII: error (documented requirement).
 *
 * @packageDocumentation
 */
import * as path from "node:path";
import { Readable } from "node:stream";
import * as fs from "node:fs";
import { checkAudioArchive } from "./acoustic.js";
import { listEntries } from "./entries.js";
import { isDataError } from "./errors.js";
import { isDatasetKind, KIND_LIMITS, LONG_IMPORT_LINES, DATASET_KINDS, type DatasetKind } from "./limits.js";
import { MarkdownChecker } from "./markdown.js";
import { OutputFormattingChecker } from "./outputFormatting.js";
import { ProblemSink, type DataProblem } from "./problems.js";
import { codePoint, findRepetition, findUri, firstAboveA1, isEnglish, lang, scanText, type TextFile } from "./text.js";
import type { SourceSpec } from "./wire.js";
import { zipSize } from "./zip.js";

/** Options of {@link validateData}. */
export interface ValidateOptions {
  /** Directory that relative paths are resolved against (the Pulumi project directory). */
  cwd: string;
  /** Also return warnings (`severity: "warning"`). Default false: only errors. */
  includeWarnings?: boolean;
  /** Most problems returned (a final entry counts the rest). Default 100. */
  maxProblems?: number;
}

/** How problems name a spec as a whole. */
export function describeSpec(spec: SourceSpec): string {
  switch (spec.type) {
    case "file": case "zip": return spec.path;
    case "folder": return spec.path.replace(/\/+$/, "") + "/";
    case "text": return "inline text";
    case "assetArchive": return "asset archive";
  }
}

async function textFileOf(spec: SourceSpec, cwd: string): Promise<TextFile | undefined> {
  if (spec.type === "text") {
    const buf = Buffer.from(spec.text, "utf8");
    return { display: "inline text", size: buf.length, open: async () => Readable.from(buf.length ? [buf] : []) };
  }
  if (spec.type === "file") {
    const abs = path.resolve(cwd, spec.path);
    const st = await fs.promises.stat(abs);
    if (st.isDirectory()) return undefined;
    return { display: spec.path, size: st.size, open: async () => fs.createReadStream(abs) };
  }
  return undefined;
}

/**
 * Validate local data against the documented format of `kind` in `locale`.
 *
 * Streams every file (bounded memory). Problems carry the file as the user knows it and, for
 * text, the 1-based line. Unreadable sources (missing path, bad zip) are reported as problems,
 * not thrown. Unknown kinds yield one problem.
 */
export async function validateData(kind: string, locale: string, spec: SourceSpec, opts: ValidateOptions): Promise<DataProblem[]> {
  const shown = describeSpec(spec);
  const sink = new ProblemSink(opts.includeWarnings ?? false, opts.maxProblems ?? 100);
  try {
    await validateInto(kind, locale, spec, opts.cwd, sink);
  } catch (e) {
    if (isDataError(e)) sink.error(shown, e.reason);
    else if ((e as NodeJS.ErrnoException)?.code === "ENOENT") sink.error(shown, `no such file or folder (paths are relative to ${opts.cwd})`);
    else if ((e as NodeJS.ErrnoException)?.code) sink.error(shown, `cannot read: ${(e as Error).message}`);
    else throw e;
  }
  return sink.finish(shown);
}

async function validateInto(kind: string, locale: string, spec: SourceSpec, cwd: string, sink: ProblemSink): Promise<void> {
  const shown = describeSpec(spec);
  if (!isDatasetKind(kind)) { sink.error(shown, `unknown dataset kind ${JSON.stringify(kind)}; expected one of ${DATASET_KINDS.join(", ")}`); return; }
  if (kind === "Acoustic" || kind === "AudioFiles") {
    let archive: SourceSpec = spec;
    if (spec.type === "file" && /\.zip$/i.test(spec.path)) archive = { type: "zip", path: spec.path };
    if (archive.type === "file" || archive.type === "text") {
      sink.error(shown, `${kind} data is a zip of .wav files${kind === "Acoustic" ? " and one transcription file" : ""}; use new pulumi.asset.FileArchive(folder or .zip)`);
      return;
    }
    const listing = await listEntries(archive, { cwd });
    try {
      let bytes: number;
      if (archive.type === "zip") bytes = (await fs.promises.stat(path.resolve(cwd, archive.path))).size;
      else bytes = zipSize(listing.entries) ?? listing.entries.reduce((n, e) => n + e.size, 0);
      await checkAudioArchive(kind, locale, shown, listing.entries, bytes, sink);
    } finally {
      listing.close();
    }
    return;
  }

  const file = await textFileOf(spec, cwd);
  if (!file) {
    sink.error(shown, `${kind} data is one text file; use new pulumi.asset.FileAsset(path) (not an archive)`);
    return;
  }
  await checkTextKind(kind, locale, file, sink, spec.type === "file" ? spec.path : undefined);
}

async function checkTextKind(kind: Exclude<DatasetKind, "Acoustic" | "AudioFiles">, locale: string, file: TextFile, sink: ProblemSink, filePath: string | undefined): Promise<void> {
  const limits = KIND_LIMITS[kind];
  if (file.size > limits.maxBytes) { sink.error(file.display, `file is ${file.size} bytes; the ${kind} limit is ${limits.maxBytes} bytes`); return; }
  if (limits.warnBytes !== undefined && file.size > limits.warnBytes) sink.warn(file.display, `file is ${file.size} bytes; the test-and-train doc says 200 MB (the S0 quota allows 1.5 GB; F0 allows 200 MB)`);
  if (limits.extension && filePath && !filePath.toLowerCase().endsWith(limits.extension)) sink.warn(file.display, `${kind} files are documented with the ${limits.extension} extension`);
  if (file.size === 0) { sink.error(file.display, "file is empty"); return; }

  const english = isEnglish(locale);
  let onLine: Parameters<typeof scanText>[3];
  let end: () => void = () => undefined;
  let encoding = { warnMissingBom: true, invalidUtf8: "error" as "error" | "warning" };

  switch (kind) {
    case "Language":
      onLine = (l) => {
        if (l.text.trim() === "") return;
        const uri = findUri(l.text);
        if (uri) sink.error(file.display, `URIs will be rejected (found ${JSON.stringify(uri.length > 80 ? uri.slice(0, 77) + "..." : uri)})`, l.line);
        if (!sink.wantsWarnings) return;
        if (english) {
          const ch = firstAboveA1(l.text);
          if (ch) sink.warn(file.display, `character "${ch}" (${codePoint(ch)}) is above U+00A1; the docs say not to use such characters in plain text`, l.line);
        }
        const rep = findRepetition(l.text);
        if (rep) sink.warn(file.display, `"${rep}" repeats more than three times; the line may be dropped`, l.line);
      };
      break;
    case "Pronunciation":
      // "UTF-8 BOM (ANSI is also supported for English)"
      encoding = { warnMissingBom: !english, invalidUtf8: english ? "warning" : "error" };
      onLine = (l) => {
        if (l.text.trim() === "") return;
        const parts = l.text.split("\t");
        if (parts.length < 2) { sink.error(file.display, "Pronunciation lines need a TAB between the display form and the spoken form", l.line); return; }
        if (parts.length > 2) { sink.error(file.display, `Pronunciation lines need exactly one TAB (display form, TAB, spoken form); found ${parts.length - 1}`, l.line); return; }
        if (parts[0]!.trim() === "") sink.error(file.display, "Pronunciation line has an empty display form before the TAB", l.line);
        if (parts[1]!.trim() === "") sink.error(file.display, "Pronunciation line has an empty spoken form after the TAB", l.line);
      };
      break;
    case "LanguageMarkdown": {
      const c = new MarkdownChecker(file.display, sink);
      onLine = (l) => c.line(l);
      end = () => c.end();
      break;
    }
    case "OutputFormatting": {
      const c = new OutputFormattingChecker(file.display, sink);
      onLine = (l) => c.line(l);
      end = () => c.end();
      break;
    }
  }
  const res = await scanText(file, sink, encoding, onLine);
  if (res.aborted) return;
  if (res.nonEmptyLines === 0) { sink.error(file.display, "file has no content lines"); return; }
  end();
  if (kind === "Language" && (lang(locale) === "ja" || lang(locale) === "ko") && res.lines > LONG_IMPORT_LINES) {
    sink.warn(file.display, `${res.lines} lines; the docs advise splitting ja/ko plain text into files of at most ${LONG_IMPORT_LINES} lines (large imports can time out)`);
  }
}
