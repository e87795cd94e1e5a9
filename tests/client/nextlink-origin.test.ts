/**
 * @nextLink is followed only on the endpoint's own origin (scheme, host, port; no user info): a link to
 * another server, another port, another scheme or a disguised form is refused before any request is sent,
 * so the key never travels there. Relative links resolve against the endpoint.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { AddressInfo } from "node:net";
import { SpeechClient } from "../../provider/client/speech-client";
import { ResponseError } from "../../provider/client/errors";
import { resolveOnEndpoint } from "../../provider/client/http";

const KEY = "nextlink-origin-key-8c41d2";

interface Fake {
    url: string;
    port: number;
    /** Request URLs received. */
    requests: string[];
    /** TCP connections accepted (a TLS handshake sent to this plain server counts too). */
    connections: number;
    /** The body of page 1 (the first request). */
    firstPage: (base: string) => unknown;
    close(): Promise<void>;
}

async function serve(): Promise<Fake> {
    const server = http.createServer((req, res) => {
        fake.requests.push(req.url ?? "");
        const body = fake.requests.length === 1 || !/skip=/.test(req.url ?? "") ? fake.firstPage(fake.url) : { values: [] };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
    });
    server.on("connection", () => fake.connections++);
    server.on("clientError", (_e, socket) => socket.destroy());
    const fake: Fake = {
        url: "",
        port: 0,
        requests: [],
        connections: 0,
        firstPage: () => ({ values: [] }),
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
    };
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    fake.port = (server.address() as AddressInfo).port;
    fake.url = `http://127.0.0.1:${fake.port}`;
    return fake;
}

let endpoint: Fake;
let other: Fake;
before(async () => {
    endpoint = await serve();
    other = await serve();
});
after(async () => {
    await endpoint.close();
    await other.close();
});

function reset(firstPage: (base: string) => unknown) {
    endpoint.requests = [];
    endpoint.connections = 0;
    endpoint.firstPage = firstPage;
    other.requests = [];
    other.connections = 0;
}

function client() {
    return new SpeechClient({ endpoint: endpoint.url, key: KEY, apiVersion: "2025-10-15" }, { retry: { maxRetries: 1, initialDelayInMs: 1, maxDelayInMs: 5 } });
}

const foreignLinks = () => ({
    "another port": `http://127.0.0.1:${other.port}/speechtotext/datasets?skip=2&api-version=2025-10-15`,
    "another scheme (https on the endpoint's host, another port)": `https://127.0.0.1:${other.port}/speechtotext/datasets?skip=2`,
    "upper-case scheme": `HTTP://127.0.0.1:${other.port}/speechtotext/datasets?skip=2`,
    "protocol-relative": `//127.0.0.1:${other.port}/speechtotext/datasets?skip=2`,
    "backslashes": `\\\\127.0.0.1:${other.port}/speechtotext/datasets?skip=2`,
    "user info that looks like the endpoint": `http://127.0.0.1:${endpoint.port}@127.0.0.1:${other.port}/speechtotext/datasets?skip=2`,
    "localhost instead of 127.0.0.1": `http://localhost:${other.port}/speechtotext/datasets?skip=2`,
});


