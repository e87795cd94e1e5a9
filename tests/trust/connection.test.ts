/**
 * The connection that created an entity is the one its later calls use, kept in state as a secret:
 * a key given as a resource input (the speechConnection path) with no key in config or env works for
 * refresh, update, replace and destroy; a key configured for another account is never sent to this
 * one; moving to another account plans a replace for Project and Dataset alike and deletes the old
 * entities at the old account with the old key. Everything is driven through the engine model.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../emulator";
import { Dataset, Project } from "../../provider";
import { startProviderHost } from "../support/host";
import { PROJECT, REPO_ROOT, startModel } from "../support/stack";

const url = "https://acct.blob.core.windows.net/c/data.txt?sv=2025-01-05&sig=c0nnS1gnature";
const keyHeader = (x: { requestHeaders: Record<string, unknown> }) => String(x.requestHeaders["ocp-apim-subscription-key"] ?? "");

test("key and endpoint as resource inputs, nothing in config or env: up, refresh, update, replace, destroy", async () => {
    const s = await startModel({ apiVersion: "2025-10-15", via: "none" });
    const { emu, engine } = s;
    try {
        const conn = { endpoint: emu.url, key: emu.key };
        const program = (o: { description?: string; locale?: string } = {}) => () => {
            const p = new Project("proj", { ...conn, locale: o.locale ?? "en-US", description: o.description });
            new Dataset("data", { ...conn, kind: "Language", locale: o.locale ?? "en-US", contentUrl: url, project: p, description: o.description });
        };
        assert.deepEqual((await engine.up(program())).errors, []);
        const r = await engine.refresh();
        assert.deepEqual(r.errors, [], "refresh reaches both with the key kept in state");
        const u = await engine.up(program({ description: "edited" }));
        assert.deepEqual(u.errors, []);
        assert.deepEqual(u.steps.map((x) => x.op).sort(), ["update", "update"]);
        assert.equal(emu.datasets()[0].description, "edited");
        const rep = await engine.up(program({ description: "edited", locale: "de-DE" }));
        assert.deepEqual(rep.errors, []);
        assert.ok(rep.steps.some((x) => x.op === "delete-replaced"), "the replaced entities were deleted with the stored key");
        assert.deepEqual(emu.datasets().map((d) => d.locale), ["de-DE"]);
        assert.deepEqual(emu.projects().map((p) => p.locale), ["de-DE"]);
        assert.ok(!engine.plaintextState().includes(emu.key), "the key is in state only encrypted");
        assert.deepEqual((await engine.destroy()).errors, []);
        assert.equal(emu.datasets().length + emu.projects().length, 0);
    } finally {
        await s.close();
    }
});

test("a key configured for another account is never sent to this one", async () => {
    const other = await startEmulator({ key: "other-account-key-123456", processingStepMs: 1, retryAfterSeconds: 0 });
    const s = await startModel({ apiVersion: "2025-10-15", via: "none" });
    const { emu, engine, host } = s;
    try {
        await host.configure({ "speech:endpoint": other.url, "speech:key": other.key }, { secretKeys: ["speech:key"] });
        const program = (o: { key?: boolean; description?: string } = {}) => () =>
            new Dataset("data", { endpoint: emu.url, key: o.key === false ? undefined : emu.key, kind: "Language", locale: "en-US", contentUrl: url, description: o.description });
        assert.deepEqual((await engine.up(program())).errors, []);
        assert.deepEqual((await engine.refresh()).errors, []);
        assert.deepEqual((await engine.up(program({ description: "x" }))).errors, []);
        // Without the key input, the configured key (bound to the other endpoint) is not used here: check says so.
        const noKey = await engine.preview(program({ key: false, description: "x" }));
        assert.equal(noKey.failures.length, 1, JSON.stringify(noKey));
        assert.equal(noKey.failures[0].property, "key");
        assert.match(noKey.failures[0].reason, /stack config belongs to another endpoint/);
        assert.deepEqual((await engine.destroy()).errors, []);
        assert.ok(emu.exchanges.length > 4);
        assert.deepEqual(emu.exchanges.filter((x) => keyHeader(x) !== emu.key).map((x) => `${x.method} ${x.url}`), [], "every request to this account carried its own key");
        assert.equal(other.exchanges.length, 0, "the other account was never called");
    } finally {
        await s.close();
        await other.close();
    }
});

test("a rotated config key: refresh recovers with the new key and state keeps it", async () => {
    const s = await startModel({ apiVersion: "2025-10-15", via: "config" });
    const { emu, engine } = s;
    try {
        assert.deepEqual((await engine.up(() => new Dataset("data", { kind: "Language", locale: "en-US", contentUrl: url }))).errors, []);
        const NEW = "rotated-key-abcdef123456";
        emu.setKey(NEW);
        // The next `pulumi refresh` runs a new provider host with the new config.
        const host2 = await startProviderHost({ cwd: REPO_ROOT, project: PROJECT, env: { SPEECH_ENDPOINT: "", SPEECH_KEY: "", SPEECH_REGION: "", SPEECH_API_VERSION: "" } });
        try {
            await host2.configure({ "speech:endpoint": emu.url, "speech:key": NEW }, { secretKeys: ["speech:key"] });
            engine.o.host = host2;
            assert.deepEqual((await engine.refresh()).errors, []);
            assert.equal(engine.get("data")!.outputs.connectionKey, NEW);
            assert.deepEqual((await engine.destroy()).errors, []);
            assert.equal(emu.datasets().length, 0);
        } finally {
            await host2.stop();
        }
    } finally {
        await s.close();
    }
});

for (const via of ["config", "env"] as const) {
    test(`moving to another account by ${via}: Project and Dataset both plan a replace on endpoint; the old ones are deleted at the old account`, async () => {
        const b = await startEmulator({ key: "account-b-key-123456", processingStepMs: 1, retryAfterSeconds: 0 });
        const s = await startModel({ apiVersion: "2025-10-15", via });
        const { emu, engine } = s;
        try {
            const program = () => {
                const p = new Project("proj", { locale: "en-US" });
                new Dataset("data", { kind: "Language", locale: "en-US", contentUrl: url, project: p });
            };
            assert.deepEqual((await engine.up(program)).errors, []);
            const settings = { SPEECH_ENDPOINT: "", SPEECH_KEY: "", SPEECH_REGION: "", SPEECH_API_VERSION: "" };
            const host2 = await startProviderHost({ cwd: REPO_ROOT, project: PROJECT, env: via === "env" ? { ...settings, SPEECH_ENDPOINT: b.url, SPEECH_KEY: b.key } : settings });
            try {
                await host2.configure(via === "config" ? { "speech:endpoint": b.url, "speech:key": b.key } : {}, { secretKeys: ["speech:key"] });
                engine.o.host = host2;
                const plan = await engine.preview(program);
                assert.deepEqual(plan.errors, []);
                assert.deepEqual(plan.steps.map((x) => [x.op, x.replaces]), [["replace", ["endpoint"]], ["replace", ["endpoint"]]]);
                const up = await engine.up(program);
                assert.deepEqual(up.errors, []);
                assert.equal(emu.datasets().length + emu.projects().length, 0, "the old entities were deleted at the old account");
                assert.equal(b.datasets().length, 1);
                assert.equal(b.projects().length, 1);
                assert.equal(b.datasets()[0].projectId, b.projects()[0].id);
                assert.deepEqual((await engine.destroy()).errors, []);
            } finally {
                await host2.stop();
            }
        } finally {
            await s.close();
            await b.close();
        }
    });
}
