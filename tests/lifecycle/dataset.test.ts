/**
 * The whole Dataset lifecycle through the real dynamic-provider host, on every API version,
 * with the connection from stack config and from the environment.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Dataset } from "../../provider";
import { ProviderRpcError } from "../support/host";
import { registerOne, startStack } from "../support/stack";

const SAS = "sv=2025-01-05&se=2030-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=S3cr3tS1gnature%3D";

for (const apiVersion of ["2025-10-15", "2024-11-15", "v3.2"]) {
    for (const via of ["config", "env"] as const) {
        test(`${apiVersion} via ${via}: check, create, read, diff, update, delete, read after delete`, async () => {
            const stack = await startStack({ apiVersion, via });
            const { emu, host } = stack;
            try {
                const args = {
                    kind: "Acoustic" as const,
                    locale: "en-US",
                    description: "Call-center recordings, batch 1",
                    contentUrl: `https://acct.blob.core.windows.net/data/batch1.zip?${SAS}`,
                    customProperties: { team: "asr" },
                };
                const r = await registerOne(() => new Dataset("acoustic-train", args));
                assert.ok(r.secretInputs.includes("contentUrl"), "contentUrl is a secret input");
                assert.equal(typeof r.inputs.__provider, "string");

                // Check
                const checked = await host.check(r.urn, {}, r.inputs);
                assert.deepEqual(checked.failures, []);
                assert.equal(checked.inputs.displayName, "acoustic-train", "displayName defaults to the resource name");

                // Create: one POST, waits for processing
                const created = await host.create(r.urn, checked.inputs);
                const ds = emu.datasets();
                assert.equal(ds.length, 1);
                assert.equal(created.id, ds[0].id);
                assert.equal(emu.exchanges.filter((x) => x.operationId === "Datasets_Create").length, 1);
                const out = created.properties;
                assert.equal(out.status, "Succeeded");
                assert.equal(out.datasetId, created.id);
                assert.equal(out.kind, "Acoustic");
                assert.equal(out.locale, "en-US");
                assert.equal(out.apiVersionUsed, apiVersion);
                assert.equal(typeof out.properties.acceptedLineCount, "number");
                assert.equal(typeof out.properties.rejectedLineCount, "number");
                assert.ok(out.self.includes(created.id));
                assert.equal(out.key, undefined, "the key is never an output");
                assert.deepEqual(out.customProperties, { team: "asr" }, "the create marker is not shown");
                assert.equal(ds[0].customProperties?.team, "asr");

                // Read (refresh): no drift
                const read = await host.read(r.urn, created.id, out);
                assert.equal(read.id, created.id);
                const d0 = await host.diff(r.urn, created.id, read.properties, checked.inputs);
                assert.equal(d0.changes, "none", "refresh right after create shows no diff");

                // Drift made outside Pulumi shows up after refresh
                const other = await registerOne(() => new Dataset("acoustic-train", { ...args, description: "edited in the portal" }));
                const patched = emu.exchanges.length;
                const up2 = await host.check(r.urn, checked.inputs, other.inputs);
                const d1 = await host.diff(r.urn, created.id, read.properties, up2.inputs);
                assert.equal(d1.changes, "some");
                assert.deepEqual(d1.replaces, []);

                // Update: one PATCH with only the changed field
                const updated = await host.update(r.urn, created.id, read.properties, up2.inputs);
                const patches = emu.exchanges.slice(patched).filter((x) => x.method === "PATCH");
                assert.equal(patches.length, 1);
                assert.deepEqual(patches[0].requestBody, { description: "edited in the portal" });
                assert.equal(updated.properties.description, "edited in the portal");
                assert.equal(emu.datasets()[0].description, "edited in the portal");

                // Locale and new data replace; a fresh SAS does not
                const relocale = await registerOne(() => new Dataset("acoustic-train", { ...args, locale: "de-DE" }));
                assert.deepEqual((await host.diff(r.urn, created.id, updated.properties, relocale.inputs)).replaces, ["locale"]);
                const fresh = await registerOne(() => new Dataset("acoustic-train", { ...args, description: "edited in the portal", contentUrl: `https://acct.blob.core.windows.net/data/batch1.zip?sv=2026-01-01&sig=NEW` }));
                assert.deepEqual((await host.diff(r.urn, created.id, updated.properties, fresh.inputs)).replaces, []);
                const moved = await registerOne(() => new Dataset("acoustic-train", { ...args, contentUrl: `https://acct.blob.core.windows.net/data/batch2.zip?${SAS}` }));
                assert.deepEqual((await host.diff(r.urn, created.id, updated.properties, moved.inputs)).replaces, ["contentUrl"]);

                // Delete, then read after delete drops it
                await host.delete(r.urn, created.id, updated.properties);
                assert.equal(emu.datasets().length, 0);
                const gone = await host.read(r.urn, created.id, updated.properties);
                assert.equal(gone.id, "", "404 means gone");
                await host.delete(r.urn, created.id, updated.properties); // already gone: still success

                // No secret anywhere the host printed
                const printed = host.stdout() + host.stderr();
                assert.ok(!printed.includes(emu.key));
                assert.ok(!printed.includes("S3cr3tS1gnature"));
            } finally {
                await stack.close();
            }
        });
    }
}

test("a dataset whose processing fails is reported with the service's error and stays tracked", async () => {
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config" });
    try {
        const r = await registerOne(() => new Dataset("broken", { kind: "Language", locale: "en-US", contentUrl: "https://data.invalid/sentences.txt" }));
        const checked = await stack.host.check(r.urn, {}, r.inputs);
        await assert.rejects(stack.host.create(r.urn, checked.inputs), (e: unknown) => {
            assert.ok(e instanceof ProviderRpcError, String(e));
            assert.match(e.message, /creating Speech dataset "broken": processing failed: \w+: /);
            assert.ok(e.initFailed, "the id and outputs travel with the error");
            assert.equal(e.initFailed.id, stack.emu.datasets()[0].id);
            assert.equal(e.initFailed.properties.status, "Failed");
            assert.equal(typeof e.initFailed.properties.__provider, "string");
            return true;
        });
        // Next `pulumi up` replaces the failed dataset even with the same inputs.
        const failedOutputs = (await stack.host.read(r.urn, stack.emu.datasets()[0].id, { ...checked.inputs, status: "Failed" })).properties;
        const d = await stack.host.diff(r.urn, stack.emu.datasets()[0].id, failedOutputs, checked.inputs);
        assert.deepEqual(d.replaces, ["contentUrl"]);
    } finally {
        await stack.close();
    }
});

test("check failures come back through the host, naming the property, with no request sent", async () => {
    const stack = await startStack({ apiVersion: "2024-11-15", via: "config" });
    try {
        const r = await registerOne(() => new Dataset("bad", { kind: "Audio" as never, locale: "en-US", contentUrl: "https://x.example/a", project: "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa" }));
        const checked = await stack.host.check(r.urn, {}, r.inputs);
        const props = checked.failures.map((f) => f.property).sort();
        assert.deepEqual(props, ["kind", "project"]);
        assert.match(checked.failures.find((f) => f.property === "project")!.reason, /2024-11-15 has no projects/);
        assert.equal(stack.emu.exchanges.length, 0);
    } finally {
        await stack.close();
    }
});

test("preview: values unknown during preview pass check and diff reports a possible replacement", async () => {
    const stack = await startStack({ apiVersion: "2025-10-15", via: "env" });
    try {
        const r = await registerOne(() => new Dataset("later", { kind: "Language", locale: "en-US", contentUrl: "https://example.com/a.txt" }));
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const checked = await stack.host.check(r.urn, {}, { ...r.inputs, contentUrl: unknown, locale: unknown });
        assert.deepEqual(checked.failures, []);
        const outputs = { ...r.inputs, datasetId: "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa", status: "Succeeded" };
        const d = await stack.host.diff(r.urn, "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa", outputs, checked.inputs);
        assert.deepEqual(d.replaces.sort(), ["contentUrl", "locale"]);
        assert.equal(stack.emu.exchanges.length, 0, "preview sends nothing");
    } finally {
        await stack.close();
    }
});

test("Dataset.get reads an existing dataset by id (no inputs)", async () => {
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config" });
    try {
        const r = await registerOne(() => new Dataset("made-elsewhere", { kind: "Language", locale: "en-US", contentUrl: "https://example.com/s.txt" }));
        const created = await stack.host.create(r.urn, (await stack.host.check(r.urn, {}, r.inputs)).inputs);
        // Dataset.get sends a ReadResource with no inputs but the serialized provider.
        const read = await stack.host.read(r.urn, created.id, {}, { __provider: r.inputs.__provider });
        assert.equal(read.id, created.id);
        assert.equal(read.properties.kind, "Language");
        assert.equal(read.properties.displayName, "made-elsewhere");
        assert.equal(read.inputs?.locale, "en-US");
    } finally {
        await stack.close();
    }
});

test("update sends the whole custom property map (no null, which the schema refuses): a removed key is removed in the service", async () => {
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config" });
    try {
        const base = { kind: "Language" as const, locale: "en-US", contentUrl: "https://example.com/s.txt" };
        const r = await registerOne(() => new Dataset("props", { ...base, customProperties: { team: "asr", owner: "ana" } }));
        const checked = await stack.host.check(r.urn, {}, r.inputs);
        const created = await stack.host.create(r.urn, checked.inputs);
        const next = await registerOne(() => new Dataset("props", { ...base, customProperties: { owner: "bo" } }));
        const news = (await stack.host.check(r.urn, checked.inputs, next.inputs)).inputs;
        const updated = await stack.host.update(r.urn, created.id, created.properties, news);
        assert.deepEqual(updated.properties.customProperties, { owner: "bo" });
        const inService = { ...stack.emu.datasets()[0].customProperties };
        delete inService.pulumiCreateToken;
        assert.deepEqual(inService, { owner: "bo" });
        const patch = stack.emu.exchanges.filter((x) => x.method === "PATCH").at(-1)!;
        assert.deepEqual(patch.requestBody, { customProperties: { owner: "bo", pulumiCreateToken: "settled" } });
        assert.equal(String(patch.requestHeaders["content-type"]).split(";")[0], "application/json");
    } finally {
        await stack.close();
    }
});
