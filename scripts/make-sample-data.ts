/**
 * Regenerates the tiny sample data committed under examples/ (run after a build:
 * `node dist/scripts/make-sample-data.js`). Two short 16 kHz mono 16-bit PCM WAVs (a quiet tone,
 * not silence, so they look like speech-length audio to any checker), their transcription, a few
 * sentences of related text and a pronunciation file. Deterministic: same bytes every run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { makeWav } from "../emulator/wav";

const ROOT = path.resolve(__dirname, "..", "..");

/** `ms` of a 16 kHz mono 16-bit tone at `hz`, low volume. */
export function toneWav(ms: number, hz: number): Buffer {
    const wav = makeWav(ms, 16000, 1, 16);
    const samples = (wav.length - 44) / 2;
    for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(1500 * Math.sin((2 * Math.PI * hz * i) / 16000)), 44 + i * 2);
    return wav;
}

export const SENTENCES = [
    "Open the pod bay doors please.",
    "Schedule a follow-up appointment for next Tuesday.",
    "The patient reports mild tachycardia after exercise.",
    "Turn the thermostat down to nineteen degrees.",
    "Read me the latest message from Contoso.",
];

export const TRANSCRIPTIONS = "hello.wav\tHello world.\ngoodbye.wav\tGoodbye for now.\n";

export const PRONUNCIATION = "3CPO\tthree c p o\nCNTK\tc n t k\nContoso\tcon toe so\n";

function write(rel: string, data: string | Buffer): void {
    const file = path.join(ROOT, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
}

if (require.main === module) {
    for (const dir of ["examples/local-data/data", "examples/azure-end-to-end/data"]) {
        write(`${dir}/sentences.txt`, SENTENCES.join("\n") + "\n");
        write(`${dir}/pronunciation.txt`, PRONUNCIATION);
    }
    write("examples/local-data/data/acoustic/hello.wav", toneWav(250, 440));
    write("examples/local-data/data/acoustic/goodbye.wav", toneWav(250, 330));
    write("examples/local-data/data/acoustic/trans.txt", TRANSCRIPTIONS);
    process.stdout.write("sample data written under examples/\n");
}
