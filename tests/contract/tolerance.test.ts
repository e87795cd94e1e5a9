/**
 * Real recorded HTTP (emulator / provider client) looks different from the examples: header arrays,
 * charset parameters, Buffers, `{bytes: n}` markers, gateway error envelopes, other hosts. None of
 * that is a contract violation; these tests keep the checker from crying wolf.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { apiVersionOf, contractSkipReason, loadContract, loadExamples, type ApiVersion, type Exchange } from "../support/contract";

const skip = contractSkipReason("2025-10-15") ?? contractSkipReason("2024-11-15") ?? contractSkipReason("v3.2");
const ID = "9d5f4100-5f8e-4dd6-bd83-9bbbf50d57f1";
const HOST = "http://127.0.0.1:41234";

function example(version: ApiVersion, file: string): Exchange {
  const c = loadExamples(version).find((x) => x.file === file);
  assert.ok(c, `${version}/examples/${file} not found`);
  return structuredClone(c.exchanges[0]!);
}

test("apiVersionOf reads the version from path or query", () => {
  assert.equal(apiVersionOf(`${HOST}/speechtotext/v3.2/datasets`), "v3.2");
  assert.equal(apiVersionOf(`${HOST}/speechtotext/datasets?api-version=2024-11-15`), "2024-11-15");
  assert.equal(apiVersionOf(`/speechtotext/datasets/${ID}?api-version=2025-10-15`), "2025-10-15");
  assert.equal(apiVersionOf(`${HOST}/speechtotext/datasets?api-version=2099-01-01`), undefined);
  assert.equal(apiVersionOf(`${HOST}/speechtotext/datasets`), undefined);
});

test("tolerance", { skip }, async (t) => {
  const c25 = loadContract("2025-10-15");
  const c24 = loadContract("2024-11-15");
  const c32 = loadContract("v3.2");

  await t.test("literal segments beat templates; any host; bare paths; encoded colon", () => {
    const q = "?api-version=2025-10-15";
    assert.equal(c25.matchOperation("GET", `${HOST}/speechtotext/datasets/locales${q}`)?.operationId, "Datasets_ListSupportedLocales");
    assert.equal(c25.matchOperation("get", `${HOST}/speechtotext/datasets/${ID}${q}`)?.operationId, "Datasets_Get");
    assert.equal(c25.matchOperation("POST", `https://x.example/speechtotext/datasets/${ID}/blocks:commit${q}`)?.operationId, "Datasets_CommitBlocks");
    assert.equal(c25.matchOperation("POST", `${HOST}/speechtotext/datasets/${ID}/blocks%3Acommit${q}`)?.operationId, "Datasets_CommitBlocks");
    assert.equal(c25.matchOperation("PUT", `/speechtotext/datasets/${ID}/blocks${q}&blockid=AAE%3D`)?.operationId, "Datasets_UploadBlock");
    assert.deepEqual(c25.matchOperation("GET", `${HOST}/speechtotext/datasets/${ID}/files/${ID}${q}`)?.pathParams, { id: ID, fileId: ID });
    assert.equal(c32.matchOperation("GET", `${HOST}/speechtotext/v3.2/datasets/locales`)?.operationId, "Datasets_ListSupportedLocales");
    assert.equal(c32.matchOperation("GET", `${HOST}/speechtotext/datasets/locales`), undefined);
    assert.equal(c24.matchOperation("GET", `${HOST}/speechtotext/projects${"?api-version=2024-11-15"}`), undefined, "2024-11-15 has no projects API");
  });

  await t.test("recorded-style headers: arrays, numbers, mixed case, charset parameters", () => {
    const ex = example("2025-10-15", "create_dataset_with_content_url.json");
    ex.url = ex.url.replace("https://westus.api.cognitive.microsoft.com", HOST);
    ex.requestHeaders = {
      host: "127.0.0.1:41234", "content-length": 123, "OCP-APIM-SUBSCRIPTION-KEY": ["emulator-key"],
      "content-type": "application/json; charset=utf-8", "x-ms-client-request-id": undefined,
    };
    ex.responseHeaders = {
      "content-type": ["application/json; charset=utf-8"], "content-length": 456,
      location: `${HOST}/speechtotext/datasets/${ID}?api-version=2025-10-15`,
    };
    assert.deepEqual(c25.checkExchange(ex), []);
  });

  await t.test("JSON bodies as text or Buffer; merge-patch content-type", () => {
    const ex = example("2025-10-15", "update_dataset.json");
    ex.requestHeaders = { "Ocp-Apim-Subscription-Key": "k", "Content-Type": "application/merge-patch+json" };
    ex.requestBody = Buffer.from(JSON.stringify(ex.requestBody));
    ex.responseBody = JSON.stringify(ex.responseBody);
    assert.deepEqual(c25.checkExchange(ex), []);
  });

  await t.test("a null in a request body is checked like any value, merge-patch or not (DatasetUpdate has no null)", () => {
    for (const ct of ["application/merge-patch+json", "application/json"]) {
      for (const requestBody of [{ customProperties: { team: null } }, { project: null }]) {
        const ex = example("2025-10-15", "update_dataset.json");
        ex.requestHeaders = { "Ocp-Apim-Subscription-Key": "k", "Content-Type": ct };
        ex.requestBody = requestBody;
        assert.notDeepEqual(c25.checkExchange(ex), [], `${ct} ${JSON.stringify(requestBody)} must be reported`);
      }
    }
  });

  await t.test("binary block bodies: Buffer or {bytes: n}; only content-type is checked", () => {
    const ex = example("2025-10-15", "upload_block.json");
    for (const requestBody of [Buffer.alloc(1024, 7), { bytes: 8 * 1024 * 1024 }, new Uint8Array([1, 2, 3])]) {
      const recorded = { ...ex, requestBody, requestHeaders: { "ocp-apim-subscription-key": "k", "content-type": "application/octet-stream" }, responseBody: "" };
      assert.deepEqual(c25.checkExchange(recorded), []);
    }
  });

  await t.test("empty bodies in all their forms are 'no body'", () => {
    const del = example("2025-10-15", "delete_dataset.json");
    for (const responseBody of [undefined, null, "", Buffer.alloc(0), { bytes: 0 }]) {
      assert.deepEqual(c25.checkResponse({ ...del, responseBody }), []);
      assert.deepEqual(c25.checkRequest({ ...del, requestBody: responseBody }), []);
    }
  });

  await t.test("absolute @nextLink on another host, and null @nextLink", () => {
    const ex = example("2025-10-15", "get_datasets.json");
    const body = ex.responseBody as Record<string, unknown>;
    body["@nextLink"] = `${HOST}/speechtotext/datasets?api-version=2025-10-15&skip=2&top=2`;
    assert.deepEqual(c25.checkResponse(ex), []);
    body["@nextLink"] = null;
    assert.deepEqual(c25.checkResponse(ex), []);
    delete body["@nextLink"];
    assert.deepEqual(c25.checkResponse(ex), []);
  });

  await t.test("following a @nextLink is a valid request", () => {
    const ex = example("2025-10-15", "get_datasets.json");
    const next = String((ex.responseBody as Record<string, unknown>)["@nextLink"]);
    assert.deepEqual(c25.checkRequest({ ...ex, url: next }), []);
  });

  await t.test("errors: default Error schema, gateway {error:{...}} envelope, unknown codes", () => {
    const ex = example("2025-10-15", "get_dataset.json");
    const cases: Array<[number, unknown]> = [
      [404, { code: "NotFound", message: "The specified entity cannot be found." }],
      [400, { code: "InvalidArgument", message: "x", innerError: { code: "SomeFutureDetailedCode", message: "y" } }],
      [401, { error: { code: "401", message: "Access denied due to invalid subscription key." } }],
      [429, JSON.stringify({ error: { code: "429", message: "Rate limit is exceeded." } })],
      [503, { code: "ServiceUnavailable", message: "try later" }],
    ];
    for (const [status, responseBody] of cases) {
      assert.deepEqual(c25.checkResponse({ ...ex, status, responseBody, responseHeaders: { "retry-after": "2" } }), [], `status ${status}`);
    }
  });

  await t.test("modelAsString enums accept new values; readOnly properties in requests are ignored", () => {
    const ex = example("2025-10-15", "create_dataset_with_content_url.json");
    const req = ex.requestBody as Record<string, unknown>;
    req.kind = "SomeFutureKind";
    req.properties = { textNormalizationKind: "FutureNormalization", durationMilliseconds: "not even a number", acceptedLineCount: 3 };
    req.status = "Done"; // readOnly: Azure ignores it, so does the checker
    req.self = "not a uri";
    req.links = { files: 1 };
    const res = ex.responseBody as Record<string, unknown>;
    res.kind = "SomeFutureKind";
    assert.deepEqual(c25.checkExchange(ex), []);
  });

  await t.test("no HTTP response (status 0, e.g. socket reset) has nothing to check", () => {
    const ex = example("2025-10-15", "get_dataset.json");
    assert.deepEqual(c25.checkResponse({ ...ex, status: 0, responseBody: undefined }), []);
  });

  await t.test("v3.2 STS token is an accepted credential", () => {
    const ex = example("v3.2", "get_dataset.json");
    assert.deepEqual(c32.checkRequest({ ...ex, requestHeaders: { authorization: "Bearer eyJ..." } }), []);
  });
});
