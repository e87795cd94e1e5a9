/**
 * Streaming line reader for text data files: bounded memory, UTF-8 checked line by line.
 *
 * @packageDocumentation
 */

/** One line of a text file. */
export interface TextLine {
  /** 1-based line number. */
  line: number;
  /** The decoded line without its line break (and without a leading BOM on line 1). Invalid bytes decode to U+FFFD. */
  text: string;
  /** Byte length of the line as stored (without the line break). */
  bytes: number;
  /** The line is not valid UTF-8. */
  invalidUtf8?: true;
  /** The line is longer than `maxLineBytes`; `text` is empty. */
  tooLong?: true;
  /** Line 1 only: the file starts with a UTF-8 byte-order mark. */
  bom?: true;
  /** Line 1 only: the file starts with a UTF-16 byte-order mark (FF FE or FE FF). */
  utf16?: true;
}

/** Default longest line kept in memory (1 MiB); longer lines are reported with `tooLong`. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/**
 * Split a byte stream into lines (LF or CRLF), decoding each as UTF-8. Memory is bounded by
 * `maxLineBytes` plus the stream's chunk size; lines longer than that are skipped with `tooLong`.
 */
export async function* readLines(stream: NodeJS.ReadableStream | AsyncIterable<Buffer | string>, opts: { maxLineBytes?: number } = {}): AsyncGenerator<TextLine> {
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let parts: Buffer[] = [];
  let partLen = 0;
  let tooLong = false;
  let total = 0; // bytes of the current line, including skipped ones
  let lineNo = 0;
  const append = (piece: Buffer): void => {
    total += piece.length;
    if (tooLong || piece.length === 0) return;
    if (partLen + piece.length > max + 3 /* room for a BOM on line 1 */) { tooLong = true; parts = []; partLen = 0; return; }
    parts.push(piece);
    partLen += piece.length;
  };
  const emit = (): TextLine => {
    lineNo++;
    let buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, partLen);
    let bytes = total;
    parts = []; partLen = 0; total = 0;
    const out: TextLine = { line: lineNo, text: "", bytes };
    if (lineNo === 1) {
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) { out.bom = true; buf = buf.subarray(3); bytes -= 3; out.bytes = bytes; }
      else if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) out.utf16 = true;
    }
    if (buf.length > 0 && buf[buf.length - 1] === 0x0d) { buf = buf.subarray(0, buf.length - 1); out.bytes = bytes - 1; }
    if (tooLong || out.bytes > max) { tooLong = false; out.tooLong = true; return out; }
    try { out.text = fatal.decode(buf); } catch { out.invalidUtf8 = true; out.text = lenient.decode(buf); }
    return out;
  };
  for await (const c of stream as AsyncIterable<Buffer | string>) {
    const chunk = typeof c === "string" ? Buffer.from(c) : c;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl === -1) { append(chunk.subarray(start)); break; }
      append(chunk.subarray(start, nl));
      yield emit();
      start = nl + 1;
    }
  }
  if (total > 0 || tooLong) yield emit();
}
