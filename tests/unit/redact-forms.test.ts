/**
 * SAS signatures (and the other credential query parameters) are redacted in every form a URL takes inside
 * other text, and the values registered from a contentUrl are scrubbed even without their `sig=` prefix.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { redact, registerUrlSecrets } from "../../provider/client/redact";
import * as redactModule from "../../provider/client/redact";

const SIG = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%2B%2Fabc%3D";

test("raw, any case; the value ends where the URL does (quote, angle bracket, backslash escape), and look-alikes stay", () => {
    for (const name of ["sig", "SIG", "Sig", "sIg"]) {
        const out = redact(`GET https://a.blob.core.windows.net/c/x.txt?sv=2022-11-02&${name}=${SIG}&se=2030-01-01 failed`);
        assert.ok(!out.includes("Zm9vYmFy"), out);
        assert.ok(out.includes(`&${name}=***&se=2030-01-01 failed`), out);
        assert.equal(redact(`{"contentUrl":"https://a.blob/x?sv=1&${name}=${SIG}"}`), `{"contentUrl":"https://a.blob/x?sv=1&${name}=***"}`);
        assert.equal(redact(`<a href=https://a.blob/x?${name}=${SIG}>the data</a>`), `<a href=https://a.blob/x?${name}=***>the data</a>`);
        assert.equal(redact(`"https://a.blob/x?${name}=${SIG}\nnext line"`), `"https://a.blob/x?${name}=***\nnext line"`);
    }
    const text = "signature=ok; design=fine; &assign=1 sig is a word; %26sign%3Dx; ?sigma=2";
    assert.equal(redact(text), text);
});

const FORMS: Record<string, (name: string) => string> = {
    "percent-encoded after &": (n) => `url=https%3A%2F%2Fa.blob%2Fx%3Fsv%3D1%26${n}%3D${SIG}%26se%3D2030`,
    "percent-encoded after ?": (n) => `next=https%3A%2F%2Fa.blob%2Fx%3F${n}%3D${SIG}%26sv%3D1`,
    "lower-case percent-encoding": (n) => `next=https%3a%2f%2fa.blob%2fx%3f${n}%3d${SIG}%26sv%3d1`,
    "double-encoded": (n) => `u=https%253A%252F%252Fa.blob%252Fx%253Fsv%253D1%2526${n}%253D${SIG.replace(/%/g, "%25")}%2526se%253D2030`,
    "HTML-escaped": (n) => `<a href="https://a.blob/x?sv=1&amp;${n}=${SIG}&amp;se=2030">`,
    "HTML numeric entity": (n) => `<a href="https://a.blob/x?sv=1&#38;${n}=${SIG}&#38;se=2030">`,
    "JSON-escaped": (n) => `{"url":"https://a.blob/x?sv=1\\u0026${n}=${SIG}\\u0026se=2030"}`,
    "JSON-escaped with escaped slashes": (n) => `{"url":"https:\\/\\/a.blob\\/x?sv=1\\u0026${n}\\u003d${SIG.replace("%2F", "\\/")}\\u0026se=2030"}`,
};

for (const [form, text] of Object.entries(FORMS)) {
    test(`${form}, any case`, () => {
        for (const name of ["sig", "SIG", "Sig"]) {
            const input = text(name);
            const out = redact(input);
            assert.ok(!out.includes("Zm9vYmFy"), `${form}/${name}: ${out}`);
            assert.ok(out.includes("***"), out);
            // What follows the signature survives: only the value is replaced.
            if (/se(%3D|%253D|=)2030/.test(input)) assert.match(out, /se(%3D|%253D|=)2030/, out);
        }
    });
}

test("other credential parameters are redacted in the encoded forms too", () => {
    for (const name of ["skoid", "sktid", "saoid", "suoid", "token", "access_token", "subscription-key"]) {
        const out = redact(`x%3Fa%3D1%26${name}%3DTOPSECRETVALUE%26b%3D2 and &amp;${name}=TOPSECRETVALUE2`);
        assert.ok(!out.includes("TOPSECRETVALUE"), `${name}: ${out}`);
    }
});

test("a registered contentUrl's signature is scrubbed wherever it appears, without its sig= prefix", () => {
    const sig = "Uu7cQ0M%2FqLw9vR8sT1xYz%2BAbCdEfGhIjKlMnOp%3D";
    const decoded = decodeURIComponent(sig);
    const oid = "0b7e5f2c-1a2b-4c3d-9e8f-123456789abc";
    registerUrlSecrets(`https://acct.blob.core.windows.net/data/x.txt?sp=r&st=2026-01-01T00:00:00Z&se=2030-01-01T00:00:00Z&skoid=${oid}&sv=2022-11-02&sr=b&sig=${sig}`);
    const texts = [
        `the service said: signature ${sig} is not valid`,
        `signature ${decoded} is not valid`,
        `encoded ${encodeURIComponent(decoded)} and again ${encodeURIComponent(sig)}`,
        `lower-case hex ${sig.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`,
        JSON.stringify({ message: `bad ${decoded}` }),
        `json-escaped ${decoded.replace(/\//g, "\\/")}`,
        `object ${oid} denied`,
    ];
    for (const t of texts) {
        const out = redact(t);
        assert.ok(!out.includes("Uu7cQ0M"), out);
        assert.ok(!out.includes("qLw9vR8sT1xYz"), out);
        assert.ok(!out.includes(oid), out);
        assert.ok(out.includes("***"), out);
    }
    // Times and versions are not credentials: they stay readable everywhere.
    assert.equal(redact("created 2026-01-01T00:00:00Z with 2022-11-02"), "created 2026-01-01T00:00:00Z with 2022-11-02");
});

test("short values and URLs without a query register nothing", () => {
    registerUrlSecrets("https://acct.blob.core.windows.net/data/x.txt?sig=abc");
    registerUrlSecrets("https://acct.blob.core.windows.net/data/no-query.txt");
    registerUrlSecrets("not a url ?sig");
    assert.equal(redact("abc is fine, so is no-query.txt"), "abc is fine, so is no-query.txt");
});

test("redactUrl is gone: redact() is the one entry point", () => {
    assert.equal((redactModule as Record<string, unknown>).redactUrl, undefined);
});
