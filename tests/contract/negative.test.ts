/**
 * Mutated official examples must be rejected, with a violation that names the offending field.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { contractSkipReason, loadContract, loadExamples, type ApiVersion, type Exchange } from "../support/contract";

const VERSIONS: ApiVersion[] = ["v3.2", "2024-11-15", "2025-10-15"];
const skip = VERSIONS.map((v) => contractSkipReason(v)).find((r) => r !== undefined);

/** A deep copy of the first exchange of an example file (so mutations don't leak between tests). */
function example(version: ApiVersion, file: string, status?: number): Exchange {
  const c = loadExamples(version).find((x) => x.file === file);
  assert.ok(c, `${version}/examples/${file} not found`);
  const ex = status === undefined ? c.exchanges[0] : c.exchanges.find((e) => e.status === status);
  assert.ok(ex, `${file} has no response ${status}`);
  return structuredClone(ex);
}

function assertViolation(violations: string[], ...mustMention: (string | RegExp)[]): void {
  assert.ok(violations.length > 0, "expected at least one violation, got none");
  const hit = violations.some((v) => mustMention.every((m) => (typeof m === "string" ? v.includes(m) : m.test(v))));
  assert.ok(hit, `no violation mentions ${mustMention.map(String).join(" + ")}:\n  ${violations.join("\n  ")}`);
}

function body(ex: Exchange, which: "requestBody" | "responseBody"): Record<string, unknown> {
  const b = ex[which];
  assert.ok(b && typeof b === "object" && !Array.isArray(b));
  return b as Record<string, unknown>;
}

test("negative cases", { skip }, async (t) => {
  for (const version of VERSIONS) {
    const contract = loadContract(version);

    await t.test(`${version}: missing required 'kind' in Datasets_Create request and response`, () => {
      const ex = example(version, "create_dataset_with_content_url.json");
      delete body(ex, "requestBody").kind;
      delete body(ex, "responseBody").kind;
      assertViolation(contract.checkRequest(ex), "Datasets_Create", "request body/kind", "required");
      assertViolation(contract.checkResponse(ex), "response 201 body/kind", "required");
    });

    await t.test(`${version}: 'kind' that is not a string`, () => {
      const ex = example(version, "create_dataset_with_content_url.json");
      body(ex, "requestBody").kind = 42;
      body(ex, "responseBody").kind = ["Acoustic"];
      assertViolation(contract.checkRequest(ex), "body/kind", "must be string", "42");
      assertViolation(contract.checkResponse(ex), "body/kind", "must be string");
    });

    await t.test(`${version}: status code the operation does not declare`, () => {
      const created = example(version, "create_dataset_with_content_url.json");
      assertViolation(contract.checkResponse({ ...created, status: 200 }), "Datasets_Create", "status 200", "not declared");
      const got = example(version, "get_dataset.json");
      assertViolation(contract.checkResponse({ ...got, status: 202 }), "Datasets_Get", "status 202");
      assertViolation(contract.checkResponse({ ...got, status: 302 }), "status 302");
    });

    await t.test(`${version}: status "Done" is outside the strict Status enum`, () => {
      const ex = example(version, "get_dataset.json");
      body(ex, "responseBody").status = "Done";
      assertViolation(contract.checkResponse(ex), "body/status", "NotStarted", "\"Done\"");
    });

    await t.test(`${version}: non-uuid dataset id in the path`, () => {
      const ex = example(version, "get_dataset.json");
      ex.url = ex.url.replace("9d5f4100-5f8e-4dd6-bd83-9bbbf50d57f1", "not-a-uuid");
      assert.equal(contract.matchOperation(ex.method, ex.url)?.pathParams.id, "not-a-uuid");
      assertViolation(contract.checkRequest(ex), "path parameter 'id'", "uuid", "not-a-uuid");
    });
  }
});

test("negative cases: api-version", { skip }, async (t) => {
  const contract = loadContract("2025-10-15");

  await t.test("wrong api-version value on 2025-10-15", () => {
    const ex = example("2025-10-15", "get_dataset.json");
    ex.url = ex.url.replace("api-version=2025-10-15", "api-version=2024-11-15");
    assertViolation(contract.checkRequest(ex), "'api-version'", "2024-11-15", "2025-10-15");
  });

  await t.test("missing api-version on 2025-10-15", () => {
    const ex = example("2025-10-15", "get_dataset.json");
    ex.url = ex.url.replace(/\?api-version=2025-10-15$/, "");
    assertViolation(contract.checkRequest(ex), "'api-version'", "required");
  });

  await t.test("api-version sent to v3.2 (where it is a path segment) is undeclared", () => {
    const v32 = loadContract("v3.2");
    const ex = example("v3.2", "get_dataset.json");
    assertViolation(v32.checkRequest({ ...ex, url: `${ex.url}?api-version=v3.2` }), "'api-version'", "not declared");
  });

  await t.test("a v3.2 URL does not match the 2025-10-15 contract", () => {
    const ex = example("v3.2", "get_dataset.json");
    assert.equal(contract.matchOperation(ex.method, ex.url), undefined);
    assert.ok(contract.checkRequest(ex).length > 0);
  });
});

