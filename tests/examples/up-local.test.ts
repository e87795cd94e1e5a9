/**
 * scripts/up-local (npm run up:local): without the Pulumi CLI it explains what to do, exits non-zero
 * and shuts the emulator down; with a CLI (a fake one here) it drives the expected commands against
 * the running emulator with a local file backend.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { REPO } from "./helpers";

const SCRIPT = path.join(REPO, "dist", "scripts", "up-local.js");

function runScript(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [SCRIPT, "--step-ms", "0"], { cwd: REPO, env });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (b) => (stdout += b));
        child.stderr.on("data", (b) => (stderr += b));
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`up-local did not exit within ${timeoutMs} ms (emulator left running?)\n${stdout}\n${stderr}`));
        }, timeoutMs);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr });
        });
    });
}

function refused(url: string): Promise<boolean> {
    const u = new URL(url);
    return new Promise((resolve) => {
        const s = net.connect(Number(u.port), u.hostname);
        s.once("connect", () => {
            s.destroy();
            resolve(false);
        });
        s.once("error", () => resolve(true));
    });
}

/** A PATH with node but without any pulumi. */
function pathWithoutPulumi(extra: string[] = []): string {
    return [...extra, path.dirname(process.execPath)].join(path.delimiter);
}

test("without the Pulumi CLI: says it is required and how to install it, shows the manual route, exits 1, emulator stopped", { timeout: 90_000 }, async () => {
    const r = await runScript({ PATH: pathWithoutPulumi(), HOME: os.tmpdir() }, 30_000);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Pulumi CLI is required/);
    assert.match(r.stderr, /https:\/\/www\.pulumi\.com\/docs\/install\//);
    assert.match(r.stderr, /npm run emulator -- --port 5000 --key local-key/);
    assert.match(r.stderr, /pulumi config set speech:endpoint http:\/\/127\.0\.0\.1:5000/);
    assert.match(r.stderr, /pulumi config set --secret speech:key/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(r.stdout)?.[1];
    assert.ok(url, `the emulator was started:\n${r.stdout}`);
    assert.match(r.stdout, /Speech emulator stopped/);
    assert.ok(await refused(url), "the emulator no longer accepts connections");
});

test("with a Pulumi CLI: file backend, fresh `local` stack, endpoint + secret key config, pulumi up; key never printed", { timeout: 90_000 }, async () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), "pcs-fake-pulumi-"));
    const log = path.join(bin, "calls.jsonl");
    try {
        // A fake `pulumi` that records each call, and on `up` checks the emulator answers with the configured key.
        writeFileSync(
            path.join(bin, "pulumi"),
            `#!${process.execPath}
const fs = require("node:fs");
const args = process.argv.slice(2);
const rec = { args, backend: process.env.PULUMI_BACKEND_URL, passphrase: !!process.env.PULUMI_CONFIG_PASSPHRASE, speechEnv: !!process.env.SPEECH_KEY };
const calls = fs.existsSync(${JSON.stringify(log)}) ? fs.readFileSync(${JSON.stringify(log)}, "utf8").trim().split("\\n").map(JSON.parse) : [];
if (args[0] === "up") {
  const endpoint = calls.find((c) => c.args.includes("speech:endpoint")).args.at(-1);
  const key = calls.find((c) => c.args.includes("speech:key")).args.at(-1);
  fetch(endpoint + "/speechtotext/datasets?api-version=2025-10-15", { headers: { "Ocp-Apim-Subscription-Key": key } })
    .then((r) => { rec.upStatus = r.status; fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(rec) + "\\n"); })
    .catch((e) => { rec.upError = String(e); fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(rec) + "\\n"); process.exitCode = 1; });
} else {
  fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(rec) + "\\n");
  if (args[0] === "stack" && args[1] === "rm") process.exitCode = 255; // no such stack yet
}
`,
        );
        chmodSync(path.join(bin, "pulumi"), 0o755);
        const r = await runScript({ PATH: pathWithoutPulumi([bin]), HOME: os.tmpdir(), SPEECH_KEY: "from-env-must-not-leak" });
        assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
        const calls = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
        const argv = calls.map((c) => c.args.slice(0, 2).join(" "));
        assert.deepEqual(argv, ["stack rm", "stack select", "config set", "config set", "up --yes"]);
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(r.stdout)![1];
        assert.deepEqual(calls[2].args, ["config", "set", "--stack", "local", "speech:endpoint", url]);
        assert.deepEqual(calls[3].args.slice(0, 6), ["config", "set", "--stack", "local", "--secret", "speech:key"]);
        const key = calls[3].args[6];
        assert.ok(key.length >= 16, "a random key");
        assert.ok(calls[1].args.includes("--create") && calls[1].args.includes("local"));
        for (const c of calls) {
            assert.equal(c.backend, `file://${path.join(REPO, ".pulumi-local", "state")}`, "local file backend");
            assert.ok(c.passphrase, "a passphrase for the local secrets provider");
            assert.equal(c.speechEnv, false, "SPEECH_* from the caller's environment is not passed on");
        }
        assert.equal(calls[4].upStatus, 200, "the emulator was up during pulumi up and accepts the configured key");
        assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key), "the key is never printed");
        assert.ok(await refused(url), "the emulator is stopped afterwards");
    } finally {
        rmSync(bin, { recursive: true, force: true });
    }
});
