/**
 * Benchmarks, side by side in one run against the local emulator: the provider's paths versus the
 * raw REST calls a script would make (curl-style). Reports ratios, not absolute speed (which
 * depends on the machine). Run: npm run bench
 */
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { startEmulator } from "../emulator";
import { SpeechClient } from "../provider/client/speech-client";
import { uploadBlocks } from "../provider/client/upload";
import * as hooks from "../provider/hooks/dataset";
import { setConfigLayer } from "../provider/hooks/context";

type Got = typeof import("got", { with: { "resolution-mode": "import" } }).default;

async function rawCreateAndWait(got: Got, base: string, key: string, i: number): Promise<number> {
    const headers = { "Ocp-Apim-Subscription-Key": key };
    let requests = 1;
    const created = await got.post(`${base}/speechtotext/datasets?api-version=2025-10-15`, {
        headers,
        json: { kind: "Language", locale: "en-US", displayName: `raw-${i}`, contentUrl: "https://example.com/s.txt" },
    }).json<{ self: string; status: string }>();
    let status = created.status;
    while (status !== "Succeeded" && status !== "Failed") {
        requests++;
        status = (await got(created.self, { headers }).json<{ status: string }>()).status;
    }
    return requests;
}

async function main(): Promise<void> {
    const { default: got } = await import("got");
    const emu = await startEmulator({ key: "bench-key-123456", processingStepMs: 0, retryAfterSeconds: 0, record: true });
    process.env.SPEECH_ENDPOINT = emu.url;
    process.env.SPEECH_KEY = emu.key;
    setConfigLayer({});
    const N = Number(process.env.BENCH_N ?? 40);
    const t = { provider: 0, raw: 0 };
    const req = { provider: 0, raw: 0 };
    for (let i = 0; i < N; i++) {
        // Interleaved so both see the same machine state.
        let mark = emu.exchanges.length;
        let s = performance.now();
        await hooks.create({ kind: "Language", locale: "en-US", displayName: `p-${i}`, contentUrl: "https://example.com/s.txt", createToken: `bench-${i}`, resourceName: `p-${i}` });
        t.provider += performance.now() - s;
        req.provider += emu.exchanges.length - mark;
        mark = emu.exchanges.length;
        s = performance.now();
        await rawCreateAndWait(got, emu.url, emu.key, i);
        t.raw += performance.now() - s;
        req.raw += emu.exchanges.length - mark;
    }
    console.log(`create + wait, ${N} datasets each (emulator, no processing delay):`);
    console.log(`  provider  ${(t.provider / N).toFixed(2)} ms/dataset, ${(req.provider / N).toFixed(1)} requests/dataset (lookup, POST, polls, marker PATCH)`);
    console.log(`  raw REST  ${(t.raw / N).toFixed(2)} ms/dataset, ${(req.raw / N).toFixed(1)} requests/dataset (POST, polls)`);
    console.log(`  ratio provider/raw: ${(t.provider / t.raw).toFixed(2)}x time, ${(req.provider / req.raw).toFixed(2)}x requests`);

    const MiB = 1024 * 1024;
    const SIZE = Number(process.env.BENCH_MIB ?? 32) * MiB;
    const data = Buffer.alloc(SIZE, 7);
    const client = new SpeechClient({ endpoint: emu.url, key: emu.key, apiVersion: "2025-10-15" });
    const up = { provider: 0, raw: 0 };
    for (let round = 0; round < 3; round++) {
        const a = await client.createDataset({ kind: "Language", locale: "en-US", displayName: `up-p-${round}` });
        let s = performance.now();
        await uploadBlocks(client, a.id, Readable.from([data]), { blockSizeInBytes: 4 * MiB, concurrency: 4 });
        up.provider += performance.now() - s;
        const b = await client.createDataset({ kind: "Language", locale: "en-US", displayName: `up-r-${round}` });
        s = performance.now();
        const ids: string[] = [];
        for (let off = 0, i = 0; off < SIZE; off += 4 * MiB, i++) {
            const id = Buffer.from(`block-${String(i).padStart(6, "0")}`).toString("base64");
            ids.push(id);
            await got.put(`${emu.url}/speechtotext/datasets/${b.id}/blocks?api-version=2025-10-15&blockid=${id}`, {
                headers: { "Ocp-Apim-Subscription-Key": emu.key, "content-type": "application/octet-stream" },
                body: data.subarray(off, off + 4 * MiB),
            });
        }
        await got.post(`${emu.url}/speechtotext/datasets/${b.id}/blocks:commit?api-version=2025-10-15`, {
            headers: { "Ocp-Apim-Subscription-Key": emu.key },
            json: ids.map((id) => ({ kind: "Latest", id })),
        });
        up.raw += performance.now() - s;
    }
    console.log(`block upload of ${SIZE / MiB} MiB in 4 MiB blocks, 3 rounds each:`);
    console.log(`  provider (streamed, 4 in flight, resumable)  ${(SIZE / MiB / (up.provider / 3000)).toFixed(1)} MiB/s`);
    console.log(`  raw REST (sequential PUTs from memory)       ${(SIZE / MiB / (up.raw / 3000)).toFixed(1)} MiB/s`);
    console.log(`  ratio provider/raw time: ${(up.provider / up.raw).toFixed(2)}x`);
    await emu.close();
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
