/**
 * Chaos: many Dataset create/update/delete cycles through the real dynamic-provider host while the
 * emulator injects 429s (Retry-After 0), 500s, 503s, connection resets, lost responses (the service
 * acted, the answer never arrived) and slow responses.
 *
 * The retry budget is deliberately small (maxRetries 2) so that some host calls still fail after the
 * client gave up. Each failed call is then re-driven the way the engine would on the next `pulumi up`:
 * - create failed with an id (ErrorResourceInitFailed): the resource is tracked with that id, its
 *   outputs and init errors; the next up diffs against them and calls update even when the diff is
 *   empty (the engine's step generator does that for a resource with init errors);
 * - create failed without an id: nothing is tracked; the next up runs create again with the same
 *   inputs, and the create marker must make it adopt what the lost attempt made (no duplicate);
 * - update or delete failed: the old state stays; the next up diffs/deletes again.
 * At the end the service must hold exactly what the test's state says: no duplicate, no orphan.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Dataset, DatasetArgs } from "../../provider";
import type { FaultName } from "../../emulator";
import { ProviderRpcError } from "../support/host";
import { registerOne, Registered, startStack } from "../support/stack";

const SAS = "sv=2025-01-05&sr=b&sp=r&sig=Ch4osS1gnature%3D";
const RETRY = { initialDelayInMs: 1, maxDelayInMs: 20, maxRetries: 2 };
const N = 12;
/** A call re-driven this often without success is a bug, not bad luck. */
const MAX_REDRIVES_PER_CALL = 15;

/** Messages of failures that retries may legitimately give up on under the injected faults. */
const TRANSIENT = /\((Datasets_\w+), HTTP (429|500|503)\)|Datasets_\w+ failed: (ECONNRESET|EPIPE|ERR_STREAM_PREMATURE_CLOSE|ECONNREFUSED|ETIMEDOUT|ERR_GOT_REQUEST_ERROR|ECONNABORTED)\b/;

interface Tracked {
    id: string;
    /** Outputs as the engine stores them. */
    outputs: Record<string, any>;
    /** Checked inputs as the engine stores them. */
    inputs: Record<string, any>;
    /** The last create/update failed with an id: the next up updates even without a diff. */
    initErrors: boolean;
}

