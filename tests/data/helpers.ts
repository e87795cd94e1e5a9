// Fixture helpers for tests/data: temp dirs, WAV files, zips. Everything is generated per test.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestContext } from "node:test";

/** A fresh temp dir removed after the test. */
export function tempDir(t: TestContext, prefix = "speech-data-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Write `files` (relative path -> content) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

export interface WavOptions {
  sampleRate?: number; channels?: number; bitsPerSample?: number; formatTag?: number;
  seconds?: number; riff?: string; extraChunkBeforeFmt?: boolean;
}

/** A WAV file: RIFF/WAVE, fmt chunk, optional LIST chunk, data chunk of silence. */
export function wav(o: WavOptions = {}): Buffer {
  const sampleRate = o.sampleRate ?? 16000, channels = o.channels ?? 1, bits = o.bitsPerSample ?? 16;
  const blockAlign = channels * (bits / 8);
  const byteRate = sampleRate * blockAlign;
  const dataBytes = Math.round((o.seconds ?? 0.01) * byteRate);
  const fmt = Buffer.alloc(8 + 16);
  fmt.write("fmt ", 0, "latin1");
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(o.formatTag ?? 1, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(sampleRate, 12);
  fmt.writeUInt32LE(byteRate, 16);
  fmt.writeUInt16LE(blockAlign, 20);
  fmt.writeUInt16LE(bits, 22);
  const list = Buffer.alloc(8 + 5); // odd size -> padded
  list.write("LIST", 0, "latin1");
  list.writeUInt32LE(5, 4);
  list.write("INFOx", 8, "latin1");
  const listPadded = Buffer.concat([list, Buffer.alloc(1)]);
  const dataHead = Buffer.alloc(8);
  dataHead.write("data", 0, "latin1");
  dataHead.writeUInt32LE(dataBytes, 4);
  const body = Buffer.concat([Buffer.from("WAVE", "latin1"), ...(o.extraChunkBeforeFmt ? [listPadded] : []), fmt, dataHead, Buffer.alloc(dataBytes)]);
  const head = Buffer.alloc(8);
  head.write(o.riff ?? "RIFF", 0, "latin1");
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** A WAV header claiming a long duration without writing the samples (data size > file, clamped) is not useful;
 * write a real long file sparsely instead: header + a sparse data region. */
export function writeLongWav(file: string, seconds: number): void {
  const h = wav({ seconds: 0 });
  const byteRate = 32000;
  const dataBytes = seconds * byteRate;
  h.writeUInt32LE(h.length - 8 + dataBytes, 4);
  h.writeUInt32LE(dataBytes, h.length - 4);
  fs.writeFileSync(file, h);
  fs.truncateSync(file, h.length + dataBytes);
}

/** Build a zip with yazl (deflate, current mtimes: a "user-made" zip). */
export async function makeZip(file: string, files: Record<string, string | Buffer>): Promise<void> {
  const yazl = await import("yazl");
  const z = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) z.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  z.end();
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    (z.outputStream as NodeJS.ReadableStream).pipe(out).on("finish", () => resolve()).on("error", reject);
  });
}

/** Read a zip's entries (name, bytes, mode, DOS date/time raw) with yauzl. */
export async function readZip(buf: Buffer): Promise<{ name: string; data: Buffer; mode: number; lastModDate: number; lastModTime: number; method: number; extraLen: number }[]> {
  const yauzl = await import("yauzl");
  const zip = await new Promise<import("yauzl").ZipFile>((res, rej) => yauzl.fromBuffer(buf, { lazyEntries: true }, (e, z) => (e || !z ? rej(e) : res(z))));
  const out: { name: string; data: Buffer; mode: number; lastModDate: number; lastModTime: number; method: number; extraLen: number }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: import("yauzl").Entry) => {
      zip.openReadStream(entry, (err, s) => {
        if (err || !s) return reject(err);
        const parts: Buffer[] = [];
        s.on("data", (c: Buffer) => parts.push(c));
        s.on("end", () => {
          out.push({ name: entry.fileName, data: Buffer.concat(parts), mode: (entry.externalFileAttributes >>> 16) & 0xffff,
            lastModDate: entry.lastModFileDate, lastModTime: entry.lastModFileTime, method: entry.compressionMethod, extraLen: entry.extraFields.length });
          zip.readEntry();
        });
        s.on("error", reject);
      });
    });
    zip.on("end", () => resolve());
    zip.on("error", reject);
    zip.readEntry();
  });
  return out;
}

/** Collect a stream into a Buffer (test-sized data only). */
export async function collect(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

/** Text lines, exactly `size` bytes, every line different (`salt` makes another text of the same size). */
export function textBytes(size: number, salt = ""): Buffer {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < size; i++) {
    const line = `sentence ${i} about alpha and bravo ${salt}\n`;
    parts.push(line);
    n += line.length;
  }
  return Buffer.concat([Buffer.from(parts.join("")).subarray(0, size - 1), Buffer.from("\n")]);
}