test("an @nextLink to another origin is refused, and the other server sees no connection at all", async () => {
    for (const [name, link] of Object.entries(foreignLinks())) {
        reset(() => ({ values: [], "@nextLink": link }));
        await assert.rejects(
            client().listDatasets({ context: { action: "looking up", resourceType: "Speech dataset", resourceName: "ds" } }),
            (e: unknown) => {
                assert.ok(e instanceof ResponseError, `${name}: ${String(e)}`);
                assert.match(e.message, /^looking up Speech dataset "ds": Datasets_List returned an @nextLink that goes to https?:\/\/[^/,\s]+, which is not the endpoint's origin \(http:\/\/127\.0\.0\.1:\d+\)/, name);
                assert.doesNotMatch(e.message, /skip=2/, `${name}: only the origin is shown`);
                return true;
            },
        );
        assert.equal(endpoint.requests.length, 1, name);
        assert.equal(other.connections, 0, `${name}: the other server saw ${other.connections} connections`);
        assert.deepEqual(other.requests, [], name);
    }
});

test("user info on the endpoint's own origin is refused too (it would become an Authorization header)", async () => {
    reset((base) => ({ values: [], "@nextLink": base.replace("http://", "http://user:secret-pass@") + "/speechtotext/datasets?skip=2" }));
    await assert.rejects(client().listDatasets(), /Datasets_List returned an @nextLink that carries user info/);
    assert.equal(endpoint.requests.length, 1);
});

test("a link on a scheme that is not http(s) is refused", async () => {
    for (const link of ["file:///etc/passwd", "javascript:alert(1)", "data:text/plain,x"]) {
        reset(() => ({ values: [], "@nextLink": link }));
        await assert.rejects(client().listProjects(), (e: unknown) => e instanceof ResponseError && /Projects_List returned an @nextLink/.test(e.message));
        assert.equal(endpoint.requests.length, 1, link);
    }
});

test("the same origin in another spelling, and relative links, are followed on the endpoint", async () => {
    for (const link of [
        (port: number) => `HTTP://127.0.0.1:${port}/speechtotext/datasets?skip=2&api-version=2025-10-15`,
        () => "/speechtotext/datasets?skip=2",
        () => "speechtotext/datasets?skip=2",
    ]) {
        reset(() => ({ values: [], "@nextLink": link(endpoint.port) }));
        const all = await client().listDatasets();
        assert.deepEqual(all, []);
        assert.equal(endpoint.requests.length, 2, link(endpoint.port));
        assert.equal(new URL(endpoint.requests[1], endpoint.url).pathname, "/speechtotext/datasets");
        assert.equal(new URL(endpoint.requests[1], endpoint.url).searchParams.get("skip"), "2");
        assert.equal(new URL(endpoint.requests[1], endpoint.url).searchParams.get("api-version"), "2025-10-15");
        assert.equal(other.connections, 0);
    }
});

test("resolveOnEndpoint: scheme, host and port must match after normalisation; downgrades and user info are refused", () => {
    const ep = "https://myspeech.cognitiveservices.azure.com";
    const ok = (l: string) => resolveOnEndpoint(l, ep)?.toString();
    assert.equal(ok("https://MySpeech.CognitiveServices.Azure.com:443/speechtotext/datasets?skip=1"), "https://myspeech.cognitiveservices.azure.com/speechtotext/datasets?skip=1");
    assert.equal(ok("/speechtotext/datasets?skip=1"), "https://myspeech.cognitiveservices.azure.com/speechtotext/datasets?skip=1");
    assert.equal(ok("http://myspeech.cognitiveservices.azure.com/speechtotext/datasets"), undefined, "downgrade to http");
    assert.equal(ok("https://myspeech.cognitiveservices.azure.com:8443/x"), undefined, "another port");
    assert.equal(ok("https://westeurope.api.cognitive.microsoft.com/speechtotext/datasets"), undefined, "another host");
    assert.equal(ok("//evil.example/speechtotext"), undefined, "protocol-relative");
    assert.equal(ok("https://myspeech.cognitiveservices.azure.com@evil.example/"), undefined, "user info");
    assert.equal(ok("https://myspeech.cognitiveservices.azure.com.evil.example/"), undefined, "suffix");
    assert.equal(ok("https://a:b@myspeech.cognitiveservices.azure.com/"), undefined, "user info on the same host");
    assert.equal(ok("https://myspeech.cognitiveservices.azure.com%2F@evil.example/"), undefined, "encoded slash in user info");
    assert.equal(ok("http://[::1]/"), undefined);
});

test("the key is never sent to another origin, whatever URL reaches the HTTP client", async () => {
    reset(() => ({ values: [] }));
    const c = client();
    await assert.rejects(
        c.http.send({ operationId: "Datasets_Get", method: "GET", url: `http://127.0.0.1:${other.port}/speechtotext/datasets/x`, idempotent: true }),
        (e: unknown) => e instanceof ResponseError && /refusing to send Datasets_Get: its URL goes to http:\/\/127\.0\.0\.1:\d+, which is not the endpoint's origin/.test(e.message),
    );
    assert.equal(other.connections, 0);
});
