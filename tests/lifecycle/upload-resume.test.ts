/**
 * Resumed uploads through the real dynamic-provider host: what ends up committed is the local
 * data, whatever happened before. A 9 MiB file interrupted with 4 MiB blocks and finished with
 * 1 MiB blocks; a dataset that already holds other committed data is refused, not trusted.
 */
import { textBytes } from "../data/helpers";
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Dataset } from "../../provider";
import { SpeechClient } from "../../provider/client/speech-client";
import { ProviderRpcError } from "../support/host";
import { registerOne, startStack, type Stack } from "../support/stack";

const MiB = 1024 * 1024;

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "pcs-upres-"));
}


function serviceClient(stack: Stack): SpeechClient {
    return new SpeechClient({ endpoint: stack.emu.url, key: stack.emu.key, apiVersion: "2025-10-15" }, { retry: { maxRetries: 0 } });
}

/** Runs a create or update that must fail with the dataset tracked; returns what the engine records. */
async function interrupted(run: () => Promise<unknown>): Promise<{ id: string; properties: Record<string, any>; message: string }> {
    try {
        await run();
    } catch (e) {
        assert.ok(e instanceof ProviderRpcError && e.initFailed, `the dataset stays tracked: ${e}`);
        return { id: e.initFailed.id, properties: e.initFailed.properties, message: e.details };
    }
    assert.fail("expected the run to fail");
}

test("9 MiB: interrupted with 4 MiB blocks, finished with 1 MiB blocks: the service holds the local bytes", async () => {
    const dir = tempDir();
    const file = path.join(dir, "nine.txt");
    const bytes = textBytes(9 * MiB);
    fs.writeFileSync(file, bytes);
    const sha = createHash("sha256").update(bytes).digest("hex");
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config" });
    try {
        const base = { kind: "Language" as const, locale: "en-US", source: new pulumi.asset.FileAsset(file), uploadConcurrency: 2, retry: { maxRetries: 0 } };
        const r4 = await registerOne(() => new Dataset("nine", { ...base, blockSizeInBytes: 4 * MiB }));
        const c4 = await stack.host.check(r4.urn, {}, r4.inputs);
        assert.deepEqual(c4.failures, []);
        assert.equal(c4.inputs.sourceHash, sha);

        // `pulumi up` #1: the dataset is created; no block gets through.
        stack.emu.setFaults({ rateReset: 1, methods: ["PUT"] });
        const first = await interrupted(() => stack.host.create(r4.urn, c4.inputs));
        // `pulumi up` #2: every 4 MiB block lands; the commit is cut off.
        stack.emu.setFaults({ rateReset: 1, methods: ["POST"] });
        const second = await interrupted(() => stack.host.update(r4.urn, first.id, first.properties, c4.inputs));
        stack.emu.setFaults(undefined);
        const held = await serviceClient(stack).getBlocks(first.id);
        assert.deepEqual(held.committedBlocks, []);
        assert.deepEqual(held.uncommittedBlocks.map((b) => b.size).sort((a, b) => a - b), [MiB, 4 * MiB, 4 * MiB]);

        // `pulumi up` #3 with blockSizeInBytes: 1 MiB (a provider-only input: no replace).
        const r1 = await registerOne(() => new Dataset("nine", { ...base, blockSizeInBytes: MiB }));
        const c1 = await stack.host.check(r1.urn, c4.inputs, r1.inputs);
        assert.deepEqual(c1.failures, []);
        assert.deepEqual((await stack.host.diff(r1.urn, first.id, second.properties, c1.inputs)).replaces, []);
        const mark = stack.emu.exchanges.length;
        const done = await stack.host.update(r1.urn, first.id, second.properties, c1.inputs);
        assert.equal(done.properties.status, "Succeeded");

        assert.equal(stack.emu.datasets().length, 1);
        const copy = stack.emu.datasets()[0]!;
        assert.equal(copy.sha256, sha, "the service's reassembled copy is the local file");
        const committed = (await serviceClient(stack).getBlocks(first.id)).committedBlocks;
        assert.deepEqual(committed.map((b) => b.size), Array(9).fill(MiB), "nine 1 MiB blocks");
        assert.equal(stack.emu.exchanges.slice(mark).filter((x) => x.operationId === "Datasets_UploadBlock").length, 9);
    } finally {
        await stack.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("a dataset that already holds other committed data: a clear error naming it, nothing re-sent or re-committed", async () => {
    const dir = tempDir();
    const file = path.join(dir, "local.txt");
    fs.writeFileSync(file, textBytes(200_000, "local"));
    const other = textBytes(150_000, "somebody else's");
    // Processing never starts within the test: the dataset stays NotStarted, so the provider goes to its upload step.
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config", emulator: { processingStepMs: 3_600_000 } });
    try {
        const args = { kind: "Language" as const, locale: "en-US", source: new pulumi.asset.FileAsset(file), blockSizeInBytes: 64 * 1024, retry: { maxRetries: 0 } };
        const r = await registerOne(() => new Dataset("taken", args));
        const checked = await stack.host.check(r.urn, {}, r.inputs);
        stack.emu.setFaults({ rateReset: 1, methods: ["PUT"] });
        const first = await interrupted(() => stack.host.create(r.urn, checked.inputs));
        stack.emu.setFaults(undefined);

        // Meanwhile other data was committed into this dataset (e.g. by an earlier run whose reply was lost).
        const c = serviceClient(stack);
        await c.uploadBlock(first.id, Buffer.from("other-0").toString("base64"), other);
        await c.commitBlocks(first.id, [Buffer.from("other-0").toString("base64")]);
        const otherSha = createHash("sha256").update(other).digest("hex");

        const mark = stack.emu.exchanges.length;
        const failed = await interrupted(() => stack.host.update(r.urn, first.id, first.properties, checked.inputs));
        assert.ok(failed.message.includes(first.id), failed.message);
        assert.match(failed.message, /already holds committed data that is not the local data/);
        assert.match(failed.message, /--replace/);
        const after = stack.emu.exchanges.slice(mark);
        assert.equal(after.filter((x) => x.operationId === "Datasets_UploadBlock" || x.operationId === "Datasets_CommitBlocks").length, 0);
        assert.equal(stack.emu.datasets()[0]!.sha256, otherSha, "the service copy is untouched");
    } finally {
        await stack.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