test("negative cases: version-specific fields", { skip }, async (t) => {
  await t.test("durationMilliseconds as a string in 2024-11-15", () => {
    const contract = loadContract("2024-11-15");
    const ex = example("2024-11-15", "get_dataset.json");
    const props = body(ex, "responseBody").properties as Record<string, unknown>;
    props.durationMilliseconds = "252000";
    assertViolation(contract.checkResponse(ex), "body/properties/durationMilliseconds", "must be integer");
  });

  await t.test("dataset property of the wrong type in a PATCH body", () => {
    const contract = loadContract("2025-10-15");
    const ex = example("2025-10-15", "update_dataset.json");
    body(ex, "requestBody").customProperties = { key: 1 };
    assertViolation(contract.checkRequest(ex), "body/customProperties/key", "must be string");
  });

  await t.test("project reference without 'self'", () => {
    const contract = loadContract("2025-10-15");
    const ex = example("2025-10-15", "update_dataset.json");
    body(ex, "requestBody").project = {};
    assertViolation(contract.checkRequest(ex), "body/project/self", "required");
  });
});

test("negative cases: transport-level", { skip }, async (t) => {
  const contract = loadContract("2025-10-15");

  await t.test("unknown path and unknown method", () => {
    const ex = example("2025-10-15", "get_dataset.json");
    assertViolation(contract.checkRequest({ ...ex, url: ex.url.replace("/datasets/", "/dataset/") }), "no 2025-10-15 operation");
    assertViolation(contract.checkRequest({ ...ex, method: "PUT" }), "method not declared", "GET");
  });

  await t.test("block upload with a JSON content-type", () => {
    const ex = example("2025-10-15", "upload_block.json");
    ex.requestHeaders = { ...ex.requestHeaders, "Content-Type": "application/json" };
    assertViolation(contract.checkRequest(ex), "content-type", "application/octet-stream");
  });

  await t.test("missing blockid", () => {
    const ex = example("2025-10-15", "upload_block.json");
    ex.url = ex.url.replace(/[?&]blockid=[^&]*/, "").replace(/\/blocks&/, "/blocks?");
    assertViolation(contract.checkRequest(ex), "'blockid'", "required");
  });

  await t.test("non-integer top", () => {
    const ex = example("2025-10-15", "get_datasets.json");
    const u = new URL(ex.url);
    u.searchParams.set("top", "ten");
    assertViolation(contract.checkRequest({ ...ex, url: u.toString() }), "'top'", "integer");
  });

  await t.test("no credentials header", () => {
    const ex = example("2025-10-15", "get_dataset.json");
    assertViolation(contract.checkRequest({ ...ex, requestHeaders: {} }), "Ocp-Apim-Subscription-Key");
  });

  await t.test("body on a 204 and a body missing on a 200", () => {
    const del = example("2025-10-15", "delete_dataset.json");
    assertViolation(contract.checkResponse({ ...del, responseBody: { ok: true } }), "response 204 body", "none is declared");
    const got = example("2025-10-15", "get_dataset.json");
    assertViolation(contract.checkResponse({ ...got, responseBody: undefined }), "response 200 body", "missing", "Dataset");
  });

  await t.test("non-integer Retry-After and relative Location", () => {
    const got = example("2025-10-15", "get_dataset.json");
    assertViolation(contract.checkResponse({ ...got, responseHeaders: { "retry-after": "soon" } }), "'Retry-After'", "integer");
    const created = example("2025-10-15", "create_dataset_with_content_url.json");
    assertViolation(contract.checkResponse({ ...created, responseHeaders: { location: "/speechtotext/datasets/x" } }), "'Location'", "absolute URI");
  });

  await t.test("error body of the wrong shape", () => {
    const got = example("2025-10-15", "get_dataset.json");
    assertViolation(contract.checkResponse({ ...got, status: 404, responseBody: { code: 404, message: "x" } }), "response 404 body/code", "must be string");
  });
});
