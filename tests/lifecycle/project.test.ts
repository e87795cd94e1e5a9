/**
 * The Project lifecycle through the real provider host, and datasets wired to projects.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Dataset, Project } from "../../provider";
import { ProviderRpcError } from "../support/host";
import { register, registerOne, startStack } from "../support/stack";

for (const apiVersion of ["2025-10-15", "v3.2"]) {
    test(`${apiVersion}: project create, read, update, replace on locale, delete`, async () => {
        const stack = await startStack({ apiVersion, via: "config" });
        try {
            const foundry = apiVersion === "2025-10-15" ? { foundryProjectName: "my-foundry" } : {};
            const r = await registerOne(() => new Project("speech-project", { locale: "en-US", description: "first", ...foundry }));
            const checked = await stack.host.check(r.urn, {}, r.inputs);
            assert.deepEqual(checked.failures, []);
            const created = await stack.host.create(r.urn, checked.inputs);
            assert.equal(stack.emu.projects().length, 1);
            assert.equal(created.properties.projectId, created.id);
            assert.equal(created.properties.displayName, "speech-project");
            if (apiVersion === "2025-10-15") assert.equal(created.properties.foundryProjectName, "my-foundry");
            const read = await stack.host.read(r.urn, created.id, created.properties);
            assert.equal((await stack.host.diff(r.urn, created.id, read.properties, checked.inputs)).changes, "none");

            const next = await registerOne(() => new Project("speech-project", { locale: "en-US", description: "second", ...foundry }));
            const news = (await stack.host.check(r.urn, checked.inputs, next.inputs)).inputs;
            const d = await stack.host.diff(r.urn, created.id, read.properties, news);
            assert.equal(d.changes, "some");
            assert.deepEqual(d.replaces, []);
            const updated = await stack.host.update(r.urn, created.id, read.properties, news);
            assert.equal(stack.emu.projects()[0].description, "second");

            const de = await registerOne(() => new Project("speech-project", { locale: "de-DE" }));
            assert.deepEqual((await stack.host.diff(r.urn, created.id, updated.properties, de.inputs)).replaces, ["locale"]);

            await stack.host.delete(r.urn, created.id, updated.properties);
            assert.equal(stack.emu.projects().length, 0);
            assert.equal((await stack.host.read(r.urn, created.id, updated.properties)).id, "");
        } finally {
            await stack.close();
        }
    });
}

test("a dataset takes a Project; a locale mismatch fails check; the project reference reaches the service", async () => {
    const stack = await startStack({ apiVersion: "2025-10-15", via: "env" });
    try {
        const regs = await register(() => {
            const project = new Project("p", { locale: "en-US" });
            new Dataset("d", { kind: "Language", locale: "en-US", contentUrl: "https://example.com/s.txt", project });
            new Dataset("wrong", { kind: "Language", locale: "de-DE", contentUrl: "https://example.com/s.txt", project });
        });
        const [p, d, wrong] = regs;
        const pc = await stack.host.create(p.urn, (await stack.host.check(p.urn, {}, p.inputs)).inputs);
        // The SDK resolves project.id / project.locale to the project's outputs before the dataset is sent.
        const dInputs = { ...d.inputs, project: pc.id, projectLocale: "en-US" };
        const dc = await stack.host.create(d.urn, (await stack.host.check(d.urn, {}, dInputs)).inputs);
        assert.equal(dc.properties.projectSelf?.includes(pc.id), true);
        assert.equal(stack.emu.datasets()[0].projectId, pc.id);
        const wc = await stack.host.check(wrong.urn, {}, { ...wrong.inputs, project: pc.id, projectLocale: "en-US" });
        assert.equal(wc.failures[0]?.property, "locale");
        assert.match(wc.failures[0].reason, /project's locale is en-US/);
    } finally {
        await stack.close();
    }
});

test("2024-11-15 has no projects: check says so before any request", async () => {
    const stack = await startStack({ apiVersion: "2024-11-15", via: "config" });
    try {
        const r = await registerOne(() => new Project("p", { locale: "en-US" }));
        const c = await stack.host.check(r.urn, {}, r.inputs);
        assert.equal(c.failures[0]?.property, "apiVersion");
        assert.match(c.failures[0].reason, /2024-11-15 has no projects/);
        await assert.rejects(stack.host.create(r.urn, c.inputs), (e: unknown) => e instanceof ProviderRpcError && /no projects/.test(e.message));
        assert.equal(stack.emu.exchanges.length, 0);
    } finally {
        await stack.close();
    }
});
