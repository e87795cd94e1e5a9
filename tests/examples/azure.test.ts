/**
 * provider/azure.ts (speechConnection): the account's endpoint and key, key as a secret, options;
 * and the main entry does not load @pulumi/azure-native.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import * as azure from "@pulumi/azure-native";
import { Dataset, speechConnection } from "../../provider";
import { captureRegistrations } from "../support/host";
import { azureMockCall, azureMockResource, DATASET_TYPE, MOCK, REPO, resolveOutputs } from "./helpers";

test("endpoint from properties.endpoint, key1 as a secret, spread into a Dataset", async () => {
    const calls: pulumi.runtime.MockCallArgs[] = [];
    let conn: ReturnType<typeof speechConnection> | undefined;
    const regs = await captureRegistrations(
        () => {
            const rg = new azure.resources.ResourceGroup("rg");
            const account = new azure.cognitiveservices.Account("speech", {
                resourceGroupName: rg.name,
                kind: "SpeechServices",
                sku: { name: "S0" },
                properties: { customSubDomainName: "unit-speech" },
            });
            conn = speechConnection(account, rg.name, { apiVersion: "v3.2" });
            new Dataset("d", { ...conn, kind: "Language", locale: "en-US", contentUrl: "https://example.com/a.txt" });
        },
        { newResource: azureMockResource, call: (a) => (calls.push(a), azureMockCall(a)) },
    );
    assert.deepEqual(calls.map((c) => [c.token, c.inputs]), [["azure-native:cognitiveservices:listAccountKeys", { accountName: MOCK.account, resourceGroupName: MOCK.resourceGroup }]]);
    const d = regs.find((r) => r.type === DATASET_TYPE)!;
    assert.equal(d.inputs.endpoint, "https://unit-speech.cognitiveservices.azure.com/");
    assert.equal(d.inputs.key, MOCK.key1);
    assert.equal(d.inputs.apiVersion, "v3.2");
    assert.ok(d.secretInputs.includes("key"));
    assert.ok(d.options.dependencies.some((u: string) => u.endsWith("cognitiveservices:Account::speech")), "the dataset depends on the account");
    assert.equal((await resolveOutputs(conn!.key)).secret, true, "key output is secret");
    assert.equal((await resolveOutputs(conn!.endpoint)).secret, false, "endpoint is not a secret");
});

test("keyName key2; no apiVersion unless asked; accepts any account-shaped object", async () => {
    let conn: ReturnType<typeof speechConnection> | undefined;
    await captureRegistrations(
        () => {
            conn = speechConnection({ name: "acct", properties: pulumi.output({ endpoint: "https://x.cognitiveservices.azure.com/" }) }, "rg", { keyName: "key2" });
        },
        { call: azureMockCall },
    );
    assert.equal((await resolveOutputs(conn!.key)).value, MOCK.key2);
    assert.equal("apiVersion" in conn!, false);
});

test("require('pulumi-custom-speech') does not load @pulumi/azure-native", () => {
    const r = spawnSync(
        process.execPath,
        ["-e", 'const m = require("pulumi-custom-speech"); const loaded = Object.keys(require.cache).some((k) => k.includes("azure-native")); console.log(typeof m.speechConnection, typeof m.Dataset, loaded);'],
        { cwd: REPO, encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "function function false");
});
