import { test } from "node:test";
import assert from "node:assert/strict";
import { checkEndpoint, resolveConnection, settingsFromEnv } from "../../provider/client/connection";
import { ConfigurationError } from "../../provider/client/errors";

test("inputs beat stack config, which beats the environment, setting by setting", () => {
    const c = resolveConnection([
        { region: "westeurope" },
        { key: "config-key-123456", apiVersion: "v3.2" },
        { endpoint: "https://env.cognitiveservices.azure.com", key: "env-key-1234567", apiVersion: "2024-11-15" },
    ]);
    assert.equal(c.endpoint, "https://westeurope.api.cognitive.microsoft.com");
    assert.equal(c.key, "config-key-123456");
    assert.equal(c.apiVersion, "v3.2");
});

test("a key is bound to its own layer's endpoint: never sent to another one", () => {
    const cfgB = { endpoint: "https://b.cognitiveservices.azure.com", key: "account-b-key-123" };
    assert.throws(() => resolveConnection([{ endpoint: "https://a.cognitiveservices.azure.com" }, cfgB, {}]), (e: unknown) => {
        assert.ok(e instanceof ConfigurationError);
        assert.equal(e.property, "key");
        assert.match(e.message, /no Speech key is set for https:\/\/a\.cognitiveservices\.azure\.com/);
        assert.match(e.message, /stack config belongs to another endpoint/);
        assert.ok(!e.message.includes("account-b-key-123"));
        return true;
    });
    // A key without an endpoint of its own (further down) is lent to the endpoint in force.
    const c = resolveConnection([{ endpoint: "https://a.cognitiveservices.azure.com" }, cfgB, { key: "free-key-1234567" }]);
    assert.equal(c.key, "free-key-1234567");
    // The same account written as its region and as its regional endpoint is the same endpoint.
    assert.equal(resolveConnection([{ region: "westeurope" }, { endpoint: "https://westeurope.api.cognitive.microsoft.com/", key: "k-123456789" }]).key, "k-123456789");
});

test("the default API version is 2025-10-15", () => {
    const c = resolveConnection([{ endpoint: "https://a.cognitiveservices.azure.com/", key: "k-123456789" }]);
    assert.equal(c.apiVersion, "2025-10-15");
    assert.equal(c.endpoint, "https://a.cognitiveservices.azure.com");
});

test("missing endpoint or key says which settings to set", () => {
    assert.throws(() => resolveConnection([{}, {}, {}]), (e: unknown) => {
        assert.ok(e instanceof ConfigurationError);
        assert.equal(e.property, "endpoint");
        assert.match(e.message, /speech:region/);
        assert.match(e.message, /SPEECH_ENDPOINT/);
        return true;
    });
    assert.throws(() => resolveConnection([{ region: "eastus" }]), (e: unknown) => {
        assert.ok(e instanceof ConfigurationError);
        assert.equal(e.property, "key");
        assert.match(e.message, /speech:key/);
        assert.match(e.message, /SPEECH_KEY/);
        return true;
    });
});

test("plain http is refused except on loopback", () => {
    assert.equal(checkEndpoint("http://127.0.0.1:5000").ok, true);
    assert.equal(checkEndpoint("http://localhost:5000/").ok, true);
    assert.equal(checkEndpoint("http://[::1]:5000").ok, true);
    const r = checkEndpoint("http://myspeech.cognitiveservices.azure.com");
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : "", /https/);
    assert.equal(checkEndpoint("ftp://x").ok, false);
    assert.equal(checkEndpoint("not a url").ok, false);
    assert.equal(checkEndpoint("https://u:p@x.com").ok, false);
});

test("unsupported apiVersion and bad region are refused", () => {
    assert.throws(() => resolveConnection([{ region: "eastus", key: "k-123456789", apiVersion: "v3.1" }]), /apiVersion.*v3\.1.*2025-10-15/);
    assert.throws(() => resolveConnection([{ region: "East US", key: "k-123456789" }]), /region/);
});

test("environment variables are read", () => {
    const s = settingsFromEnv({ SPEECH_REGION: "eastus", SPEECH_KEY: "abc", SPEECH_API_VERSION: "v3.2", SPEECH_ENDPOINT: " " });
    assert.deepEqual(s, { endpoint: undefined, region: "eastus", key: "abc", apiVersion: "v3.2" });
});
