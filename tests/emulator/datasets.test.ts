import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { client, idOf, send, waitTerminal } from "./helpers.js";

let emu: Emulator;
before(async () => { emu = await startEmulator({ processingStepMs: 20, pageSize: 100 }); });
after(() => emu.close());
beforeEach(() => emu.reset());

const body = (extra: Record<string, unknown> = {}) => ({ displayName: "d", kind: "Language", locale: "en-US", ...extra });

describe("auth and versions", () => {
  test("a wrong or missing key gets the gateway's 401 body", async () => {
    for (const key of ["nope", undefined]) {
      const r = await send("GET", `${emu.url}/speechtotext/v3.2/datasets`, { key });
      assert.equal(r.status, 401);
      assert.equal(r.json.error.code, "401");
      assert.match(r.json.error.message, /^Access denied due to invalid subscription key/);
    }
    const bearer = await send("GET", `${emu.url}/speechtotext/v3.2/datasets`, { headers: { Authorization: "Bearer x" } });
    assert.equal(bearer.status, 401);
  });

  test("missing or unknown api-version -> 400 InvalidRequest naming the supported versions", async () => {
    for (const q of ["", "?api-version=2023-01-01"]) {
      const r = await send("GET", `${emu.url}/speechtotext/datasets${q}`, { key: emu.key });
      assert.equal(r.status, 400);
      assert.equal(r.json.code, "InvalidRequest");
      assert.match(r.json.message, /2024-11-15/);
      assert.match(r.json.message, /2025-10-15/);
    }
  });

  test("unknown paths are 404 NotFound with the Error body", async () => {
    const r = await client(emu, "2025-10-15").get("/nothing");
    assert.equal(r.status, 404);
    assert.equal(r.json.code, "NotFound");
  });
});

describe("Datasets_Create", () => {
  test("201 with Location, server UUID, and version-specific self/links", async () => {
    for (const v of ["v3.2", "2024-11-15", "2025-10-15"] as const) {
      const r = await client(emu, v).post("/datasets", body({ description: "desc", customProperties: { a: "b" } }));
      assert.equal(r.status, 201);
      const id = idOf(r.json.self);
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(r.headers.location, r.json.self);
      if (v === "v3.2") {
        assert.equal(r.json.self, `${emu.url}/speechtotext/v3.2/datasets/${id}`);
        assert.equal(r.json.links.files, `${emu.url}/speechtotext/v3.2/datasets/${id}/files`);
      } else {
        assert.equal(r.json.self, `${emu.url}/speechtotext/datasets/${id}?api-version=${v}`);
        assert.equal(r.json.links.uploadBlocks, `${emu.url}/speechtotext/datasets/${id}/blocks?api-version=${v}`);
        assert.equal(r.json.links.commitBlocks, `${emu.url}/speechtotext/datasets/${id}/blocks:commit?api-version=${v}`);
      }
      assert.equal(r.json.status, "NotStarted");
      assert.deepEqual(r.json.customProperties, { a: "b" });
      assert.equal(r.json.description, "desc");
    }
    assert.equal(emu.datasets().length, 3);
  });

  const invalid: [string, unknown, number, string, string?][] = [
    ["missing displayName", { kind: "Language", locale: "en-US" }, 400, "InvalidArgument"],
    ["empty displayName", body({ displayName: "" }), 400, "InvalidArgument"],
    ["unknown kind", body({ kind: "Video" }), 400, "InvalidArgument"],
    ["malformed locale", body({ locale: "english" }), 400, "InvalidArgument", "InvalidLocale"],
    ["unsupported locale for kind", body({ kind: "OutputFormatting", locale: "ar-EG" }), 400, "InvalidArgument", "InvalidLocale"],
    ["relative contentUrl", body({ contentUrl: "/data.txt" }), 400, "InvalidArgument"],
    ["ftp contentUrl", body({ contentUrl: "ftp://host/data.txt" }), 400, "InvalidArgument"],
    ["11 customProperties", body({ customProperties: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])) }), 400, "InvalidArgument"],
    ["65-char key", body({ customProperties: { ["k".repeat(65)]: "v" } }), 400, "InvalidArgument"],
    ["257-char value", body({ customProperties: { k: "v".repeat(257) } }), 400, "InvalidArgument"],
    ["non-string value", body({ customProperties: { k: 1 } }), 400, "InvalidArgument"],
    ["unknown project", body({ project: { self: `http://x/speechtotext/v3.2/projects/00000000-0000-4000-8000-000000000000` } }), 400, "InvalidArgument", "InvalidProject"],
  ];
  for (const [name, b, status, code, inner] of invalid) {
    test(`rejects ${name}`, async () => {
      const r = await client(emu, "v3.2").post("/datasets", b);
      assert.equal(r.status, status);
      assert.equal(r.json.code, code);
      if (inner) assert.equal(r.json.innerError?.code, inner);
      assert.equal(emu.datasets().length, 0);
    });
  }

  test("customProperties at the limits are accepted", async () => {
    const cp = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`${i}`.padEnd(64, "k"), "v".repeat(256)]));
    const r = await client(emu, "2025-10-15").post("/datasets", body({ customProperties: cp }));
    assert.equal(r.status, 201);
  });

  test("malformed JSON -> 400 InvalidRequest; wrong content type -> 415", async () => {
    const c = client(emu, "2024-11-15");
    const bad = await c.post("/datasets", "{not json");
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, "InvalidRequest");
    const txt = await c.post("/datasets", JSON.stringify(body()), {}, { "Content-Type": "text/plain" });
    assert.equal(txt.status, 415);
    assert.equal(txt.json.code, "UnsupportedMediaType");
  });

  test("project is rejected on 2024-11-15; unknown fields are ignored", async () => {
    const c = client(emu, "2024-11-15");
    const r = await c.post("/datasets", body({ project: { self: "http://x/projects/1" } }));
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "InvalidArgument");
    assert.match(r.json.message, /project is not supported in api-version 2024-11-15/);
    const ok = await c.post("/datasets", body({ somethingElse: 42 }));
    assert.equal(ok.status, 201);
    assert.equal(ok.json.somethingElse, undefined);
  });

  test("quota: creating beyond maxDatasets -> 403 QuotaViolation", async () => {
    const small = await startEmulator({ maxDatasets: 2 });
    try {
      const c = client(small, "2025-10-15");
      assert.equal((await c.post("/datasets", body())).status, 201);
      assert.equal((await c.post("/datasets", body())).status, 201);
      const r = await c.post("/datasets", body());
      assert.equal(r.status, 403);
      assert.equal(r.json.innerError.code, "QuotaViolation");
      assert.equal(small.datasets().length, 2);
    } finally {
      await small.close();
    }
  });
});