for (const [apiVersion, seed] of [["2025-10-15", 11], ["v3.2", 29]] as const) {
    test(`${apiVersion}, seed ${seed}: ${N} datasets created, updated, half deleted, some recreated under faults; no duplicate, no orphan`, async () => {
        const stack = await startStack({ apiVersion, via: "config", emulator: { processingStepMs: 1, retryAfterSeconds: 0 } });
        const { emu, host } = stack;
        const state = new Map<string, Tracked>();
        const failures: { call: string; name: string; message: string; initFailed: boolean }[] = [];
        let redrives = 0;
        let adoptedAfterFailedCreate = 0;

        const base = (i: number): DatasetArgs => ({
            kind: i % 2 ? "Language" : "Acoustic",
            locale: i % 3 ? "en-US" : "de-DE",
            contentUrl: `https://acct.blob.core.windows.net/data/set-${i}.zip?${SAS}`,
            customProperties: { batch: String(i) },
            retry: RETRY,
        });
        const name = (i: number) => `chaos-${apiVersion.replace(/\W/g, "")}-${i}`;
        // The SDK's runtime is process-global: register everything first, sequentially.
        const created: Registered[] = [];
        const edited: Registered[] = [];
        const recreated: Registered[] = [];
        for (let i = 0; i < N; i++) {
            created.push(await registerOne(() => new Dataset(name(i), base(i))));
            edited.push(await registerOne(() => new Dataset(name(i), { ...base(i), description: `edited ${i}` })));
            recreated.push(await registerOne(() => new Dataset(name(i), { ...base(i), description: `recreated ${i}` })));
        }

        /** Runs `fn` until it succeeds, recording each failure; `onFail` applies what the engine records. */
        async function redrive<T>(call: string, n: string, fn: () => Promise<T>, onFail?: (e: ProviderRpcError) => void): Promise<T> {
            for (let attempt = 0; ; attempt++) {
                try {
                    return await fn();
                } catch (e) {
                    assert.ok(e instanceof ProviderRpcError, `${call} ${n}: ${String(e)}`);
                    failures.push({ call, name: n, message: e.details, initFailed: !!e.initFailed });
                    assert.ok(attempt < MAX_REDRIVES_PER_CALL, `${call} ${n} still fails after ${attempt} re-drives: ${e.details}`);
                    onFail?.(e);
                    redrives++;
                }
            }
        }

        /** `pulumi up` for a resource the engine does not track yet: check, create, and what follows a failure. */
        async function upNew(i: number, r: Registered): Promise<void> {
            const n = name(i);
            const checked = await redrive("check", n, () => host.check(r.urn, {}, r.inputs));
            assert.deepEqual(checked.failures, []);
            let failedWithoutId = false;
            await redrive("create", n, async () => {
                if (state.has(n)) return; // tracked after an initFailed: the next up diffs instead
                const res = await host.create(r.urn, checked.inputs);
                if (failedWithoutId) adoptedAfterFailedCreate++;
                state.set(n, { id: res.id, outputs: res.properties, inputs: checked.inputs, initErrors: false });
            }, (e) => {
                if (e.initFailed) state.set(n, { id: e.initFailed.id, outputs: e.initFailed.properties, inputs: checked.inputs, initErrors: true });
                else failedWithoutId = true;
            });
            // A create that failed with an id: the next `pulumi up` converges it through diff/update.
            await converge(i, r);
        }

        /** `pulumi up` for a tracked resource: check against the old inputs, diff, update if needed. */
        async function converge(i: number, r: Registered): Promise<void> {
            const n = name(i);
            for (let round = 0; ; round++) {
                const t = state.get(n)!;
                const checked = await redrive("check", n, () => host.check(r.urn, t.inputs, r.inputs));
                assert.deepEqual(checked.failures, []);
                const d = await redrive("diff", n, () => host.diff(r.urn, t.id, t.outputs, checked.inputs));
                assert.deepEqual(d.replaces, [], `${n}: nothing in this test replaces a dataset`);
                if (d.changes === "none" && !t.initErrors) return;
                assert.ok(round < MAX_REDRIVES_PER_CALL, `${n} never converges`);
                try {
                    const u = await host.update(r.urn, t.id, t.outputs, checked.inputs);
                    state.set(n, { id: t.id, outputs: u.properties, inputs: checked.inputs, initErrors: false });
                } catch (e) {
                    assert.ok(e instanceof ProviderRpcError, `update ${n}: ${String(e)}`);
                    failures.push({ call: "update", name: n, message: e.details, initFailed: !!e.initFailed });
                    redrives++;
                    // A partial update is recorded with the outputs the error carries.
                    if (e.initFailed) state.set(n, { id: t.id, outputs: e.initFailed.properties, inputs: checked.inputs, initErrors: true });
                }
            }
        }

        async function destroy(i: number): Promise<void> {
            const n = name(i);
            const t = state.get(n)!;
            await redrive("delete", n, () => host.delete(created[i].urn, t.id, t.outputs));
            state.delete(n);
        }

        const all = [...Array(N).keys()];
        const deleted = all.filter((i) => i % 2 === 1);
        const back = deleted.filter((i) => i % 4 === 1);
        const deletedIds: string[] = [];
        emu.setFaults({
            seed,
            rate429: 0.08, retryAfterSeconds: 0,
            rate500: 0.08, rate503: 0.07,
            rateReset: 0.07, rateLostResponse: 0.08,
            rateSlow: 0.05, slowMs: 30,
        });
        let faults: Record<FaultName, number>;
        try {
            await Promise.all(all.map((i) => upNew(i, created[i])));
            await Promise.all(all.map((i) => converge(i, edited[i])));
            for (const i of deleted) deletedIds.push(state.get(name(i))!.id);
            await Promise.all(deleted.map(destroy));
            await Promise.all(back.map((i) => upNew(i, recreated[i])));
            // `pulumi refresh` of everything, still under faults: nothing drifted, nothing vanished.
            await Promise.all([...state].map(async ([n, t]) => {
                const i = Number(n.split("-").pop());
                const r = await redrive("read", n, () => host.read(created[i].urn, t.id, t.outputs));
                assert.equal(r.id, t.id, `${n} is still there`);
            }));
        } finally {
            faults = emu.faultCounts();
            emu.setFaults(undefined);
        }
        try {
            const inService = emu.datasets();
            const names = inService.map((d) => d.displayName);
            const duplicates = names.length - new Set(names).size;
            const expected = all.filter((i) => !deleted.includes(i) || back.includes(i)).map(name);

            const counts = {
                apiVersion,
                seed,
                requests: emu.exchanges.length,
                faults,
                hostFailures: failures.length,
                failuresWithId: failures.filter((f) => f.initFailed).length,
                redrives,
                adoptedAfterFailedCreate,
                datasets: inService.length,
                duplicates,
            };
            console.log(`chaos datasets: ${JSON.stringify(counts)}`);
            for (const f of failures) console.log(`  re-driven ${f.call} ${f.name}${f.initFailed ? " (tracked with id)" : ""}: ${f.message}`);

            assert.ok(Object.values(faults).reduce((a, b) => a + b, 0) > 20, "faults were injected");
            assert.equal(duplicates, 0, `duplicates: ${names.sort().join(", ")}`);
            assert.deepEqual(names.sort(), expected.sort(), "exactly the intended datasets exist");
            assert.deepEqual([...state.keys()].sort(), expected.sort());
            for (const d of inService) {
                const t = state.get(d.displayName);
                assert.ok(t, `${d.displayName} (${d.id}) is in the service but not in state: an orphan`);
                assert.equal(d.id, t.id, `${d.displayName}: state tracks the dataset that exists`);
                assert.equal(d.status, "Succeeded");
                const i = Number(d.displayName.split("-").pop());
                assert.equal(d.description, back.includes(i) ? `recreated ${i}` : `edited ${i}`);
                assert.equal(d.customProperties?.batch, String(i));
                // Tracked means settled: an unsettled marker could be adopted again by a later create
                // with the same marker (a replacement that keeps kind, locale and data), then deleted as "the old one".
                assert.equal(d.customProperties?.pulumiCreateToken, "settled", `${d.displayName}: the create marker is settled once tracked`);
                assert.equal(t.outputs.status, "Succeeded", `${d.displayName}: state shows the final status`);
            }
            for (const id of deletedIds) assert.ok(!inService.some((d) => d.id === id), `deleted dataset ${id} is gone`);
            for (const f of failures) {
                assert.match(f.message, TRANSIENT, `${f.call} ${f.name} failed for a reason retries should have handled: ${f.message}`);
            }
            // Nothing but injected faults and 404s of idempotent repeats (a DELETE whose answer was lost) went wrong.
            const unexpected = emu.exchanges.filter((x) => !x.fault && x.status >= 400 && !(x.status === 404 && x.method === "DELETE"));
            assert.deepEqual(unexpected.map((x) => `${x.method} ${x.url} -> ${x.status} ${JSON.stringify(x.responseBody)}`), []);
        } finally {
            await stack.close();
        }
    });
}

