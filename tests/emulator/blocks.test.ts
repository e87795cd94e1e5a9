import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, beforeEach, test } from "node:test";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { client, idOf, send, waitTerminal } from "./helpers.js";

let emu: Emulator;
before(async () => { emu = await startEmulator({ processingStepMs: 20 }); });
after(() => emu.close());
beforeEach(() => emu.reset());

const b64 = (n: number) => Buffer.from([0, n]).toString("base64"); // "AAA=", "AAE=", ...

async function blockDataset(v: "v3.2" | "2024-11-15" | "2025-10-15" = "2025-10-15", kind = "Language") {
  const c = client(emu, v);
  const r = await c.post("/datasets", { displayName: "blocks", kind, locale: "en-US" });
  assert.equal(r.status, 201);
  return { c, id: idOf(r.json.self), created: r.json };
}

test("upload, list, commit out of order: bytes reassembled in commit order, then processed", async () => {
  const { c, id, created } = await blockDataset();
  assert.ok(created.links.uploadBlocks && created.links.listBlocks && created.links.commitBlocks);
  const parts = ["hello world\n", "second line\n", "third line\n"].map((s) => Buffer.from(s));
  // upload in reverse order
  for (let i = parts.length - 1; i >= 0; i--) {
    const r = await c.put(`/datasets/${id}/blocks`, parts[i], { blockid: b64(i) });
    assert.equal(r.status, 201);
    assert.equal(r.raw.length, 0);
  }
  const listed = await c.get(`/datasets/${id}/blocks`);
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.json.committedBlocks, []);
  assert.deepEqual(listed.json.uncommittedBlocks.map((b: any) => b.name).sort(), [b64(0), b64(1), b64(2)].sort());
  assert.equal(listed.json.uncommittedBlocks.find((b: any) => b.name === b64(1)).size, parts[1].length);

  const commit = await c.post(`/datasets/${id}/blocks:commit`, parts.map((_, i) => ({ kind: "Uncommitted", id: b64(i) })));
  assert.equal(commit.status, 200);
  assert.equal(commit.raw.length, 0);
  const whole = Buffer.concat(parts);
  const ds = emu.datasets().find((d) => d.id === id)!;
  assert.equal(ds.sha256, createHash("sha256").update(whole).digest("hex"));
  assert.deepEqual(ds.data, whole);
  assert.equal(ds.committed, true);

  const done = await waitTerminal(c, id);
  assert.equal(done.status, "Succeeded");
  assert.equal(done.properties.acceptedLineCount, 3);
  assert.equal(done.links.uploadBlocks, undefined);
  const after = await c.get(`/datasets/${id}/blocks`);
  assert.deepEqual(after.json.committedBlocks.map((b: any) => b.name), [b64(0), b64(1), b64(2)]);
  assert.deepEqual(after.json.uncommittedBlocks, []);
});

test("re-putting a block id replaces it; Latest picks the uncommitted block", async () => {
  const { c, id } = await blockDataset("v3.2");
  await c.put(`/datasets/${id}/blocks`, Buffer.from("old line\n"), { blockid: b64(0) });
  await c.put(`/datasets/${id}/blocks`, Buffer.from("new line\n"), { blockid: b64(0) });
  const listed = await c.get(`/datasets/${id}/blocks`);
  assert.equal(listed.json.uncommittedBlocks.length, 1);
  assert.equal((await c.post(`/datasets/${id}/blocks:commit`, [{ kind: "Latest", id: b64(0) }])).status, 200);
  assert.equal(emu.datasets()[0].data!.toString(), "new line\n");
});

test("block id validation: base64, ≤64 decoded bytes, equal length, URL-encoding", async () => {
  const { c, id } = await blockDataset();
  const put = (blockid: string) => c.put(`/datasets/${id}/blocks`, Buffer.from("x"), { blockid });
  assert.equal((await put("not base64!")).status, 400);
  assert.equal((await put(Buffer.alloc(65).toString("base64"))).status, 400);
  assert.equal((await put(Buffer.alloc(64, 1).toString("base64"))).status, 201);
  const r = await put(b64(1));
  assert.equal(r.status, 400);
  assert.equal(r.json.code, "InvalidArgument");
  assert.match(r.json.message, /same length/);
  // '+' must be URL-encoded: a raw '+' arrives as a space and is rejected
  const { c: c2, id: id2 } = await blockDataset();
  const raw = await send("PUT", `${emu.url}/speechtotext/datasets/${id2}/blocks?api-version=2025-10-15&blockid=A+A=`,
    { key: emu.key, body: Buffer.from("x"), headers: { "Content-Type": "application/octet-stream" } });
  assert.equal(raw.status, 400);
  assert.equal((await c2.put(`/datasets/${id2}/blocks`, Buffer.from("x"), { blockid: "A+A=" })).status, 201);
});

test("blocks larger than 8 MiB are rejected", async () => {
  const { c, id } = await blockDataset();
  const r = await c.put(`/datasets/${id}/blocks`, Buffer.alloc(8 * 1024 * 1024 + 1), { blockid: b64(0) });
  assert.equal(r.status, 400);
  assert.equal(r.json.code, "InvalidArgument");
  assert.equal((await c.put(`/datasets/${id}/blocks`, Buffer.alloc(8 * 1024 * 1024, 65), { blockid: b64(0) })).status, 201);
});

test("commit with unknown id -> 400; second commit and blocks on contentUrl datasets -> 409", async () => {
  const { c, id } = await blockDataset();
  await c.put(`/datasets/${id}/blocks`, Buffer.from("a line\n"), { blockid: b64(0) });
  const unknown = await c.post(`/datasets/${id}/blocks:commit`, [{ kind: "Uncommitted", id: b64(9) }]);
  assert.equal(unknown.status, 400);
  assert.equal((await c.post(`/datasets/${id}/blocks:commit`, [{ kind: "Weird", id: b64(0) }])).status, 400);
  assert.equal((await c.post(`/datasets/${id}/blocks:commit`, [])).status, 400);
  assert.equal(emu.datasets()[0].committed, false);
  assert.equal((await c.post(`/datasets/${id}/blocks:commit`, [{ kind: "Uncommitted", id: b64(0) }])).status, 200);
  const again = await c.post(`/datasets/${id}/blocks:commit`, [{ kind: "Committed", id: b64(0) }]);
  assert.equal(again.status, 409);
  assert.equal(again.json.code, "Conflict");
  assert.equal((await c.put(`/datasets/${id}/blocks`, Buffer.from("y"), { blockid: b64(1) })).status, 409);

  const url = await c.post("/datasets", { displayName: "u", kind: "Language", locale: "en-US", contentUrl: "https://example.com/x.txt" });
  const uid = idOf(url.json.self);
  assert.equal(url.json.links.uploadBlocks, undefined);
  assert.equal((await c.put(`/datasets/${uid}/blocks`, Buffer.from("y"), { blockid: b64(0) })).status, 409);
  assert.equal((await c.post(`/datasets/${uid}/blocks:commit`, [{ kind: "Uncommitted", id: b64(0) }])).status, 409);
});

test("a dataset waiting for blocks stays NotStarted", async () => {
  const { c, id } = await blockDataset("2024-11-15");
  await new Promise((r) => setTimeout(r, 80));
  const g = await c.get(`/datasets/${id}`);
  assert.equal(g.json.status, "NotStarted");
  assert.equal(g.headers["retry-after"], "1");
});