describe("rendering per version over one store", () => {
  test("v3.2 shows duration (ISO 8601) and email; newer versions show durationMilliseconds", async () => {
    const r = await client(emu, "v3.2").post("/datasets", body({ kind: "Acoustic", contentUrl: "https://example.com/audio.zip", properties: { email: "a@b.c" } }));
    const id = idOf(r.json.self);
    const v32 = await waitTerminal(client(emu, "v3.2"), id);
    assert.equal(v32.status, "Succeeded");
    assert.match(v32.properties.duration, /^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$/);
    assert.equal(v32.properties.email, "a@b.c");
    assert.equal(v32.properties.durationMilliseconds, undefined);
    for (const v of ["2024-11-15", "2025-10-15"] as const) {
      const n = (await client(emu, v).get(`/datasets/${id}`)).json;
      assert.equal(typeof n.properties.durationMilliseconds, "number");
      assert.ok(n.properties.durationMilliseconds > 0);
      assert.equal(n.properties.duration, undefined);
      assert.equal(n.properties.email, undefined);
      assert.equal(n.properties.acceptedLineCount, v32.properties.acceptedLineCount);
    }
  });
});

describe("Datasets_Get / Update / Delete", () => {
  test("Get: 404 for unknown, 400 for non-UUID, Retry-After only while non-terminal", async () => {
    const c = client(emu, "2025-10-15");
    const missing = await c.get("/datasets/00000000-0000-4000-8000-000000000000");
    assert.equal(missing.status, 404);
    assert.equal(missing.json.code, "NotFound");
    const bad = await c.get("/datasets/not-a-uuid");
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, "InvalidArgument");
    const created = await c.post("/datasets", body());
    const id = idOf(created.json.self);
    const g = await c.get(`/datasets/${id}`);
    assert.equal(g.json.status, "NotStarted");
    assert.equal(g.headers["retry-after"], "1");
  });

  test("Update: mutable fields only; customProperties merged under merge-patch, replaced whole under application/json", async () => {
    const c = client(emu, "2025-10-15");
    const id = idOf((await c.post("/datasets", body({ customProperties: { keep: "1", drop: "2" } }))).json.self);
    const r = await c.patch(`/datasets/${id}`, { displayName: "new", description: "dd", customProperties: { drop: null, add: "3" }, kind: "Acoustic", locale: "de-DE" },
      { "Content-Type": "application/merge-patch+json" });
    assert.equal(r.status, 200);
    assert.equal(r.json.displayName, "new");
    assert.equal(r.json.description, "dd");
    assert.deepEqual(r.json.customProperties, { keep: "1", add: "3" });
    assert.equal(r.json.kind, "Language");
    assert.equal(r.json.locale, "en-US");
    const whole = await c.patch(`/datasets/${id}`, { customProperties: { only: "x" } });
    assert.equal(whole.status, 200);
    assert.deepEqual(whole.json.customProperties, { only: "x" }, "application/json: the map given is the new map");
    const nul = await c.patch(`/datasets/${id}`, { customProperties: null });
    assert.equal(nul.status, 400, "application/json: null is not a string map (the schema has no null)");
    const r2 = await c.patch(`/datasets/${id}`, { customProperties: {} });
    assert.equal(r2.status, 200);
    assert.equal(r2.json.customProperties, undefined);
    const tooMany = await c.patch(`/datasets/${id}`, { customProperties: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])) });
    assert.equal(tooMany.status, 400);
    const ds = emu.datasets().find((d) => d.id === id)!;
    assert.equal(ds.displayName, "new");
    assert.equal(ds.customProperties, undefined);
  });

  test("Delete: 204 whether or not it existed", async () => {
    const c = client(emu, "v3.2");
    const id = idOf((await c.post("/datasets", body())).json.self);
    assert.equal((await c.del(`/datasets/${id}`)).status, 204);
    assert.equal((await c.del(`/datasets/${id}`)).status, 204);
    assert.equal((await c.get(`/datasets/${id}`)).status, 404);
    assert.equal(emu.datasets().length, 0);
  });
});

