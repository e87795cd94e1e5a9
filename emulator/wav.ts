/** Minimal RIFF/WAVE header reader. */

/** What a WAV header says. */
export interface WavInfo {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** PCM = 1. */
  audioFormat: number;
  byteRate: number;
  dataBytes: number;
  durationMilliseconds: number;
}

/** Parse a RIFF/WAVE buffer; returns undefined when it is not a readable WAV. */
export function parseWav(buf: Buffer): WavInfo | undefined {
  if (buf.length < 12 || buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") return undefined;
  let off = 12;
  let fmt: Omit<WavInfo, "dataBytes" | "durationMilliseconds"> | undefined;
  while (off + 8 <= buf.length) {
    const id = buf.toString("ascii", off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === "fmt " && body + 16 <= buf.length) {
      fmt = {
        audioFormat: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        byteRate: buf.readUInt32LE(body + 8),
        bitsPerSample: buf.readUInt16LE(body + 14),
      };
    } else if (id === "data") {
      if (!fmt || fmt.byteRate === 0) return undefined;
      const dataBytes = Math.min(size, buf.length - body);
      return { ...fmt, dataBytes, durationMilliseconds: Math.round((dataBytes * 1000) / fmt.byteRate) };
    }
    off = body + size + (size % 2);
  }
  return undefined;
}

/** Build a PCM WAV (for tests and fixtures): `durationMs` of silence. */
export function makeWav(durationMs: number, sampleRate = 16000, channels = 1, bitsPerSample = 16): Buffer {
  const byteRate = (sampleRate * channels * bitsPerSample) / 8;
  const dataBytes = Math.round((byteRate * durationMs) / 1000);
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write("RIFF", 0, "ascii");
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write("WAVE", 8, "ascii");
  buf.write("fmt ", 12, "ascii");
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(byteRate, 28);
  buf.writeUInt16LE((channels * bitsPerSample) / 8, 32);
  buf.writeUInt16LE(bitsPerSample, 34);
  buf.write("data", 36, "ascii");
  buf.writeUInt32LE(dataBytes, 40);
  return buf;
}

/** ISO 8601 duration as the v3.2 API renders it, e.g. 252000 -> "PT4M12S". */
export function isoDuration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  let out = "PT";
  if (h) out += `${h}H`;
  if (m) out += `${m}M`;
  if (s || out === "PT") out += `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}S`;
  return out;
}
