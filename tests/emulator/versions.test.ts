import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { client, idOf, send } from "./helpers.js";

let emu: Emulator;
before(async () => { emu = await startEmulator(); });
after(() => emu.close());
beforeEach(() => emu.reset());

test("exchanges record apiVersion, operationId, parsed JSON bodies and {bytes} for binary bodies", async () => {
  const c = client(emu, "2025-10-15");
  const created = await c.post("/datasets", { displayName: "x", kind: "Language", locale: "en-US" });
  const id = idOf(created.json.self);
  await c.put(`/datasets/${id}/blocks`, Buffer.from("abc\n"), { blockid: "AAA=" });
  await c.post(`/datasets/${id}/blocks:commit`, [{ kind: "Uncommitted", id: "AAA=" }]);
  await client(emu, "v3.2").get(`/datasets/${id}`);
  await client(emu, "v3.2").get("/datasets/locales");
  await send("GET", `${emu.url}/speechtotext/datasets`, { key: emu.key });

  const rows = emu.exchanges.map((e) => [e.method, e.apiVersion, e.operationId, e.status]);
  assert.deepEqual(rows, [
    ["POST", "2025-10-15", "Datasets_Create", 201],
    ["PUT", "2025-10-15", "Datasets_UploadBlock", 201],
    ["POST", "2025-10-15", "Datasets_CommitBlocks", 200],
    ["GET", "v3.2", "Datasets_Get", 200],
    ["GET", "v3.2", "Datasets_ListSupportedLocales", 200],
    ["GET", undefined, "Datasets_List", 400],
  ]);
  const [create, upload] = emu.exchanges;
  assert.deepEqual(create.requestBody, { displayName: "x", kind: "Language", locale: "en-US" });
  assert.equal((create.responseBody as any).self, created.json.self);
  assert.equal(create.responseHeaders.location, created.json.self);
  assert.deepEqual(upload.requestBody, { bytes: 4 });
  assert.equal(upload.responseBody, undefined);
  assert.equal(create.requestHeaders["ocp-apim-subscription-key"], emu.key);
});

test("record: false keeps no exchanges", async () => {
  const quiet = await startEmulator({ record: false });
  try {
    await client(quiet, "v3.2").get("/datasets");
    assert.equal(quiet.exchanges.length, 0);
  } finally {
    await quiet.close();
  }
});

test("one store behind all versions: created in one version, read/updated/deleted in another", async () => {
  const a = await client(emu, "v3.2").post("/datasets", { displayName: "shared", kind: "Pronunciation", locale: "en-US" });
  const id = idOf(a.json.self);
  const b = await client(emu, "2024-11-15").patch(`/datasets/${id}`, { description: "from 2024" });
  assert.equal(b.status, 200);
  assert.equal(b.json.self, `${emu.url}/speechtotext/datasets/${id}?api-version=2024-11-15`);
  const c = await client(emu, "2025-10-15").get(`/datasets/${id}`);
  assert.equal(c.json.description, "from 2024");
  assert.equal((await client(emu, "2025-10-15").del(`/datasets/${id}`)).status, 204);
  assert.equal((await client(emu, "v3.2").get(`/datasets/${id}`)).status, 404);
});

test("wrong method on a known path -> 405; api-version on a v3.2 path is ignored", async () => {
  const r = await send("PUT", `${emu.url}/speechtotext/v3.2/datasets`, { key: emu.key, body: {} });
  assert.equal(r.status, 405);
  const v = await send("GET", `${emu.url}/speechtotext/v3.2/datasets?api-version=1999-01-01`, { key: emu.key });
  assert.equal(v.status, 200);
});
