import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { check, diff } from "../../provider/hooks/project";
import { setConfigLayer, UNKNOWN } from "../../provider/hooks/context";

beforeEach(() => setConfigLayer({}));

const valid = { locale: "en-US", displayName: "p", endpoint: "https://myspeech.cognitiveservices.azure.com", key: "0123456789" };

test("valid project inputs pass", async () => {
    assert.deepEqual((await check({}, valid)).failures, []);
});

test("2024-11-15 has no projects and v3.2 no foundryProjectName, known without a key", async () => {
    const a = (await check({}, { ...valid, key: undefined, apiVersion: "2024-11-15" })).failures;
    assert.equal(a[0]?.property, "apiVersion");
    assert.match(a[0].reason, /no projects/);
    const b = (await check({}, { ...valid, apiVersion: "v3.2", foundryProjectName: "f" })).failures;
    assert.equal(b[0]?.property, "foundryProjectName");
});

test("locale replaces, the rest updates in place; unknown locale is a possible replacement", () => {
    const olds = { ...valid, projectId: "x" };
    assert.deepEqual(diff("x", olds, { ...valid, locale: "de-DE" }).replaces, ["locale"]);
    assert.deepEqual(diff("x", olds, { ...valid, locale: UNKNOWN }).replaces, ["locale"]);
    const d = diff("x", olds, { ...valid, description: "d" });
    assert.deepEqual([d.changes, d.replaces], [true, []]);
    assert.equal(diff("x", olds, valid).changes, false);
});
