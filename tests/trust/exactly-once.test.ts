/**
 * Exactly-once create, as the engine drives it: a marker per resource (URN) and per create call,
 * with a lease. Each case failed on the per-project/stack/name marker it replaces.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import * as pulumi from "@pulumi/pulumi";
import { Dataset, DatasetArgs, Project } from "../../provider";
import { register, startModel, startStack } from "../support/stack";

const url = (f: string) => `https://acct.blob.core.windows.net/data/${f}?sv=2025-01-05&sig=Ex4ctlyOnceS1g`;
const RETRY = { initialDelayInMs: 1, maxDelayInMs: 20 };
const base = (f: string): DatasetArgs => ({ kind: "Language", locale: "en-US", contentUrl: url(f), retry: RETRY });

async function until(what: string, cond: () => boolean): Promise<void> {
    for (let i = 0; !cond(); i++) {
        assert.ok(i < 3000, `timed out waiting for: ${what}`);
        await sleep(10);
    }
}

test("two independent stacks with the same project, stack and resource names get a dataset each; destroying one keeps the other", async () => {
    // Processing is slow, so stack X is still waiting (its marker unsettled) while stack Y creates.
    // A long lease: X's renewals must never be late on a loaded machine (this test relies on X being seen alive).
    const lease = { SPEECH_CREATE_LEASE_MS: "20000" };
    const x = await startStack({ apiVersion: "2025-10-15", via: "config", extraEnv: lease, emulator: { processingStepMs: 600, retryAfterSeconds: 0 } });
    const y = await startModel({ apiVersion: "2025-10-15", via: "config", extraEnv: lease, reuseEmulator: x.emu });
    try {
        const program = () => new Dataset("shared-name", base("x.txt"));
        const [r] = await register(program);
        const checked = await x.host.check(r.urn, {}, r.inputs);
        const xCreate = x.host.create(r.urn, checked.inputs);
        await until("stack X POSTed", () => x.emu.datasets().length === 1);
        const yUp = await y.engine.up(program);
        assert.deepEqual(yUp.errors, []);
        const xCreated = await xCreate;
        const yId = y.engine.get("shared-name")!.id;
        assert.notEqual(yId, xCreated.id, "stack Y did not adopt stack X's dataset");
        assert.equal(x.emu.datasets().length, 2);
        assert.deepEqual((await y.engine.destroy()).errors, []);
        assert.deepEqual(x.emu.datasets().map((d) => d.id), [xCreated.id], "stack X's dataset survives stack Y's destroy");
    } finally {
        await y.close();
        await x.close();
    }
});

class TeamA extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:TeamA", name);
    }
}
class TeamB extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:TeamB", name);
    }
}

test("two resources with one name under parents of different types (two URNs) get a dataset each", async () => {
    const s = await startStack({ apiVersion: "2025-10-15", via: "config", emulator: { processingStepMs: 600, retryAfterSeconds: 0 } });
    try {
        const regs = await register(() => {
            new Dataset("data", base("a.txt"), { parent: new TeamA("a") });
            new Dataset("data", base("a.txt"), { parent: new TeamB("b") });
        });
        assert.equal(regs.length, 2);
        const [ca, cb] = await Promise.all(regs.map((r) => s.host.check(r.urn, {}, r.inputs)));
        assert.notEqual(ca.inputs.createToken, cb.inputs.createToken, "the create identity follows the URN");
        const first = s.host.create(regs[0].urn, ca.inputs);
        await until("the first POST", () => s.emu.datasets().length === 1);
        const second = await s.host.create(regs[1].urn, cb.inputs);
        const one = await first;
        assert.notEqual(one.id, second.id);
        assert.equal(s.emu.datasets().length, 2);
    } finally {
        await s.close();
    }
});

test("processing failed and the settle PATCH failed: the error is the processing failure, and the replacement is a new dataset", async () => {
    const s = await startModel({ apiVersion: "2025-10-15", via: "config", emulator: { processingStepMs: 1, retryAfterSeconds: 0 } });
    const { emu, engine } = s;
    try {
        const program = () => new Dataset("broken", { ...base("b.txt"), contentUrl: "https://data.invalid/b.txt?sig=abcdefgh" });
        emu.setFaults({ seed: 1, rate500: 1, methods: ["PATCH"] });
        const first = await engine.up(program);
        emu.setFaults(undefined);
        assert.equal(first.errors.length, 1);
        assert.match(first.errors[0].message, /processing failed: DataImportFailed/, "the processing failure is the error shown");
        assert.doesNotMatch(first.errors[0].message, /Datasets_Update/);
        const old = engine.get("broken")!;
        assert.ok(old.initErrors, "the failed dataset is tracked");
        // The next up replaces the failed dataset (same inputs, so the same create token).
        const second = await engine.up(program);
        assert.deepEqual(second.steps.map((x) => [x.op, x.replaces]), [["replace", ["contentUrl"]]]);
        const now = engine.get("broken")!;
        assert.notEqual(now.id, old.id, "the replacement is a new dataset, not the failed one adopted");
        assert.ok(!emu.datasets().some((d) => d.id === now.id && d.status === "Succeeded"));
    } finally {
        await s.close();
    }
});

test("a create interrupted by a killed host is adopted by the next up, which brings the service to the current inputs", async () => {
    const first = await startStack({ apiVersion: "2025-10-15", via: "config", emulator: { processingStepMs: 800, retryAfterSeconds: 0 } });
    const emu = first.emu;
    const second = await startModel({ apiVersion: "2025-10-15", via: "config", reuseEmulator: emu });
    try {
        const proj = emu.projects().length; // none yet
        assert.equal(proj, 0);
        const v1 = () => new Dataset("interrupted", { ...base("i.txt"), description: "v1", customProperties: { keep: "1", drop: "2" } });
        const [r] = await register(v1);
        const checked = await first.host.check(r.urn, {}, r.inputs);
        const pending = first.host.create(r.urn, checked.inputs).catch((e: unknown) => e);
        await until("the POST", () => emu.datasets().length === 1);
        await first.host.stop();
        assert.ok((await pending) instanceof Error);
        const made = emu.datasets()[0];
        // The next up has other mutable inputs: a description, one property removed, one added.
        const up = await second.engine.up(() => new Dataset("interrupted", { ...base("i.txt"), description: "v2", customProperties: { keep: "1", add: "3" } }));
        assert.deepEqual(up.errors, []);
        assert.equal(second.engine.get("interrupted")!.id, made.id, "adopted, not duplicated");
        const ds = emu.datasets();
        assert.equal(ds.length, 1);
        assert.equal(ds[0].description, "v2");
        assert.deepEqual(ds[0].customProperties, { keep: "1", add: "3", pulumiCreateToken: "settled" });
        // And the next up has nothing to change: state and service agree.
        assert.deepEqual((await second.engine.up(() => new Dataset("interrupted", { ...base("i.txt"), description: "v2", customProperties: { keep: "1", add: "3" } }))).steps.map((x) => x.op), ["same"]);
        const refreshed = await second.engine.refresh();
        assert.deepEqual(refreshed.errors, []);
        assert.equal(second.engine.get("interrupted")!.outputs.description, "v2");
    } finally {
        await second.close();
        await first.close();
    }
});

test("a project whose POST answer is lost is created once", async () => {
    const s = await startModel({ apiVersion: "2025-10-15", via: "config", emulator: { retryAfterSeconds: 0 } });
    const { emu, engine } = s;
    try {
        emu.setFaults({ seed: 3, rateLostResponse: 1, methods: ["POST"] });
        const up = await engine.up(() => new Project("proj", { locale: "en-US", retry: RETRY }));
        emu.setFaults(undefined);
        assert.deepEqual(up.errors, []);
        assert.equal(emu.projects().length, 1, "one project");
        assert.equal(emu.exchanges.filter((x) => x.operationId === "Projects_Create").length, 1, "no second POST: the first one's marker was found");
        assert.equal(engine.get("proj")!.id, emu.projects()[0].id);
        assert.equal(emu.projects()[0].customProperties?.pulumiCreateToken, "settled");
    } finally {
        await s.close();
    }
});

test("a 503 with Retry-After to the create POST: the provider waits as told and looks up before a second POST", async () => {
    const s = await startModel({ apiVersion: "2025-10-15", via: "config", emulator: { retryAfterSeconds: 0, processingStepMs: 1 } });
    const { emu, engine } = s;
    try {
        emu.setFaults({ seed: 1, rate503: 1, methods: ["POST"], retryAfterSeconds: 1 });
        const started = Date.now();
        const up = await engine.up(() => new Dataset("throttled", { ...base("t.txt"), retry: { maxRetries: 2, initialDelayInMs: 1, maxDelayInMs: 5000 } }));
        emu.setFaults(undefined);
        assert.equal(up.errors.length, 1, "every POST was refused");
        assert.match(up.errors[0].message, /ServiceUnavailable.*Datasets_Create, HTTP 503/);
        const ops = emu.exchanges.map((x) => x.operationId);
        const posts = ops.filter((o) => o === "Datasets_Create").length;
        assert.equal(posts, 3, "the first POST and maxRetries more, not a burst");
        // Between two POSTs there is always a lookup of this create's marker.
        const seq = ops.filter((o) => o === "Datasets_Create" || o === "Datasets_List").join(",");
        assert.match(seq, /^Datasets_List,Datasets_Create,Datasets_List,Datasets_Create,Datasets_List,Datasets_Create,Datasets_List$/);
        assert.ok(Date.now() - started >= 2000, "Retry-After (1 s) was honoured before each new POST (a lower bound, not a timing test)");
        assert.equal(emu.datasets().length, 0);
    } finally {
        await s.close();
    }
});

test("a gateway 504 whose backend still creates the dataset: one dataset, adopted", async () => {
    const s = await startModel({ apiVersion: "2025-10-15", via: "config", emulator: { retryAfterSeconds: 0, processingStepMs: 1 } });
    const { emu, engine } = s;
    try {
        emu.setFaults({ seed: 1, rateGateway: 1, gatewayActAfterMs: 50, methods: ["POST"], retryAfterSeconds: 1 });
        const up = await engine.up(() => new Dataset("gateway", { ...base("g.txt"), retry: { maxRetries: 3, initialDelayInMs: 1, maxDelayInMs: 5000 } }));
        emu.setFaults(undefined);
        assert.deepEqual(up.errors, []);
        await sleep(300); // any late backend work has landed
        assert.equal(emu.datasets().length, 1, "no second dataset");
        assert.equal(emu.exchanges.filter((x) => x.operationId === "Datasets_Create").length, 1, "the lookup after Retry-After found the first POST's dataset");
        assert.equal(engine.get("gateway")!.id, emu.datasets()[0].id);
    } finally {
        await s.close();
    }
});

test("repeated gateway 504s whose backends all land late: the extras are swept, one dataset stays", async () => {
    const s = await startModel({ apiVersion: "2025-10-15", via: "config", emulator: { retryAfterSeconds: 0, processingStepMs: 300 } });
    const { emu, engine } = s;
    try {
        // The backend acts 8 s after each 504; the provider waits only 50 ms (capped Retry-After), so it POSTs again
        // and gives up long before anything lands (8 s leaves a loaded machine ample room for 3 POSTs and 3 lookups).
        emu.setFaults({ seed: 1, rateGateway: 1, gatewayActAfterMs: 8000, methods: ["POST"], retryAfterSeconds: 1 });
        const program = () => new Dataset("late", { ...base("l.txt"), retry: { maxRetries: 2, initialDelayInMs: 1, maxDelayInMs: 50 } });
        const first = await engine.up(program);
        assert.equal(first.errors.length, 1, "the create failed without an id (nothing landed in time)");
        emu.setFaults(undefined);
        await until("the late POSTs landed", () => emu.datasets().length === 3);
        // The next up adopts one (once the failed create's lease lapsed) and sweeps the others.
        const second = await engine.up(program);
        assert.deepEqual(second.errors, []);
        assert.deepEqual(emu.datasets().map((d) => d.id), [engine.get("late")!.id], "one dataset, the tracked one");
    } finally {
        await s.close();
    }
});
