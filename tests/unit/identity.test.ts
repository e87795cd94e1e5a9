import { test } from "node:test";
import assert from "node:assert/strict";
import { contentIdentity, isNewData } from "../../provider/hooks/identity";
import { redact, registerSecret } from "../../provider/client/redact";
import { isoDurationToMs, msToIsoDuration } from "../../provider/client/versions";

const blob = "https://acct.blob.core.windows.net/data/train.zip";

test("a fresh SAS token for the same blob is not new data", () => {
    const a = `${blob}?sv=2024-08-04&se=2026-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=AAAA`;
    const b = `${blob}?sp=r&sr=b&sv=2025-01-05&se=2027-01-01T00%3A00%3A00Z&sig=BBBB`;
    assert.equal(isNewData(a, b), false);
    assert.equal(contentIdentity(a), blob);
});

test("another blob, container, account or non-SAS query is new data", () => {
    assert.equal(isNewData(blob, "https://acct.blob.core.windows.net/data/train2.zip"), true);
    assert.equal(isNewData(blob, "https://acct.blob.core.windows.net/other/train.zip"), true);
    assert.equal(isNewData(blob, "https://acct2.blob.core.windows.net/data/train.zip"), true);
    assert.equal(isNewData(`${blob}?versionid=1`, `${blob}?versionid=2`), true);
    assert.equal(isNewData(blob, undefined), true);
    assert.equal(isNewData("https://ACCT.blob.core.windows.net/data/train.zip", blob), false);
});

test("redaction removes SAS signatures, bearer tokens and registered secrets", () => {
    registerSecret("0123456789abcdef-key");
    const text = `GET ${blob}?sv=1&sig=c2VjcmV0c2ln%3D&se=x failed with key 0123456789abcdef-key and Authorization: Bearer eyJhbGciOi.abc.def`;
    const r = redact(text);
    assert.doesNotMatch(r, /c2VjcmV0c2ln/);
    assert.doesNotMatch(r, /0123456789abcdef-key/);
    assert.doesNotMatch(r, /eyJhbGciOi/);
    assert.match(r, /sig=\*\*\*/);
});

test("durations convert between ISO 8601 and milliseconds", () => {
    assert.equal(isoDurationToMs("PT4M12S"), 252000);
    assert.equal(isoDurationToMs("P1DT1H"), 90000000);
    assert.equal(isoDurationToMs("PT0.5S"), 500);
    assert.equal(isoDurationToMs("bogus"), undefined);
    assert.equal(msToIsoDuration(252000), "PT4M12S");
    assert.equal(msToIsoDuration(3600000), "PT1H");
    assert.equal(isoDurationToMs(msToIsoDuration(123456)), 123456);
});
