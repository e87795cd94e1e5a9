/**
 * Shared text-file scanning and per-line checks used by the kind validators.
 *
 * @packageDocumentation
 */
import type { Readable } from "node:stream";
import { readLines, type TextLine, DEFAULT_MAX_LINE_BYTES } from "./lines.js";
import type { ProblemSink } from "./problems.js";

/** A text file to scan. */
export interface TextFile {
  display: string;
  size: number;
  open(): Promise<Readable>;
}

/** How strict the encoding checks are for one file. */
export interface EncodingRules {
  /** Warn when the file has no UTF-8 BOM (the docs ask for "UTF-8 BOM"). */
  warnMissingBom: boolean;
  /** Invalid UTF-8 is an error (default) or only a warning (Pronunciation in English may be ANSI). */
  invalidUtf8: "error" | "warning";
}

/** Result of a scan. */
export interface ScanResult { lines: number; nonEmptyLines: number; bom: boolean; aborted: boolean }

/**
 * Stream `file` line by line, reporting encoding problems, and hand every decodable line to
 * `onLine`. Stops early (aborted) for UTF-16 files.
 */
export async function scanText(file: TextFile, sink: ProblemSink, rules: EncodingRules, onLine: (l: TextLine) => void): Promise<ScanResult> {
  const res: ScanResult = { lines: 0, nonEmptyLines: 0, bom: false, aborted: false };
  const stream = await file.open();
  try {
    for await (const l of readLines(stream)) {
      res.lines = l.line;
      if (l.line === 1) {
        if (l.utf16) {
          sink.error(file.display, "file is UTF-16 encoded; save it as UTF-8 (with BOM)");
          res.aborted = true;
          break;
        }
        res.bom = !!l.bom;
        if (!l.bom && rules.warnMissingBom) sink.warn(file.display, "file has no UTF-8 byte-order mark; the docs ask for UTF-8 with BOM (the service may report NoUtf8WithBom)");
      }
      if (l.tooLong) { sink.error(file.display, `line is longer than ${DEFAULT_MAX_LINE_BYTES} bytes`, l.line); res.nonEmptyLines++; continue; }
      if (l.invalidUtf8) {
        const reason = "line is not valid UTF-8";
        if (rules.invalidUtf8 === "error") sink.error(file.display, reason, l.line); else sink.warn(file.display, `${reason} (accepted only as ANSI text for English)`, l.line);
        res.nonEmptyLines++;
        continue;
      }
      if (l.text.trim() !== "") res.nonEmptyLines++;
      onLine(l);
    }
  } finally {
    (stream as Readable).destroy?.();
  }
  return res;
}

/** `U+XXXX` form of a code point. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The first non-ASCII character of `s`, or undefined. */
export function firstNonAscii(s: string): string | undefined {
  const m = /[^\x00-\x7f]/u.exec(s);
  return m?.[0];
}

/** The first character above U+00A1 in `s`, or undefined. */
export function firstAboveA1(s: string): string | undefined {
  const m = /[\u{a2}-\u{10ffff}]/u.exec(s);
  return m?.[0];
}

const URI_RE = /\b[a-z][a-z0-9+.-]*:\/\/\S|\bwww\.[a-z0-9-]+\.[a-z]/i;
/** The first URI-looking token of `s`, or undefined. */
export function findUri(s: string): string | undefined {
  const m = URI_RE.exec(s);
  if (!m) return undefined;
  const rest = s.slice(m.index);
  return rest.split(/\s/)[0];
}

/**
 * A word or phrase (1–3 words) repeated more than three times in a row, e.g. "yeah yeah yeah yeah",
 * which the service may drop. Only checked on lines up to 2,000 characters (regex cost).
 */
export function findRepetition(s: string): string | undefined {
  if (s.length > 2000) return undefined;
  const words = s.trim().toLowerCase().split(/\s+/).filter(Boolean);
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + 4 * n <= words.length; i++) {
      let reps = 1;
      while (i + (reps + 1) * n <= words.length && sameRun(words, i, i + reps * n, n)) reps++;
      if (reps > 3) return words.slice(i, i + n).join(" ");
    }
  }
  return undefined;
}

function sameRun(w: string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (w[a + k] !== w[b + k]) return false;
  return true;
}

/** Locale helpers. */
export function isEnglish(locale: string): boolean { return /^en(?:-|$)/i.test(locale); }
export function lang(locale: string): string { return locale.split("-")[0]!.toLowerCase(); }
