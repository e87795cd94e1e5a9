import { test } from "node:test";
import assert from "node:assert/strict";
import { calculateRetryDelay, parseRetryAfter, resolveRetryOptions, shouldRetry } from "../../provider/client/retry";

const policy = resolveRetryOptions({ initialDelayInMs: 100, maxDelayInMs: 1000 });

test("backoff doubles per attempt, with jitter, capped", () => {
    assert.equal(calculateRetryDelay(1, undefined, policy, () => 0), 50);
    assert.equal(calculateRetryDelay(1, undefined, policy, () => 1), 100);
    assert.equal(calculateRetryDelay(3, undefined, policy, () => 1), 400);
    assert.equal(calculateRetryDelay(10, undefined, policy, () => 1), 1000);
    assert.equal(calculateRetryDelay(10, undefined, policy, () => 0), 500);
});

test("Retry-After wins over backoff, capped by maxDelayInMs", () => {
    assert.equal(calculateRetryDelay(1, 700, policy, () => 0), 700);
    assert.equal(calculateRetryDelay(1, 60_000, policy, () => 0), 1000);
});

test("Retry-After parses seconds and HTTP dates", () => {
    assert.equal(parseRetryAfter("3"), 3000);
    assert.equal(parseRetryAfter(["2"]), 2000);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter("soon"), undefined);
    const now = Date.parse("2026-01-01T00:00:00Z");
    assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now), 5000);
});

test("idempotent calls retry on 408/429/5xx and connection errors; POST only where the service cannot have acted", () => {
    for (const s of [408, 429, 500, 502, 503, 504]) assert.equal(shouldRetry({ status: s }, true), true, String(s));
    for (const s of [400, 401, 403, 404, 409, 501]) assert.equal(shouldRetry({ status: s }, true), false, String(s));
    assert.equal(shouldRetry({ status: 429 }, false), true);
    assert.equal(shouldRetry({ status: 503 }, false), false);
    assert.equal(shouldRetry({ status: 500 }, false), false);
    assert.equal(shouldRetry({ errorCode: "ECONNREFUSED" }, false), true);
    assert.equal(shouldRetry({ errorCode: "ECONNRESET" }, false), false);
    assert.equal(shouldRetry({ errorCode: "ECONNRESET" }, true), true);
    assert.equal(shouldRetry({ errorCode: "ETIMEDOUT" }, true), true);
});

test("retry options ignore nonsense values", () => {
    const r = resolveRetryOptions({ maxRetries: -1, maxDelayInMs: Number.NaN, initialDelayInMs: 5 });
    assert.equal(r.maxRetries, 8);
    assert.equal(r.initialDelayInMs, 5);
    assert.equal(r.maxDelayInMs, 30_000);
});
