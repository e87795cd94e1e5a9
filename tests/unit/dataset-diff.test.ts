import { test } from "node:test";
import assert from "node:assert/strict";
import { diff } from "../../provider/hooks/dataset";
import { setConfigLayer, UNKNOWN } from "../../provider/hooks/context";

const endpoint = "https://myspeech.cognitiveservices.azure.com";
const inputs = {
    kind: "Acoustic",
    locale: "en-US",
    displayName: "d",
    description: "first",
    contentUrl: "https://acct.blob.core.windows.net/c/a.zip?sv=1&se=2026&sig=one",
    customProperties: { team: "asr" },
    endpoint,
    key: "0123456789",
};
const olds = { ...inputs, key: undefined, datasetId: "id", status: "Succeeded", endpointUsed: endpoint, apiVersionUsed: "2025-10-15" };

test("no change, no diff", () => {
    setConfigLayer({});
    const d = diff("id", olds, inputs);
    assert.equal(d.changes, false, JSON.stringify(d));
    assert.deepEqual(d.replaces, []);
});

test("locale and kind replace", () => {
    assert.deepEqual(diff("id", olds, { ...inputs, locale: "de-DE" }).replaces, ["locale"]);
    assert.deepEqual(diff("id", olds, { ...inputs, kind: "AudioFiles" }).replaces, ["kind"]);
});

test("a contentUrl at other data replaces; a fresh SAS for the same blob only records the change", () => {
    const other = diff("id", olds, { ...inputs, contentUrl: "https://acct.blob.core.windows.net/c/b.zip?sv=1&sig=x" });
    assert.deepEqual(other.replaces, ["contentUrl"]);
    const fresh = diff("id", olds, { ...inputs, contentUrl: "https://acct.blob.core.windows.net/c/a.zip?sv=2&se=2027&sig=two" });
    assert.deepEqual(fresh.replaces, []);
    assert.equal(fresh.changes, true);
    assert.deepEqual(fresh.changed, ["contentUrl"]);
});

test("mutable fields update in place", () => {
    for (const [k, val] of [["displayName", "e"], ["description", "second"], ["customProperties", { team: "tts" }], ["project", "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa"]] as const) {
        const d = diff("id", olds, { ...inputs, [k]: val });
        assert.equal(d.changes, true, k);
        assert.deepEqual(d.replaces, [], k);
        assert.deepEqual(d.changed, [k]);
    }
});

test("an empty customProperties map equals none; a project GUID equals its self URL", () => {
    const noProps = { ...olds, customProperties: undefined };
    assert.equal(diff("id", noProps, { ...inputs, customProperties: {} }).changes, false);
    const id = "2f8c4cb4-6f41-4a0a-9c5e-1c5b06a5b0aa";
    const withProject = { ...olds, project: id };
    assert.equal(diff("id", withProject, { ...inputs, project: `${endpoint}/speechtotext/projects/${id}?api-version=2025-10-15` }).changes, false);
});

test("the key never causes a diff", () => {
    assert.equal(diff("id", olds, { ...inputs, key: "another-key-000" }).changes, false);
});

test("unknown replace-relevant values during preview are reported as replacements", () => {
    const d = diff("id", olds, { ...inputs, locale: UNKNOWN, contentUrl: UNKNOWN });
    assert.deepEqual(d.replaces.sort(), ["contentUrl", "locale"]);
});

test("another Speech resource replaces; a failed dataset is replaced", () => {
    assert.deepEqual(diff("id", olds, { ...inputs, endpoint: "https://other.cognitiveservices.azure.com" }).replaces, ["endpoint"]);
    assert.deepEqual(diff("id", { ...olds, status: "Failed" }, inputs).replaces, ["contentUrl"]);
});

test("provider-only settings are recorded without replacing", () => {
    const d = diff("id", olds, { ...inputs, apiVersion: "v3.2", processingTimeoutInMs: 1000 });
    assert.deepEqual(d.replaces, []);
    assert.deepEqual(d.changed.sort(), ["apiVersion", "processingTimeoutInMs"]);
});
