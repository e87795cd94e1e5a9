import { test } from "node:test";
import assert from "node:assert/strict";
import { Dataset } from "../../provider";
import { startModel } from "../support/stack";

test("engine model: up, same, update, refresh, destroy", async () => {
    const s = await startModel({ apiVersion: "2025-10-15", via: "config" });
    try {
        const args = { kind: "Language" as const, locale: "en-US", contentUrl: "https://a.blob.core.windows.net/c/x.txt?sv=1&sig=abcdefgh" };
        const r1 = await s.engine.up(() => new Dataset("d", args));
        assert.deepEqual(r1.errors, []);
        assert.deepEqual(r1.steps.map((x) => x.op), ["create"]);
        const r2 = await s.engine.up(() => new Dataset("d", args));
        assert.deepEqual(r2.steps.map((x) => x.op), ["same"]);
        const r3 = await s.engine.up(() => new Dataset("d", { ...args, description: "x" }));
        assert.deepEqual(r3.steps.map((x) => x.op), ["update"]);
        assert.equal(s.emu.datasets()[0].description, "x");
        const r4 = await s.engine.refresh();
        assert.deepEqual(r4.errors, []);
        const r5 = await s.engine.destroy();
        assert.deepEqual(r5.errors, []);
        assert.equal(s.emu.datasets().length, 0);
    } finally {
        await s.close();
    }
});
