/**
 * The checker must accept every official example: for each example file of each version, the
 * request built from its `parameters` and every response in `responses` yield no violations.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { API_VERSIONS, contractSkipReason, loadContract, loadExamples } from "../support/contract";

for (const version of API_VERSIONS) {
  const skip = contractSkipReason(version);
  if (skip !== undefined) {
    test(`${version}: official examples pass the contract checker`, { skip }, () => {});
    continue;
  }
  const contract = loadContract(version);
  const cases = loadExamples(version);

  test(`${version}: every example file is tied to an operation`, () => {
    assert.ok(cases.length > 0, `no examples found for ${version}`);
  });

  for (const c of cases) {
    test(`${version}: ${c.file} (${c.operationId}: ${c.title})`, () => {
      assert.ok(c.exchanges.length > 0, `${c.file} has no responses`);
      for (const ex of c.exchanges) {
        const matched = contract.matchOperation(ex.method, ex.url);
        assert.equal(matched?.operationId, c.operationId, `${ex.method} ${ex.url} should match ${c.operationId}`);
        assert.deepEqual(contract.checkRequest(ex), [], `request of ${c.file}`);
        assert.deepEqual(contract.checkResponse(ex), [], `response ${ex.status} of ${c.file}`);
      }
    });
  }
}
