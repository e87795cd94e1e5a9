/**
 * No secret leaks: a full Dataset lifecycle driven as the engine drives it (tests/support/engine.ts;
 * connection from stack config, then from the environment, and a key input), with a distinctive key
 * and a contentUrl whose SAS signature is distinctive, including a create whose processing fails, a
 * wrong key input (401) and a key rotated under a refresh (401). Then the keys and the signature
 * (raw and percent-encoded) must appear nowhere: not in the serialized provider, not in the
 * plaintext part of state (what is not stored encrypted), not in the host's stdout/stderr, not in
 * any error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Dataset, DatasetArgs } from "../../provider";
import type { RunResult } from "../support/engine";
import { register, startModel } from "../support/stack";

const RETRY = { initialDelayInMs: 1, maxDelayInMs: 20, maxRetries: 1 };

for (const via of ["config", "env"] as const) {
    test(`via ${via}: the key and the SAS signature appear in no plaintext state, log or error`, async () => {
        const tag = `${via}${Math.random().toString(36).slice(2, 8)}`;
        const KEY = `LeakKey${tag}0123456789abcdef`;
        const WRONG = `WrongKey${tag}fedcba9876543210`;
        const ROTATED = `RotatedKey${tag}00112233445566`;
        const SIG = `S1gLeak${tag}Zq`;
        const url = (host: string, file: string) => `https://${host}/data/${file}?sv=2025-01-05&se=2030-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=${SIG}%3D`;
        const secrets = [KEY, WRONG, ROTATED, SIG, encodeURIComponent(SIG)];

        const stack = await startModel({ apiVersion: "2025-10-15", via, emulator: { key: KEY, processingStepMs: 5, retryAfterSeconds: 0 } });
        const { emu, host, engine } = stack;
        /** Everything that must be free of secrets, with where it came from. */
        const seen: { where: string; text: string }[] = [];
        const look = (where: string, v: unknown) => seen.push({ where, text: typeof v === "string" ? v : JSON.stringify(v) ?? String(v) });
        const errors: string[] = [];
        const run = async (what: string, p: Promise<RunResult>, expectError?: RegExp) => {
            const r = await p;
            for (const e of r.errors) errors.push(e.message);
            if (expectError) assert.ok(r.errors.some((e) => expectError.test(e.message)), `${what}: expected an error like ${expectError}, got ${JSON.stringify(r.errors)}`);
            else assert.deepEqual(r.errors, [], what);
            look(`state after ${what}`, engine.plaintextState());
            return r;
        };
        try {
            const args = (file: string, extra: Partial<DatasetArgs> = {}): DatasetArgs => ({
                kind: "Language", locale: "en-US", contentUrl: url("acct.blob.core.windows.net", file), description: "leak test", retry: RETRY, ...extra,
            });
            const program = (o: { edited?: boolean; broken?: boolean; wrong?: boolean } = {}) => () => {
                new Dataset("plain", args("a.txt", o.edited ? { description: "edited" } : {}));
                new Dataset("keyed", args("b.txt", { key: KEY }));
                if (o.broken) new Dataset("broken", args("c.txt", { contentUrl: url("data.invalid", "c.txt") }));
                if (o.wrong) new Dataset("wrong", args("d.txt", { key: WRONG }));
            };
            // What the SDK registers: secrets declared, and the serialized provider captures none.
            for (const r of await register(program({ broken: true, wrong: true }))) {
                assert.ok(r.secretInputs.includes("contentUrl"), `${r.urn}: contentUrl is a secret input`);
                for (const o of ["contentUrl", "key", "connectionKey"]) assert.ok(r.options?.additionalSecretOutputs?.includes(o), `${r.urn}: ${o} is a secret output`);
                look(`${r.urn} __provider`, r.inputs.__provider);
            }

            await run("up", engine.up(program()));
            // The key that reaches each dataset is in state, as a secret output only.
            for (const n of ["plain", "keyed"]) {
                const rec = engine.get(n)!;
                assert.equal(rec.outputs.connectionKey, KEY, `${n}: state keeps the key that reaches the dataset`);
                assert.ok(rec.secretOutputs.includes("connectionKey"), `${n}: stored encrypted`);
                assert.equal(rec.outputs.key, undefined, `${n}: the key input is not an output`);
            }
            await run("refresh", engine.refresh());
            await run("up (edit)", engine.up(program({ edited: true })));
            // Processing fails: the engine tracks the failed dataset with the error's outputs.
            await run("up (broken data)", engine.up(program({ edited: true, broken: true })), /processing failed/);
            assert.ok(engine.get("broken")?.initErrors, "the failed dataset stays tracked");
            // A wrong key input: the create is refused (401), nothing is tracked.
            await run("up (wrong key)", engine.up(program({ edited: true, broken: true, wrong: true })), /HTTP 401\)\. Check the key/);
            assert.equal(engine.get("wrong"), undefined);
            // The account's key is rotated: refresh fails with 401 (printed to stderr by the host), never showing a key.
            emu.setKey(ROTATED);
            await run("refresh (rotated key)", engine.refresh(), /HTTP 401/);
            emu.setKey(KEY);
            await run("destroy", engine.destroy());
            assert.equal(emu.datasets().length, 0);

            for (const [i, e] of errors.entries()) look(`error ${i}`, e);
            look("host stdout", host.stdout());
            look("host stderr", host.stderr());
            assert.ok(host.stderr().includes("HTTP 401"), "the host did print the read errors (so the log scan means something)");
            assert.ok(emu.exchanges.some((x) => JSON.stringify(x.requestBody ?? "").includes(SIG)), "control: the signature did reach the service");
            assert.ok(JSON.stringify([...engine.state.values()]).length > 0);

            const leaks = seen.flatMap(({ where, text }) => secrets.filter((s) => text.includes(s)).map((s) => `${where} contains ${s === KEY ? "the key" : s === WRONG ? "the wrong key" : s === ROTATED ? "the rotated key" : "the SAS signature"}`));
            console.log(`secrets scan via ${via}: ${seen.length} texts, ${seen.reduce((n, s) => n + s.text.length, 0)} characters, ${errors.length} errors, ${leaks.length} leaks`);
            assert.deepEqual(leaks, []);
        } finally {
            await stack.close();
        }
    });
}
