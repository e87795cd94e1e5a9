/**
 * Every request the provider sends and every response the emulator returns during full
 * lifecycles (URL datasets, local-data block uploads, projects) validated against the official
 * swagger of that API version. Skipped, saying so, where the reference files are absent.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Dataset, Project } from "../../provider";
import { contractSkipReason, loadContract, ApiVersion } from "../support/contract";
import { registerOne, startStack, Stack } from "../support/stack";

async function lifecycle(stack: Stack, program: () => unknown, change: () => unknown): Promise<string> {
    const r = await registerOne(program);
    const checked = await stack.host.check(r.urn, {}, r.inputs);
    assert.deepEqual(checked.failures, []);
    const created = await stack.host.create(r.urn, checked.inputs);
    const read = await stack.host.read(r.urn, created.id, created.properties);
    const next = await registerOne(change);
    const news = (await stack.host.check(r.urn, checked.inputs, next.inputs)).inputs;
    const updated = await stack.host.update(r.urn, created.id, read.properties, news);
    await stack.host.delete(r.urn, created.id, updated.properties);
    await stack.host.read(r.urn, created.id, updated.properties);
    return created.id;
}

for (const version of ["2025-10-15", "2024-11-15", "v3.2"] as ApiVersion[]) {
    test(`${version}: every exchange of the provider with the emulator matches the swagger`, { skip: contractSkipReason(version) }, async () => {
        const stack = await startStack({ apiVersion: version, via: "config", emulator: { pageSize: 1 } });
        try {
            const url = { kind: "Language" as const, locale: "en-US", contentUrl: "https://example.com/s.txt", customProperties: { a: "1", b: "2" } };
            await lifecycle(stack, () => new Dataset("url", url), () => new Dataset("url", { ...url, description: "x", customProperties: { a: "1" } }));
            const local = { kind: "Language" as const, locale: "en-US", source: new pulumi.asset.StringAsset("hello there\nsecond line here\n".repeat(50)), blockSizeInBytes: 512 };
            await lifecycle(stack, () => new Dataset("local", local), () => new Dataset("local", { ...local, displayName: "renamed" }));
            if (version !== "2024-11-15") {
                await lifecycle(stack, () => new Project("proj", { locale: "en-US" }), () => new Project("proj", { locale: "en-US", description: "d" }));
            }
            const contract = loadContract(version);
            const seen = new Set<string>();
            const violations: string[] = [];
            for (const ex of stack.emu.exchanges) {
                if (!ex.operationId) continue; // emulator-only blob downloads
                seen.add(ex.operationId);
                for (const v of contract.checkExchange(ex as never)) violations.push(`${ex.method} ${ex.url}: ${v}`);
            }
            assert.deepEqual(violations, []);
            const expected = ["Datasets_Create", "Datasets_Get", "Datasets_Update", "Datasets_Delete", "Datasets_List", "Datasets_UploadBlock", "Datasets_GetBlocks", "Datasets_CommitBlocks"];
            if (version !== "2024-11-15") expected.push("Projects_Create", "Projects_Get", "Projects_Update", "Projects_Delete");
            for (const op of expected) assert.ok(seen.has(op), `${op} was exercised`);
        } finally {
            await stack.close();
        }
    });
}
