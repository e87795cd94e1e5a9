import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { startEmulator, type Emulator, type FaultOptions } from "../../emulator/index.js";
import { client, send } from "./helpers.js";

let emu: Emulator;
before(async () => { emu = await startEmulator(); });
after(() => emu.close());
beforeEach(() => { emu.setFaults(undefined); emu.reset(); });

const ds = { displayName: "f", kind: "Language", locale: "en-US" };
const tryGet = (c: ReturnType<typeof client>) => c.get("/datasets").then((r) => r.status, (e: NodeJS.ErrnoException) => e.code ?? "error");

test("the same seed injects the same faults in the same order", async () => {
  const opts: FaultOptions = { seed: 42, rate429: 0.2, rate500: 0.2, rate503: 0.2 };
  const run = async () => {
    emu.reset();
    emu.setFaults(opts);
    const c = client(emu, "v3.2");
    const out: (number | string)[] = [];
    for (let i = 0; i < 30; i++) out.push(await tryGet(c));
    return { statuses: out, faults: emu.exchanges.map((e) => e.fault ?? "-") };
  };
  const a = await run();
  const b = await run();
  assert.deepEqual(a, b);
  assert.ok(a.statuses.includes(200) && a.statuses.includes(429) && a.statuses.includes(500) && a.statuses.includes(503), a.statuses.join(","));
  emu.setFaults({ ...opts, seed: 7 });
  const c = client(emu, "v3.2");
  const other: (number | string)[] = [];
  for (let i = 0; i < 30; i++) other.push(await tryGet(c));
  assert.notDeepEqual(other, a.statuses);
});

test("429 carries Retry-After and the TooManyRequests Error body; 500/503 use their codes", async () => {
  const c = client(emu, "2025-10-15");
  emu.setFaults({ rate429: 1, retryAfterSeconds: 7 });
  const r = await c.post("/datasets", ds);
  assert.equal(r.status, 429);
  assert.equal(r.headers["retry-after"], "7");
  assert.equal(r.json.code, "TooManyRequests");
  emu.setFaults({ rate500: 1 });
  const r500 = await c.post("/datasets", ds);
  assert.deepEqual([r500.status, r500.json.code], [500, "InternalServerError"]);
  emu.setFaults({ rate503: 1 });
  const r503 = await c.post("/datasets", ds);
  assert.deepEqual([r503.status, r503.json.code], [503, "ServiceUnavailable"]);
  assert.equal(emu.datasets().length, 0, "failed requests must not act");
  assert.equal(emu.faultCounts()["503"], 1);
});

test("connection reset before acting: the client sees a socket error and nothing is created", async () => {
  emu.setFaults({ rateReset: 1 });
  await assert.rejects(client(emu, "v3.2").post("/datasets", ds), (e: NodeJS.ErrnoException) => /ECONNRESET|socket hang up/.test(`${e.code} ${e.message}`));
  assert.equal(emu.datasets().length, 0);
  assert.equal(emu.exchanges.at(-1)!.fault, "reset");
  assert.equal(emu.faultCounts().reset, 1);
});

test("lost response after acting: the client sees a socket error but the dataset IS created", async () => {
  emu.setFaults({ rateLostResponse: 1 });
  await assert.rejects(client(emu, "2024-11-15").post("/datasets", { ...ds, displayName: "ghost" }));
  assert.equal(emu.datasets().length, 1);
  assert.equal(emu.datasets()[0].displayName, "ghost");
  const ex = emu.exchanges.at(-1)!;
  assert.equal(ex.fault, "lostResponse");
  assert.equal(ex.status, 201);
  emu.setFaults(undefined);
  const list = await client(emu, "2024-11-15").get("/datasets", { filter: "displayName eq 'ghost'" });
  assert.equal(list.json.values.length, 1);
});

test("methods filter limits injection to the listed methods", async () => {
  emu.setFaults({ rate500: 1, methods: ["POST"] });
  const c = client(emu, "v3.2");
  assert.equal((await c.get("/datasets")).status, 200);
  assert.equal((await c.post("/datasets", ds)).status, 500);
  assert.equal((await c.del("/datasets/00000000-0000-4000-8000-000000000000")).status, 204);
});

test("slow responses are delayed but answered normally", async () => {
  emu.setFaults({ rateSlow: 1, slowMs: 20 });
  const r = await client(emu, "v3.2").post("/datasets", ds);
  assert.equal(r.status, 201);
  assert.equal(emu.exchanges.at(-1)!.fault, "slow");
  assert.equal(emu.faultCounts().slow, 1);
});

test("requestsPer10s rate limit: 429 with Retry-After, then allowed again once the window moves (manual clock)", async () => {
  let now = 1_000_000;
  const limited = await startEmulator({ clock: () => now, faults: { requestsPer10s: 3 } });
  try {
    const c = client(limited, "2025-10-15");
    for (let i = 0; i < 3; i++) assert.equal((await c.get("/datasets")).status, 200);
    now += 4000;
    const r = await c.get("/datasets");
    assert.equal(r.status, 429);
    assert.equal(r.json.code, "TooManyRequests");
    assert.equal(r.headers["retry-after"], "6");
    assert.equal(limited.exchanges.at(-1)!.fault, "rateLimit");
    now += 6001;
    assert.equal((await c.get("/datasets")).status, 200);
    assert.equal(limited.faultCounts().rateLimit, 1);
  } finally {
    await limited.close();
  }
});

test("rates outside 0..1 are refused", () => {
  assert.throws(() => emu.setFaults({ rate500: 2 }), RangeError);
});

test("blob downloads are never faulted", async () => {
  emu.setFaults({ rate500: 1 });
  const r = await send("GET", `${emu.url}/blobs/x/y/z?se=1&sig=bad`);
  assert.equal(r.status, 403);
});
