/**
 * Upload problems caught at check (`pulumi preview`), through the real provider host and without
 * a single request: a block size that would need more than the 50,000 blocks a dataset can hold,
 * and a FileArchive folder with symbolic links that lead outside it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Dataset } from "../../provider";
import { makeWav } from "../../emulator";
import { check } from "../../provider/hooks/dataset";
import { registerOne, startStack } from "../support/stack";

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "pcs-upchk-"));
}

/** Text lines, exactly `size` bytes. */
function textBytes(size: number): Buffer {
    const parts: string[] = [];
    let n = 0;
    for (let i = 0; n < size; i++) {
        const line = `sentence ${i} about alpha and bravo\n`;
        parts.push(line);
        n += line.length;
    }
    return Buffer.concat([Buffer.from(parts.join("")).subarray(0, size - 1), Buffer.from("\n")]);
}

test("blockSizeInBytes too small for the data: a check failure naming the numbers and the fix, no request", async () => {
    const dir = tempDir();
    const big = path.join(dir, "big.txt");
    const fits = path.join(dir, "fits.txt");
    fs.writeFileSync(big, textBytes(150_001));
    fs.writeFileSync(fits, textBytes(150_000));
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config" });
    try {
        const r = await registerOne(() => new Dataset("tiny-blocks", { kind: "Language", locale: "en-US", source: new pulumi.asset.FileAsset(big), blockSizeInBytes: 3 }));
        const failures = (await stack.host.check(r.urn, {}, r.inputs)).failures;
        const f = failures.find((x) => x.property === "blockSizeInBytes");
        assert.ok(f, JSON.stringify(failures));
        assert.match(f.reason, /block size of 3 bytes/);
        assert.match(f.reason, /\(150001 bytes\)/, "the data size");
        assert.match(f.reason, /into 50001 blocks/, "the block count");
        assert.match(f.reason, /50000 blocks a dataset can hold/, "the limit");
        assert.match(f.reason, /at least 4\b/, "the smallest block size that works");

        const ok = await registerOne(() => new Dataset("tiny-blocks", { kind: "Language", locale: "en-US", source: new pulumi.asset.FileAsset(fits), blockSizeInBytes: 3 }));
        assert.deepEqual((await stack.host.check(ok.urn, {}, ok.inputs)).failures, [], "exactly 50,000 blocks is fine");
        assert.equal(stack.emu.exchanges.length, 0, "check sends no request");
    } finally {
        await stack.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("the dataset check hook reports the block count too (default block size unaffected)", async () => {
    const dir = tempDir();
    const file = path.join(dir, "t.txt");
    fs.writeFileSync(file, textBytes(50_001));
    try {
        const source = { "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17", path: file };
        const inputs = { kind: "Language", locale: "en-US", displayName: "t", endpoint: "http://127.0.0.1:9", key: "k-1234567890", source };
        const bad = await check({}, { ...inputs, blockSizeInBytes: 1 });
        assert.deepEqual(bad.failures.map((f) => f.property), ["blockSizeInBytes"], JSON.stringify(bad.failures));
        assert.match(bad.failures[0]!.reason, /into 50001 blocks.*at least 2\b/);
        assert.deepEqual((await check({}, inputs)).failures, []);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("a FileArchive folder with links leading outside it fails check naming the link; nothing is sent", { skip: process.platform === "win32" }, async () => {
    const dir = tempDir();
    const outside = path.join(dir, "outside");
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, "secret.txt"), `secret-${randomUUID()}\n`);
    const make = (name: string) => {
        const d = path.join(dir, name);
        fs.mkdirSync(d);
        fs.writeFileSync(path.join(d, "a.wav"), makeWav(1000));
        fs.writeFileSync(path.join(d, "trans.txt"), "a.wav\thello world\n");
        return d;
    };
    const fileLink = make("file-link");
    fs.symlinkSync(fs.existsSync("/etc/hostname") ? "/etc/hostname" : path.join(outside, "secret.txt"), path.join(fileLink, "leak.txt"));
    const dirLink = make("dir-link");
    fs.symlinkSync(outside, path.join(dirLink, "more"));
    const inside = make("inside-link");
    fs.symlinkSync("a.wav", path.join(inside, "b.wav"));
    fs.writeFileSync(path.join(inside, "trans.txt"), "a.wav\thello world\nb.wav\tgood morning\n");
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config" });
    try {
        for (const [folder, link] of [[fileLink, "leak.txt"], [dirLink, "more"]] as const) {
            const r = await registerOne(() => new Dataset("acoustic", { kind: "Acoustic", locale: "en-US", source: new pulumi.asset.FileArchive(folder) }));
            const failures = (await stack.host.check(r.urn, {}, r.inputs)).failures;
            assert.equal(failures.length, 1, JSON.stringify(failures));
            assert.equal(failures[0]!.property, "source");
            assert.ok(failures[0]!.reason.includes(`${path.basename(folder)}/${link}`), failures[0]!.reason);
            assert.match(failures[0]!.reason, /points outside the folder/);
        }
        // A link that stays inside the folder is followed: b.wav is a.wav's bytes under another name.
        const r = await registerOne(() => new Dataset("acoustic", { kind: "Acoustic", locale: "en-US", source: new pulumi.asset.FileArchive(inside) }));
        const c = await stack.host.check(r.urn, {}, r.inputs);
        assert.deepEqual(c.failures, []);
        assert.equal(typeof c.inputs.sourceHash, "string");
        assert.equal(stack.emu.exchanges.length, 0, "check sends no request");
    } finally {
        await stack.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
