/**
 * Plans that match what happens: an endpoint unknown at preview (the account is being replaced)
 * shows the possible replace; equivalent settings change nothing that matters.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Dataset, Project } from "../../provider";
import { diff as datasetDiff } from "../../provider/hooks/dataset";
import { check as datasetCheck } from "../../provider/hooks/dataset";
import { setConfigLayer } from "../../provider/hooks/context";
import { startModel } from "../support/stack";

/** A stand-in for an azure-native Speech account: its endpoint is an output. */
class Account extends pulumi.CustomResource {
    declare readonly endpoint: pulumi.Output<string>;
    constructor(name: string, args: { sku: string }) {
        super("test:index:Account", name, { ...args, endpoint: undefined });
    }
}

test("an endpoint unknown at preview (its account is being replaced) shows a replace of the project and the dataset", async () => {
    let accountReplaced = false;
    const s = await startModel({
        apiVersion: "2025-10-15",
        via: "config",
        // The fake account reports the emulator as its endpoint; while it is replaced, preview cannot know it.
        fakeOutputs: (type, _name, inputs, preview) => (preview && accountReplaced ? { ...inputs } : { ...inputs, endpoint: s.emu.url }),
    });
    const { emu, engine } = s;
    try {
        const program = (sku: string) => () => {
            const acct = new Account("acct", { sku });
            const p = new Project("proj", { locale: "en-US", endpoint: acct.endpoint, key: emu.key });
            new Dataset("data", { kind: "Language", locale: "en-US", contentUrl: "https://a.blob.core.windows.net/c/d.txt?sig=pl4nsS1gnature", project: p, endpoint: acct.endpoint, key: emu.key });
        };
        assert.deepEqual((await engine.up(program("S0"))).errors, []);
        const same = await engine.preview(program("S0"));
        assert.deepEqual(same.steps.map((x) => x.op), ["same", "same"]);
        accountReplaced = true;
        const plan = await engine.preview(program("F0"));
        assert.deepEqual(plan.errors, []);
        assert.deepEqual(plan.steps.map((x) => [x.op, x.replaces]), [["replace", ["endpoint"]], ["replace", ["endpoint"]]], "the possible replace is shown");
    } finally {
        await s.close();
    }
});

test("equivalent settings replace nothing: a region and its regional endpoint; textNormalizationKind Default spelled out or left out", () => {
    setConfigLayer({});
    const olds = {
        kind: "Language", locale: "en-US", displayName: "d", contentUrl: "https://a.blob.core.windows.net/c/d.txt?sig=x",
        region: "westeurope", endpointUsed: "https://westeurope.api.cognitive.microsoft.com", status: "Succeeded",
        properties: { textNormalizationKind: "Default" },
    };
    const { region: _r, ...withoutRegion } = olds;
    const viaEndpoint = datasetDiff("id", olds, { ...withoutRegion, endpoint: "https://WestEurope.api.cognitive.microsoft.com/" });
    assert.deepEqual(viaEndpoint.replaces, [], "the same account written as its endpoint");
    const spelled = datasetDiff("id", olds, { ...olds, textNormalizationKind: "Default" });
    assert.deepEqual(spelled.replaces, [], "Default written out where the service already has Default");
    const removed = datasetDiff("id", { ...olds, textNormalizationKind: "Default" }, { ...olds });
    assert.deepEqual(removed.replaces, [], "Default removed: the service default is Default");
    assert.deepEqual(datasetDiff("id", olds, { ...olds, textNormalizationKind: "None" }).replaces, ["textNormalizationKind"], "a real change still replaces");
    assert.deepEqual(datasetDiff("id", olds, { ...olds, region: "eastus" }).replaces, ["region"], "another account still replaces");
    const detach = datasetDiff("id", { ...olds, project: "0f8e1e52-7a53-4b8a-9a39-6c3c43e5e0a1" }, { ...olds });
    assert.deepEqual(detach.replaces, ["project"], "leaving a project replaces (the spec cannot detach)");
});

test("a key with surrounding whitespace (a newline from a file) is trimmed at check", async () => {
    setConfigLayer({});
    const r = await datasetCheck({}, { kind: "Language", locale: "en-US", displayName: "d", contentUrl: "https://a.blob.core.windows.net/c/d.txt", endpoint: "https://x.cognitiveservices.azure.com", key: "  abcdef0123456789\n" });
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs.key, "abcdef0123456789");
});