for (const settleFirst of [true, false]) test(`a create whose marker could not be settled is safe: a replacement ${settleFirst ? "after another up" : "on the very next up"} does not adopt, then delete it`, async () => {
    const stack = await startStack({ apiVersion: "2025-10-15", via: "config", emulator: { processingStepMs: 1, retryAfterSeconds: 0 } });
    const { emu, host } = stack;
    try {
        const args: DatasetArgs = { kind: "Language", locale: "en-US", contentUrl: `https://acct.blob.core.windows.net/d/s.txt?${SAS}`, textNormalizationKind: "Default", retry: RETRY };
        const r = await registerOne(() => new Dataset("unsettled", args));
        const checked = await host.check(r.urn, {}, r.inputs);
        // Every PATCH fails: the dataset is made and processed, but the marker cannot be settled.
        emu.setFaults({ seed: 1, rate500: 1, methods: ["PATCH"] });
        let tracked: { id: string; outputs: Record<string, any> };
        try {
            tracked = await host.create(r.urn, checked.inputs).then(
                (res) => ({ id: res.id, outputs: res.properties }),
                (e: unknown) => {
                    assert.ok(e instanceof ProviderRpcError && e.initFailed, String(e));
                    assert.match(e.details, /Datasets_Update, HTTP 500/);
                    return { id: e.initFailed.id, outputs: e.initFailed.properties };
                },
            );
        } finally {
            emu.setFaults(undefined);
        }
        assert.equal(emu.datasets().length, 1);
        const first = emu.datasets()[0];
        assert.equal(tracked.id, first.id);

        const again = await host.check(r.urn, checked.inputs, r.inputs);
        if (settleFirst) {
            // The next `pulumi up` with the same program: the engine updates a resource with init errors
            // even when the diff is empty; that update settles the marker.
            const d = await host.diff(r.urn, tracked.id, tracked.outputs, again.inputs);
            assert.deepEqual(d.replaces, []);
            tracked.outputs = (await host.update(r.urn, tracked.id, tracked.outputs, again.inputs)).properties;
            assert.equal(tracked.outputs.createSettled, undefined);
            assert.equal(emu.datasets()[0].customProperties?.pulumiCreateToken, "settled", "the next up settles the marker");
        }

        // textNormalizationKind replaces the dataset (create the new one, then delete the old one).
        const next = await registerOne(() => new Dataset("unsettled", { ...args, textNormalizationKind: "None" }));
        const nextChecked = await host.check(r.urn, again.inputs, next.inputs);
        assert.deepEqual((await host.diff(r.urn, tracked.id, tracked.outputs, nextChecked.inputs)).replaces, ["textNormalizationKind"]);
        const replacement = await host.create(r.urn, nextChecked.inputs);
        assert.notEqual(replacement.id, tracked.id, "the replacement is a new dataset, not the old one adopted");
        await host.delete(r.urn, tracked.id, tracked.outputs);
        const left = emu.datasets();
        assert.deepEqual(left.map((x) => x.id), [replacement.id], "the replacement survives the old one's delete");
        assert.equal(left[0].textNormalizationKind, "None");
    } finally {
        await stack.close();
    }
});
