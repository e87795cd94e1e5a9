import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { client, idOf } from "./helpers.js";

let emu: Emulator;
before(async () => { emu = await startEmulator(); });
after(() => emu.close());
beforeEach(() => emu.reset());

test("v3.2 projects carry properties counts; 2025-10-15 carries foundryProjectName and no counts", async () => {
  const v32 = await client(emu, "v3.2").post("/projects", { displayName: "p", locale: "en-US", description: "d" });
  assert.equal(v32.status, 201);
  const id = idOf(v32.json.self);
  assert.equal(v32.headers.location, `${emu.url}/speechtotext/v3.2/projects/${id}`);
  assert.deepEqual(v32.json.properties, { datasetCount: 0, evaluationCount: 0, modelCount: 0, transcriptionCount: 0, endpointCount: 0 });
  assert.equal(v32.json.links.datasets, `${emu.url}/speechtotext/v3.2/projects/${id}/datasets`);

  const neu = await client(emu, "2025-10-15").post("/projects", { displayName: "f", locale: "de-DE", foundryProjectName: "my-foundry" });
  assert.equal(neu.status, 201);
  assert.equal(neu.json.foundryProjectName, "my-foundry");
  assert.equal(neu.json.properties, undefined);
  assert.equal(neu.json.links.datasets, `${emu.url}/speechtotext/projects/${idOf(neu.json.self)}/datasets?api-version=2025-10-15`);
  // same store: the v3.2 project is visible in 2025-10-15 and vice versa
  const list = await client(emu, "2025-10-15").get("/projects", { filter: "foundryProjectName eq 'my-foundry'" });
  assert.deepEqual(list.json.values.map((p: any) => p.displayName), ["f"]);
  assert.equal((await client(emu, "v3.2").get(`/projects/${idOf(neu.json.self)}`)).json.foundryProjectName, undefined);
  assert.equal(emu.projects().length, 2);
});

test("projects do not exist in 2024-11-15", async () => {
  const c = client(emu, "2024-11-15");
  for (const path of ["/projects", "/projects/locales"]) {
    const r = await c.get(path);
    assert.equal(r.status, 404);
    assert.equal(r.json.code, "NotFound");
  }
  assert.equal((await c.post("/projects", { displayName: "p", locale: "en-US" })).status, 404);
});

test("project validation and locales", async () => {
  const c = client(emu, "2025-10-15");
  assert.equal((await c.post("/projects", { locale: "en-US" })).status, 400);
  const bad = await c.post("/projects", { displayName: "p", locale: "xx-XX" });
  assert.equal(bad.json.innerError.code, "InvalidLocale");
  const locales = await c.get("/projects/locales");
  assert.ok(Array.isArray(locales.json) && locales.json.includes("en-US"));
  assert.equal((await c.get("/projects/00000000-0000-4000-8000-000000000000")).status, 404);
});

test("datasets attach to projects with matching locale; counts and Projects_ListDatasets follow", async () => {
  const c = client(emu, "v3.2");
  const p = (await c.post("/projects", { displayName: "p", locale: "en-US" })).json;
  const pid = idOf(p.self);
  const d = await c.post("/datasets", { displayName: "d", kind: "Language", locale: "en-US", project: { self: p.self } });
  assert.equal(d.status, 201);
  assert.equal(d.json.project.self, p.self);
  const mismatch = await c.post("/datasets", { displayName: "d", kind: "Language", locale: "de-DE", project: { self: p.self } });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.json.innerError.code, "InvalidLocale");
  assert.equal((await c.get(`/projects/${pid}`)).json.properties.datasetCount, 1);
  const listed = await c.get(`/projects/${pid}/datasets`);
  assert.deepEqual(listed.json.values.map((v: any) => idOf(v.self)), [idOf(d.json.self)]);
  // 2025-10-15 renders the reference on its own URLs; 2024-11-15 has no project field
  const n = await client(emu, "2025-10-15").get(`/datasets/${idOf(d.json.self)}`);
  assert.equal(n.json.project.self, `${emu.url}/speechtotext/projects/${pid}?api-version=2025-10-15`);
  assert.equal((await client(emu, "2024-11-15").get(`/datasets/${idOf(d.json.self)}`)).json.project, undefined);
});

test("PATCH moves a dataset between projects; deleting a project detaches its datasets", async () => {
  const c = client(emu, "2025-10-15");
  const p1 = (await c.post("/projects", { displayName: "p1", locale: "en-US" })).json;
  const p2 = (await c.post("/projects", { displayName: "p2", locale: "en-US" })).json;
  const d = (await c.post("/datasets", { displayName: "d", kind: "Language", locale: "en-US", project: { self: p1.self } })).json;
  const id = idOf(d.self);
  const moved = await c.patch(`/datasets/${id}`, { project: { self: p2.self } });
  assert.equal(moved.status, 200);
  assert.equal(idOf(moved.json.project.self), idOf(p2.self));
  const p2id = idOf(p2.self);
  assert.equal(emu.datasets()[0].projectId, p2id);
  const upd = await c.patch(`/projects/${p2id}`, { displayName: "renamed", foundryProjectName: "fp" }, { "Content-Type": "application/merge-patch+json" });
  assert.deepEqual([upd.json.displayName, upd.json.foundryProjectName, upd.json.locale], ["renamed", "fp", "en-US"]);
  assert.equal((await c.del(`/projects/${p2id}`)).status, 204);
  assert.equal((await c.del(`/projects/${p2id}`)).status, 204);
  assert.equal(emu.datasets()[0].projectId, undefined);
  assert.equal((await c.get(`/datasets/${id}`)).json.project, undefined);
});