describe("Datasets_List", () => {
  test("pagination with absolute @nextLink carrying api-version", async () => {
    const c = client(emu, "2024-11-15");
    for (let i = 0; i < 5; i++) await c.post("/datasets", body({ displayName: `d${i}` }));
    const seen: string[] = [];
    let next: string | undefined = `${emu.url}/speechtotext/datasets?api-version=2024-11-15&top=2`;
    let pages = 0;
    while (next) {
      const r = await send("GET", next, { key: emu.key });
      assert.equal(r.status, 200);
      seen.push(...r.json.values.map((v: any) => v.displayName));
      next = r.json["@nextLink"];
      if (next) {
        assert.ok(next.startsWith(`${emu.url}/speechtotext/datasets?`));
        assert.match(next, /api-version=2024-11-15/);
      }
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, ["d0", "d1", "d2", "d3", "d4"]);
  });

  test("filter by displayName, kind, locale, status joined with and", async () => {
    const c = client(emu, "v3.2");
    await c.post("/datasets", body({ displayName: "it's", kind: "Pronunciation" }));
    await c.post("/datasets", body({ displayName: "b", locale: "de-DE" }));
    await c.post("/datasets", body({ displayName: "c" }));
    const names = async (filter: string) => (await c.get("/datasets", { filter })).json.values.map((v: any) => v.displayName).sort();
    assert.deepEqual(await names("displayName eq 'it''s'"), ["it's"]);
    assert.deepEqual(await names("kind eq 'Language' and locale eq 'en-US'"), ["c"]);
    assert.deepEqual(await names("status eq 'NotStarted' and locale ne 'en-US'"), ["b"]);
    assert.deepEqual(await names("displayName eq 'b' or displayName eq 'c'"), ["b", "c"]);
    const bad = await c.get("/datasets", { filter: "color eq 'red'" });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.innerError.code, "UnsupportedFilter");
  });
});

describe("Datasets_ListSupportedLocales", () => {
  test("v3.2 maps locale -> kinds; newer versions map kind -> locales", async () => {
    const old = (await client(emu, "v3.2").get("/datasets/locales")).json;
    assert.ok(old["en-US"].includes("Acoustic"));
    assert.ok(old["en-US"].includes("OutputFormatting"));
    const neu = (await client(emu, "2025-10-15").get("/datasets/locales")).json;
    for (const l of ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "ja-JP", "zh-CN"]) assert.ok(neu.Language.includes(l), l);
    assert.ok(neu.OutputFormatting.includes("zh-HK"));
    assert.ok(!neu.OutputFormatting.includes("ar-EG"));
  });
});
