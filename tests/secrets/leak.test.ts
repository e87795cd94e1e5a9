/**
 * No secret leaks: a full Dataset lifecycle through the real provider host (connection from stack
 * config, then from the environment), with a distinctive key and a contentUrl whose SAS signature is
 * distinctive, including a create whose processing fails and calls with a wrong key (401). Then the
 * key, the wrong key and the signature must appear nowhere: not in the serialized provider, not in
 * any outputs the host returned (state; contentUrl excepted, and only because it is declared
 * secret), not in the host's stdout/stderr, not in any error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Dataset, DatasetArgs } from "../../provider";
import { ProviderRpcError } from "../support/host";
import { registerOne, Registered, startStack } from "../support/stack";

const RETRY = { initialDelayInMs: 1, maxDelayInMs: 20, maxRetries: 1 };

for (const via of ["config", "env"] as const) {
    test(`via ${via}: the key and the SAS signature appear in no state, log or error`, async () => {
        const tag = `${via}${Math.random().toString(36).slice(2, 8)}`;
        const KEY = `LeakKey${tag}0123456789abcdef`;
        const WRONG = `WrongKey${tag}fedcba9876543210`;
        const SIG = `S1gLeak${tag}Zq`;
        const url = (host: string, file: string) => `https://${host}/data/${file}?sv=2025-01-05&se=2030-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=${SIG}%3D`;
        const secrets = [KEY, WRONG, SIG];

        const stack = await startStack({ apiVersion: "2025-10-15", via, emulator: { key: KEY, processingStepMs: 5, retryAfterSeconds: 0 } });
        const { emu, host } = stack;
        /** Everything that must be free of secrets, with where it came from. */
        const seen: { where: string; text: string }[] = [];
        const look = (where: string, v: unknown) => seen.push({ where, text: typeof v === "string" ? v : JSON.stringify(v) ?? String(v) });
        const withoutSecretProps = (o: Record<string, any>, props: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !props.includes(k)));
        const errors: ProviderRpcError[] = [];
        const expectFailure = async (what: string, p: Promise<unknown>, pattern: RegExp) => {
            await assert.rejects(p, (e: unknown) => {
                assert.ok(e instanceof ProviderRpcError, `${what}: ${String(e)}`);
                assert.match(e.details, pattern, what);
                errors.push(e);
                return true;
            });
        };
        try {
            const args = (file: string, extra: Partial<DatasetArgs> = {}): DatasetArgs => ({
                kind: "Language", locale: "en-US", contentUrl: url("acct.blob.core.windows.net", file), description: "leak test", retry: RETRY, ...extra,
            });
            const plain = await registerOne(() => new Dataset("plain", args("a.txt")));
            const keyed = await registerOne(() => new Dataset("keyed", args("b.txt", { key: KEY })));
            const edited = await registerOne(() => new Dataset("plain", args("a.txt", { description: "edited" })));
            const broken = await registerOne(() => new Dataset("broken", args("c.txt", { contentUrl: url("data.invalid", "c.txt") })));
            const wrong = await registerOne(() => new Dataset("wrong", args("d.txt", { key: WRONG })));
            const regs: Registered[] = [plain, keyed, edited, broken, wrong];

            // What the SDK registers: secrets declared, and the serialized provider captures none.
            for (const r of regs) {
                assert.ok(r.secretInputs.includes("contentUrl"), `${r.urn}: contentUrl is a secret input`);
                assert.ok(r.options?.additionalSecretOutputs?.includes("contentUrl"), `${r.urn}: contentUrl is a secret output`);
                assert.ok(r.options?.additionalSecretOutputs?.includes("key"), `${r.urn}: key is a secret output`);
                look(`${r.urn} __provider`, r.inputs.__provider);
                assert.equal(typeof r.inputs.__provider, "string");
            }
            assert.ok(keyed.secretInputs.includes("key"), "key is a secret input");
            assert.ok(wrong.secretInputs.includes("key"), "key is a secret input");

            const checked = async (r: Registered, olds: object = {}) => {
                const c = await host.check(r.urn, olds, r.inputs);
                assert.deepEqual(c.failures, []);
                // Inputs go to state too; contentUrl and key are declared secret, nothing else may hold a secret.
                look(`${r.urn} checked inputs`, withoutSecretProps(c.inputs, ["contentUrl", "key"]));
                return c.inputs;
            };
            const outputs = (where: string, o: Record<string, any>) => {
                assert.equal(o.key, undefined, `${where}: the key is never an output`);
                look(where, withoutSecretProps(o, ["contentUrl"]));
            };

            // A full lifecycle with the connection from config/env.
            const plainIn = await checked(plain);
            const created = await host.create(plain.urn, plainIn);
            outputs("create plain", created.properties);
            const read = await host.read(plain.urn, created.id, created.properties);
            outputs("read plain", read.properties);
            const editedIn = await checked(edited, plainIn);
            const d = await host.diff(plain.urn, created.id, read.properties, editedIn);
            assert.equal(d.changes, "some");
            const updated = await host.update(plain.urn, created.id, read.properties, editedIn);
            outputs("update plain", updated.properties);

            // With the key as a resource input.
            const keyedIn = await checked(keyed);
            const k = await host.create(keyed.urn, keyedIn);
            outputs("create keyed", k.properties);
            outputs("read keyed", (await host.read(keyed.urn, k.id, { ...k.properties, key: KEY })).properties);

            // Processing fails: the error carries the outputs.
            const brokenIn = await checked(broken);
            await expectFailure("failed processing", host.create(broken.urn, brokenIn), /processing failed/);
            const initFailed = errors.at(-1)!.initFailed;
            assert.ok(initFailed, "the failed dataset stays tracked");
            outputs("initFailed of broken", initFailed.properties);
            look("initFailed reasons", initFailed.reasons);

            // A wrong key: create, read (printed to stderr by the host), delete.
            const wrongIn = await checked(wrong);
            await expectFailure("create with a wrong key", host.create(wrong.urn, wrongIn), /HTTP 401\)\. Check the key/);
            await expectFailure("read with a wrong key", host.read(wrong.urn, created.id, { ...updated.properties, key: WRONG }), /HTTP 401/);
            await expectFailure("delete with a wrong key", host.delete(wrong.urn, created.id, { ...updated.properties, key: WRONG }), /HTTP 401/);

            // Clean up through the host.
            await host.delete(plain.urn, created.id, updated.properties);
            await host.delete(keyed.urn, k.id, { ...k.properties, key: KEY });
            await host.delete(broken.urn, initFailed.id, initFailed.properties);
            assert.equal(emu.datasets().length, 0);

            for (const e of errors) {
                look(`error ${e.method}`, e.message);
                look(`error ${e.method} details`, e.details);
                if (e.initFailed) look(`error ${e.method} initFailed`, withoutSecretProps(e.initFailed.properties, ["contentUrl"]));
            }
            look("host stdout", host.stdout());
            look("host stderr", host.stderr());
            assert.ok(host.stderr().includes("HTTP 401"), "the host did print the read/delete errors (so the log scan means something)");
            assert.ok(emu.exchanges.some((x) => JSON.stringify(x.requestBody ?? "").includes(SIG)), "control: the signature did reach the service");

            const leaks = seen.flatMap(({ where, text }) => secrets.filter((s) => text.includes(s)).map((s) => `${where} contains ${s === KEY ? "the key" : s === WRONG ? "the wrong key" : "the SAS signature"}`));
            console.log(`secrets scan via ${via}: ${seen.length} texts, ${seen.reduce((n, s) => n + s.text.length, 0)} characters, ${errors.length} errors, ${leaks.length} leaks`);
            assert.deepEqual(leaks, []);
        } finally {
            await stack.close();
        }
    });
}
