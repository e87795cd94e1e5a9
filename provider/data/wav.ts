/**
 * WAV (RIFF) header parsing, enough to check the documented audio format.
 *
 * @packageDocumentation
 */
import { AUDIO_FORMAT } from "./limits.js";

/** What a WAV header says. */
export interface WavInfo {
  /** `fmt ` audio format tag: 1 = PCM, 0xFFFE = extensible (then `subFormat` holds the real one). */
  formatTag: number;
  /** For WAVE_FORMAT_EXTENSIBLE, the sub-format's first two GUID bytes (1 = PCM). */
  subFormat?: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  bitsPerSample: number;
  /** Size of the `data` chunk (clamped to the file size), when found. */
  dataBytes?: number;
  /** Duration in seconds computed from `dataBytes` and `byteRate`. */
  durationSeconds?: number;
}

/** How many leading bytes {@link parseWavHeader} wants to find the `fmt ` and `data` chunks. */
export const WAV_HEADER_PREFIX_BYTES = 256 * 1024;

/**
 * Parse the RIFF/WAVE header in `buf` (the first bytes of the file; see {@link WAV_HEADER_PREFIX_BYTES}).
 * @param fileSize - the whole file's size, to clamp a `data` size that runs past the end.
 * @returns the header, or `{ error }` describing why this is not a readable WAV file.
 */
export function parseWavHeader(buf: Buffer, fileSize: number): WavInfo | { error: string } {
  if (buf.length < 12) return { error: "not a WAV file: shorter than a RIFF header" };
  const riff = buf.toString("latin1", 0, 4);
  if (riff === "RIFX" || riff === "RF64") return { error: `not a supported WAV file: ${riff} container; the service needs little-endian RIFF` };
  if (riff !== "RIFF" || buf.toString("latin1", 8, 12) !== "WAVE") return { error: "not a WAV file: no RIFF/WAVE header" };
  let pos = 12;
  let info: WavInfo | undefined;
  while (pos + 8 <= buf.length) {
    const id = buf.toString("latin1", pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > buf.length) return { error: "WAV fmt chunk is truncated" };
      info = {
        formatTag: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        byteRate: buf.readUInt32LE(body + 8),
        bitsPerSample: buf.readUInt16LE(body + 14),
      };
      if (info.formatTag === 0xfffe && size >= 40 && body + 26 <= buf.length) info.subFormat = buf.readUInt16LE(body + 24);
    } else if (id === "data") {
      if (!info) return { error: "WAV data chunk comes before the fmt chunk" };
      const available = Math.max(0, fileSize - body);
      info.dataBytes = size === 0xffffffff ? available : Math.min(size, available);
      if (info.byteRate > 0) info.durationSeconds = info.dataBytes / info.byteRate;
      return info;
    }
    pos = body + size + (size % 2); // chunks are padded to even sizes
  }
  if (!info) return { error: "WAV fmt chunk not found in the file's first bytes" };
  return info; // fmt found but no data chunk within the prefix
}

/** Reasons a parsed WAV header breaks the documented format (RIFF, PCM 16-bit, 8 or 16 kHz, mono). */
export function wavFormatProblems(info: WavInfo): string[] {
  const out: string[] = [];
  const pcm = info.formatTag === 1 || (info.formatTag === 0xfffe && info.subFormat === 1);
  if (!pcm) out.push(`audio is not PCM (format tag ${info.formatTag}); the service needs PCM 16-bit`);
  if (info.bitsPerSample !== AUDIO_FORMAT.bitsPerSample) out.push(`audio has ${info.bitsPerSample}-bit samples; the service needs 16-bit`);
  if (!AUDIO_FORMAT.sampleRates.includes(info.sampleRate)) out.push(`audio sample rate is ${info.sampleRate} Hz; the service needs 8000 or 16000 Hz`);
  if (info.channels !== AUDIO_FORMAT.channels) out.push(`audio has ${info.channels} channels; the service needs mono`);
  return out;
}
