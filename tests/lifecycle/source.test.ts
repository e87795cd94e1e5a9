/**
 * Datasets from local data through the real provider host: multi-block upload, resume after an
 * interruption, unchanged data → no diff, changed data → replace, bad data → check failure.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Dataset } from "../../provider";
import { makeWav } from "../../emulator";
import { ProviderRpcError } from "../support/host";
import { registerOne, startStack } from "../support/stack";

const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];

function sentences(n: number, salt = ""): string {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`sentence ${i} about ${WORDS[i % 12]} and ${WORDS[(i * 7 + 3) % 12]} ${salt}`.trim());
    return lines.join("\n") + "\n";
}

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "pcs-src-"));
}

const BLOCK = 64 * 1024;

test("a multi-block upload reassembles to the source's bytes; unchanged data → no diff; changed data → replace", async () => {
    const dir = tempDir();
    const file = path.join(dir, "sentences.txt");
    fs.writeFileSync(file, sentences(9000));
    const bytes = fs.readFileSync(file);
    assert.ok(bytes.length > 4 * BLOCK, "several blocks");
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config" });
    try {
        const args = { kind: "Language" as const, locale: "en-US", source: new pulumi.asset.FileAsset(file), blockSizeInBytes: BLOCK, uploadConcurrency: 3 };
        const r = await registerOne(() => new Dataset("language-train", args));
        const checked = await stack.host.check(r.urn, {}, r.inputs);
        assert.deepEqual(checked.failures, []);
        const sha = createHash("sha256").update(bytes).digest("hex");
        assert.equal(checked.inputs.sourceHash, sha);

        const created = await stack.host.create(r.urn, checked.inputs);
        const [d] = stack.emu.datasets();
        assert.equal(d.sha256, sha, "reassembled bytes hash equal to the source");
        const puts = stack.emu.exchanges.filter((x) => x.operationId === "Datasets_UploadBlock");
        assert.equal(puts.length, Math.ceil(bytes.length / BLOCK));
        assert.equal(stack.emu.exchanges.filter((x) => x.operationId === "Datasets_CommitBlocks").length, 1);
        assert.equal(created.properties.status, "Succeeded");
        assert.equal(created.properties.sourceHash, sha);
        assert.ok(created.properties.properties.acceptedLineCount > 0);

        // Same data again: no diff, nothing re-uploaded.
        const again = await registerOne(() => new Dataset("language-train", args));
        const checkedAgain = await stack.host.check(r.urn, checked.inputs, again.inputs);
        const before = stack.emu.exchanges.length;
        assert.equal((await stack.host.diff(r.urn, created.id, created.properties, checkedAgain.inputs)).changes, "none");
        assert.equal(stack.emu.exchanges.length, before);

        // Changed data: replace.
        fs.writeFileSync(file, sentences(9000, "changed"));
        const changed = await registerOne(() => new Dataset("language-train", args));
        const checkedChanged = await stack.host.check(r.urn, checked.inputs, changed.inputs);
        const diff = await stack.host.diff(r.urn, created.id, created.properties, checkedChanged.inputs);
        assert.deepEqual(diff.replaces, ["source"]);
    } finally {
        await stack.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("an interrupted upload resumes from the blocks the service already holds", async () => {
    const dir = tempDir();
    const file = path.join(dir, "sentences.txt");
    fs.writeFileSync(file, sentences(12000));
    const total = Math.ceil(fs.statSync(file).size / BLOCK);
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config" });
    try {
        const args = { kind: "Language" as const, locale: "en-US", source: new pulumi.asset.FileAsset(file), blockSizeInBytes: BLOCK, uploadConcurrency: 1, retry: { maxRetries: 0 } };
        const r = await registerOne(() => new Dataset("resumable", args));
        const checked = await stack.host.check(r.urn, {}, r.inputs);
        stack.emu.setFaults({ seed: 11, rateReset: 0.35, methods: ["PUT"] });
        let tracked: Record<string, any> | undefined;
        let id = "";
        try {
            const c = await stack.host.create(r.urn, checked.inputs);
            id = c.id;
            tracked = c.properties;
        } catch (e) {
            assert.ok(e instanceof ProviderRpcError && e.initFailed, `an interrupted upload keeps the dataset tracked: ${e}`);
            id = e.initFailed.id;
            tracked = e.initFailed.properties;
        }
        stack.emu.setFaults(undefined);
        const firstOk = stack.emu.exchanges.filter((x) => x.operationId === "Datasets_UploadBlock" && x.status === 201).length;
        assert.ok(tracked.status !== "Succeeded", "the seeded faults interrupt the first upload");
        assert.ok(firstOk > 0 && firstOk < total, `some blocks got through (${firstOk}/${total})`);

        // The next `pulumi up`: the engine updates the tracked resource; the provider finishes the create.
        const mark = stack.emu.exchanges.length;
        const updated = await stack.host.update(r.urn, id, tracked, checked.inputs);
        const secondPuts = stack.emu.exchanges.slice(mark).filter((x) => x.operationId === "Datasets_UploadBlock").length;
        assert.equal(secondPuts, total - firstOk, "only the missing blocks are sent");
        assert.equal(updated.properties.status, "Succeeded");
        assert.equal(stack.emu.datasets().length, 1);
        assert.equal(stack.emu.datasets()[0].sha256, checked.inputs.sourceHash);
    } finally {
        await stack.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("an Acoustic folder is zipped deterministically and uploaded; the same folder hashes the same", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.wav"), makeWav(1000));
    fs.writeFileSync(path.join(dir, "b.wav"), makeWav(2000));
    fs.writeFileSync(path.join(dir, "trans.txt"), "a.wav\thello world\nb.wav\tgood morning\n");
    const stack = await startStack({ apiVersion: "v3.2", via: "env" });
    try {
        const program = () => new Dataset("acoustic-train", { kind: "Acoustic", locale: "en-US", source: new pulumi.asset.FileArchive(dir) });
        const r = await registerOne(program);
        const c1 = await stack.host.check(r.urn, {}, r.inputs);
        assert.deepEqual(c1.failures, []);
        fs.utimesSync(path.join(dir, "a.wav"), new Date(2001, 1, 1), new Date(2001, 1, 1));
        const c2 = await stack.host.check(r.urn, {}, (await registerOne(program)).inputs);
        assert.equal(c2.inputs.sourceHash, c1.inputs.sourceHash, "same folder → same bytes → same hash");
        const created = await stack.host.create(r.urn, c1.inputs);
        assert.equal(created.properties.status, "Succeeded");
        assert.equal(stack.emu.datasets()[0].sha256, c1.inputs.sourceHash);
        assert.equal(created.properties.properties.acceptedLineCount, 2);
        assert.ok(created.properties.properties.durationMilliseconds > 0);
    } finally {
        await stack.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("bad data fails check with the file and line, before any request", async () => {
    const dir = tempDir();
    const file = path.join(dir, "pron.txt");
    fs.writeFileSync(file, "IEEE\ti triple e\nno tab on this line\n");
    const acoustic = path.join(dir, "acoustic");
    fs.mkdirSync(acoustic);
    fs.writeFileSync(path.join(acoustic, "a.wav"), makeWav(1000));
    fs.writeFileSync(path.join(acoustic, "trans.txt"), "a.wav\thello\nmissing.wav\tworld\n");
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config" });
    try {
        const r1 = await registerOne(() => new Dataset("pron", { kind: "Pronunciation", locale: "en-US", source: new pulumi.asset.FileAsset(file) }));
        const f1 = (await stack.host.check(r1.urn, {}, r1.inputs)).failures;
        assert.ok(f1.length >= 1);
        assert.equal(f1[0].property, "source");
        assert.match(f1[0].reason, /pron\.txt line 2/);
        const r2 = await registerOne(() => new Dataset("ac", { kind: "Acoustic", locale: "en-US", source: new pulumi.asset.FileArchive(acoustic) }));
        const f2 = (await stack.host.check(r2.urn, {}, r2.inputs)).failures;
        assert.ok(f2.some((f) => f.property === "source" && /trans\.txt line 2/.test(f.reason) && /missing\.wav/.test(f.reason)), JSON.stringify(f2));
        const r3 = await registerOne(() => new Dataset("both", { kind: "Language", locale: "en-US", source: new pulumi.asset.StringAsset("hello there\n"), contentUrl: "https://example.com/x" }));
        assert.ok((await stack.host.check(r3.urn, {}, r3.inputs)).failures.some((f) => f.property === "source" && /not both/.test(f.reason)));
        const r4 = await registerOne(() => new Dataset("remote", { kind: "Language", locale: "en-US", source: new pulumi.asset.RemoteAsset("https://example.com/x.txt") }));
        assert.ok((await stack.host.check(r4.urn, {}, r4.inputs)).failures.some((f) => f.property === "source" && /contentUrl/.test(f.reason)));
        assert.equal(stack.emu.exchanges.length, 0, "no request for invalid input");
    } finally {
        await stack.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
