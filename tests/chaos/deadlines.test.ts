/**
 * Deadlines: a service that never finishes processing, and a service that answers too slowly,
 * must give bounded failures with messages that say what exists, never a hang. The emulator's
 * clock is frozen for the stuck service, so "never finishes" does not depend on timing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { Dataset, DatasetArgs } from "../../provider";
import { ProviderRpcError } from "../support/host";
import { registerOne, startStack } from "../support/stack";

const RETRY = { initialDelayInMs: 1, maxDelayInMs: 20 };
const base = (name: string): DatasetArgs => ({
    kind: "Language",
    locale: "en-US",
    contentUrl: `https://acct.blob.core.windows.net/data/${name}.txt?sv=2025-01-05&sig=D34dl1neS1g%3D`,
    retry: RETRY,
});

test("a stuck service: create fails at processingTimeoutInMs with the dataset's id, stays tracked, and the next up finishes it", async () => {
    let now = Date.now();
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config", emulator: { processingStepMs: 1000, retryAfterSeconds: 0, clock: () => now } });
    const { emu, host } = stack;
    try {
        const r = await registerOne(() => new Dataset("stuck", { ...base("stuck"), processingTimeoutInMs: 300 }));
        const checked = await host.check(r.urn, {}, r.inputs);
        let tracked!: { id: string; outputs: Record<string, any> };
        await assert.rejects(host.create(r.urn, checked.inputs), (e: unknown) => {
            assert.ok(e instanceof ProviderRpcError, String(e));
            const id = emu.datasets()[0].id;
            assert.match(e.details, /^creating Speech dataset "stuck": dataset [0-9a-f-]{36} is still NotStarted after /);
            assert.ok(e.details.includes(`the dataset exists with id ${id}`), `the message says what was created: ${e.details}`);
            assert.match(e.details, /keeps tracking it/);
            assert.ok(e.initFailed, "the error carries the id, so the engine tracks the dataset");
            assert.equal(e.initFailed.id, id);
            assert.equal(e.initFailed.properties.datasetId, id);
            assert.equal(e.initFailed.properties.status, "NotStarted");
            assert.equal(typeof e.initFailed.properties.__provider, "string");
            tracked = { id, outputs: e.initFailed.properties };
            return true;
        });
        assert.equal(emu.datasets().length, 1);
        assert.equal(emu.datasets()[0].customProperties?.pulumiCreateToken, "settled", "tracked, so the marker is settled");

        // The service gets unstuck; the next `pulumi up` updates the resource (it has init errors) and
        // the update finishes the create.
        now += 10 * 60_000;
        const again = await host.check(r.urn, checked.inputs, r.inputs);
        assert.deepEqual((await host.diff(r.urn, tracked.id, tracked.outputs, again.inputs)).replaces, []);
        const updated = await host.update(r.urn, tracked.id, tracked.outputs, again.inputs);
        assert.equal(updated.properties.status, "Succeeded");
        assert.equal(updated.properties.datasetId, tracked.id);
        assert.equal(emu.datasets().length, 1);
        assert.equal(emu.exchanges.filter((x) => x.operationId === "Datasets_Create").length, 1);
    } finally {
        await stack.close();
    }
});

test("slow answers with a small attemptTimeoutInMs: a bounded failure naming the timeout, nothing created", async () => {
    const stack = await startStack({ apiVersion: "v3.2", via: "env", emulator: { processingStepMs: 1, retryAfterSeconds: 0 } });
    const { emu, host } = stack;
    try {
        const r = await registerOne(() => new Dataset("slow", { ...base("slow"), retry: { ...RETRY, maxRetries: 1, attemptTimeoutInMs: 100 } }));
        const checked = await host.check(r.urn, {}, r.inputs);
        emu.setFaults({ seed: 1, rateSlow: 1, slowMs: 1500 });
        try {
            await assert.rejects(host.create(r.urn, checked.inputs), (e: unknown) => {
                assert.ok(e instanceof ProviderRpcError, String(e));
                assert.equal(e.initFailed, undefined, "nothing was created");
                assert.match(e.details, /^looking up \(exactly-once create\) Speech dataset "slow": Datasets_List failed: ETIMEDOUT: .*100 ?ms/);
                return true;
            });
        } finally {
            emu.setFaults(undefined);
        }
        // The emulator records a slow exchange once it has answered (to a closed socket).
        for (let i = 0; i < 150 && emu.exchanges.filter((x) => x.operationId === "Datasets_List").length < 2; i++) await sleep(20);
        assert.equal(emu.exchanges.filter((x) => x.operationId === "Datasets_List").length, 2, "one attempt and one retry, each cut at 100 ms");
        assert.equal(emu.exchanges.filter((x) => x.operationId === "Datasets_Create").length, 0);
    } finally {
        await stack.close();
    }
});

test("a POST that times out but is still carried out by the service later does not end up as two datasets", async () => {
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config", emulator: { processingStepMs: 1, retryAfterSeconds: 0 } });
    const { emu, host } = stack;
    try {
        const r = await registerOne(() => new Dataset("late", { ...base("late"), retry: { ...RETRY, maxRetries: 2, attemptTimeoutInMs: 150 } }));
        const checked = await host.check(r.urn, {}, r.inputs);
        // The service takes 600 ms before acting on each POST; the client gives up after 150 ms.
        emu.setFaults({ seed: 1, rateSlow: 1, slowMs: 600, methods: ["POST"] });
        let result: { id?: string; error?: ProviderRpcError };
        try {
            result = await host.create(r.urn, checked.inputs).then(
                (c) => ({ id: c.id }),
                (e: ProviderRpcError) => ({ error: e }),
            );
            // Let every POST the service received be carried out (each is recorded once answered).
            await sleep(800);
        } finally {
            emu.setFaults(undefined);
        }
        if (result.error) {
            assert.equal(result.error.initFailed, undefined, String(result.error));
            assert.match(result.error.details, /Datasets_Create failed: ETIMEDOUT/);
        }
        const posts = emu.exchanges.filter((x) => x.operationId === "Datasets_Create");
        assert.equal(emu.datasets().length, posts.length, "every POST the service received made a dataset");
        assert.equal(emu.datasets().length, 1, `a timed-out POST may still be running: it is not repeated blindly (${posts.length} POSTs)`);

        // The next `pulumi up` re-runs the create and adopts the late dataset.
        const created = await host.create(r.urn, checked.inputs);
        assert.equal(emu.datasets().length, 1);
        assert.equal(created.id, emu.datasets()[0].id);
    } finally {
        await stack.close();
    }
});
