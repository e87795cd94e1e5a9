/**
 * Crash recovery: the provider process dies after the dataset was POSTed but before processing
 * ended (the engine then has a pending create and no id), or the POST's answer is lost. The next
 * `pulumi up` runs create again with the same inputs; the create marker must make it adopt the
 * dataset that exists instead of making a second one.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { Dataset, DatasetArgs } from "../../provider";
import { prng } from "../../emulator/faults";
import { registerOne, startStack } from "../support/stack";

const RETRY = { initialDelayInMs: 1, maxDelayInMs: 20 };

function args(name: string): DatasetArgs {
    return {
        kind: "Language",
        locale: "en-US",
        description: `crash test ${name}`,
        contentUrl: `https://acct.blob.core.windows.net/data/${name}.txt?sv=2025-01-05&sig=Cr4shS1g%3D`,
        customProperties: { owner: "chaos" },
        retry: RETRY,
    };
}

for (const apiVersion of ["2025-10-15", "v3.2"]) {
    test(`${apiVersion}: the host is killed between POST and the end of processing; the next up adopts the dataset`, async () => {
        // Processing takes 2 × 1000 ms, so the host is surely still waiting when it is killed.
        const first = await startStack({ apiVersion, via: "config", emulator: { processingStepMs: 1000, retryAfterSeconds: 0 } });
        const emu = first.emu;
        let second: Awaited<ReturnType<typeof startStack>> | undefined;
        try {
            const r = await registerOne(() => new Dataset("crashy", args("crashy")));
            const checked = await first.host.check(r.urn, {}, r.inputs);
            assert.deepEqual(checked.failures, []);
            const pending = first.host.create(r.urn, checked.inputs).then(
                () => assert.fail("the killed host cannot have answered"),
                (e: unknown) => e,
            );
            for (let i = 0; emu.datasets().length === 0; i++) {
                assert.ok(i < 500, "the dataset was never POSTed");
                await sleep(10);
            }
            const made = emu.datasets();
            assert.equal(made.length, 1);
            assert.notEqual(made[0].status, "Succeeded", "killed before processing ended");
            await first.host.stop();
            assert.ok((await pending) instanceof Error, "the engine saw the create fail without an id");
            assert.notEqual(first.host.exitCode(), 0);

            // The next `pulumi up`: a new host (new process, same service), check, create again.
            second = await startStack({ apiVersion, via: "config", reuseEmulator: emu });
            const again = await second.host.check(r.urn, {}, r.inputs);
            assert.deepEqual(again.inputs, checked.inputs);
            const created = await second.host.create(r.urn, again.inputs);

            const ds = emu.datasets();
            assert.equal(ds.length, 1, "no duplicate");
            assert.equal(created.id, made[0].id, "the dataset POSTed before the crash is adopted");
            assert.equal(created.properties.status, "Succeeded");
            assert.equal(emu.exchanges.filter((x) => x.operationId === "Datasets_Create").length, 1, "one POST in all");
            assert.equal(ds[0].customProperties?.pulumiCreateToken, "settled");
            assert.equal(ds[0].customProperties?.owner, "chaos");
            assert.deepEqual(created.properties.customProperties, { owner: "chaos" });
        } finally {
            await second?.close();
            await first.close();
        }
    });
}

test("a lost POST response (the service created the dataset, the answer never came) is adopted, not repeated", async () => {
    const stack = await startStack({ apiVersion: "2025-10-15", via: "env", emulator: { processingStepMs: 1, retryAfterSeconds: 0 } });
    const { emu, host } = stack;
    try {
        const r = await registerOne(() => new Dataset("lost-answer", args("lost-answer")));
        const checked = await host.check(r.urn, {}, r.inputs);
        emu.setFaults({ seed: 1, rateLostResponse: 1, methods: ["POST"] });
        let created: { id: string; properties: Record<string, any> };
        try {
            created = await host.create(r.urn, checked.inputs);
        } finally {
            assert.equal(emu.faultCounts().lostResponse, 1, "the POST's answer was lost once");
            emu.setFaults(undefined);
        }
        const ds = emu.datasets();
        assert.equal(ds.length, 1, "no duplicate");
        assert.equal(created.id, ds[0].id);
        const posts = emu.exchanges.filter((x) => x.operationId === "Datasets_Create");
        assert.equal(posts.length, 1, "the lookup found it, so no second POST");
        assert.equal(posts[0].fault, "lostResponse");
        assert.ok(emu.exchanges.some((x) => x.operationId === "Datasets_List"), "the marker was looked up");
        assert.equal(ds[0].customProperties?.pulumiCreateToken, "settled");

    } finally {
        await stack.close();
    }
});

test("a lost POST answer whose lookup also fails: the create fails without an id, and running it again adopts", async () => {
    const stack = await startStack({ apiVersion: "v3.2", via: "config", emulator: { processingStepMs: 1, retryAfterSeconds: 0 } });
    const { emu, host } = stack;
    try {
        // One retry, so the sequence is short: lookup, POST (answer lost), lookup + its retry (answers lost).
        const r = await registerOne(() => new Dataset("lost-twice", { ...args("lost-twice"), retry: { ...RETRY, maxRetries: 1 } }));
        const checked = await host.check(r.urn, {}, r.inputs);
        // The emulator draws one number per faultable request; pick the seed whose draws give exactly
        // "first lookup answered, then every answer lost" for those four requests.
        const rate = 0.6;
        const seed = [...Array(10_000).keys()].find((s) => {
            const next = prng(s);
            return next() >= rate && next() < rate && next() < rate && next() < rate;
        })!;
        emu.setFaults({ seed, rateLostResponse: rate, methods: ["POST", "GET"] });
        try {
            await assert.rejects(host.create(r.urn, checked.inputs), (e: any) => {
                assert.equal(e.initFailed, undefined, "no id is known");
                assert.match(e.details, /Datasets_List failed: \w+/);
                return true;
            });
        } finally {
            emu.setFaults(undefined);
        }
        assert.equal(emu.datasets().length, 1, "the service did create it");
        const created = await host.create(r.urn, checked.inputs);
        assert.equal(emu.datasets().length, 1, "no duplicate");
        assert.equal(created.id, emu.datasets()[0].id);
        assert.equal(emu.exchanges.filter((x) => x.operationId === "Datasets_Create" && !x.fault).length, 0, "no POST after the first");
    } finally {
        await stack.close();
    }
});
