import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { makeWav, startEmulator, type Emulator } from "../../emulator/index.js";
import { client, fileServer, idOf, send, waitTerminal, zip } from "./helpers.js";

let emu: Emulator;
let files: Awaited<ReturnType<typeof fileServer>>;
const fixtures: Record<string, Buffer | string> = {};
before(async () => {
  emu = await startEmulator({ processingStepMs: 30 });
  fixtures["/lang.txt"] = "\uFEFFhello world\nsee https://example.com now\n\nyeah yeah yeah yeah\nfine line\n";
  fixtures["/latin1.txt"] = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
  fixtures["/pron.txt"] = "IEEE\ti triple e\nno tab here\n";
  fixtures["/acoustic.zip"] = await zip({ "a.wav": makeWav(1500), "b.wav": makeWav(2500), "trans.txt": "a.wav\thello there\nb.wav\tgood bye\nc.wav\tmissing audio\n" });
  fixtures["/notrans.zip"] = await zip({ "a.wav": makeWav(1000) });
  fixtures["/audio.zip"] = await zip({ "x.wav": makeWav(1000), "y.wav": makeWav(3000) });
  fixtures["/noaudio.zip"] = await zip({ "readme.md": "nothing" });
  fixtures["/of.md"] = "// comment\n#rewrite\nfoo\tbar\nbroken\n# test\nin\tout\n#profanity\nbad, word\n";
  files = await fileServer(fixtures);
});
after(async () => { await emu.close(); await files.close(); });
beforeEach(() => emu.reset());

async function importUrl(kind: string, url: string, v: "v3.2" | "2024-11-15" | "2025-10-15" = "2025-10-15") {
  const c = client(emu, v);
  const r = await c.post("/datasets", { displayName: "p", kind, locale: "en-US", contentUrl: url });
  assert.equal(r.status, 201);
  return { c, id: idOf(r.json.self), done: await waitTerminal(c, idOf(r.json.self)) };
}

test("status walks NotStarted -> Running -> Succeeded with lastActionDateTime moving at each step (manual clock)", async () => {
  let now = Date.parse("2025-01-01T00:00:00Z");
  const timed = await startEmulator({ processingStepMs: 1000, clock: () => now });
  try {
    const c = client(timed, "2025-10-15");
    const r = await c.post("/datasets", { displayName: "p", kind: "Language", locale: "en-US", contentUrl: `${files.url}/lang.txt` });
    assert.equal(r.json.createdDateTime, "2025-01-01T00:00:00.000Z");
    const id = idOf(r.json.self);
    const at = async () => {
      const g = await c.get(`/datasets/${id}`);
      return [g.json.status, g.json.lastActionDateTime, g.headers["retry-after"]];
    };
    assert.deepEqual(await at(), ["NotStarted", "2025-01-01T00:00:00.000Z", "1"]);
    now += 999;
    assert.deepEqual(await at(), ["NotStarted", "2025-01-01T00:00:00.000Z", "1"]);
    now += 1;
    assert.deepEqual(await at(), ["Running", "2025-01-01T00:00:01.000Z", "1"]);
    now += 1000;
    assert.deepEqual(await at(), ["Succeeded", "2025-01-01T00:00:02.000Z", undefined]);
    now += 60_000;
    assert.deepEqual(await at(), ["Succeeded", "2025-01-01T00:00:02.000Z", undefined]);
    assert.equal(timed.datasets()[0].status, "Succeeded");
  } finally {
    await timed.close();
  }
});

test("Language from a loopback URL: URIs and repetitions are rejected, partial rejection still succeeds", async () => {
  const { done, id } = await importUrl("Language", `${files.url}/lang.txt`);
  assert.equal(done.status, "Succeeded");
  assert.equal(done.properties.acceptedLineCount, 2);
  assert.equal(done.properties.rejectedLineCount, 2);
  assert.equal(emu.datasets().find((d) => d.id === id)!.data!.length, Buffer.byteLength(fixtures["/lang.txt"] as string));
});

test("invalid UTF-8 fails with NoUtf8WithBom", async () => {
  const { done } = await importUrl("Language", `${files.url}/latin1.txt`);
  assert.equal(done.status, "Failed");
  assert.equal(done.properties.error.code, "NoUtf8WithBom");
});

test("Pronunciation lines need a TAB", async () => {
  const { done } = await importUrl("Pronunciation", `${files.url}/pron.txt`);
  assert.equal(done.status, "Succeeded");
  assert.deepEqual([done.properties.acceptedLineCount, done.properties.rejectedLineCount], [1, 1]);
});

test("OutputFormatting sections: rewrite/test need a TAB, profanity forbids punctuation", async () => {
  const { done } = await importUrl("OutputFormatting", `${files.url}/of.md`);
  assert.equal(done.status, "Succeeded");
  assert.deepEqual([done.properties.acceptedLineCount, done.properties.rejectedLineCount], [2, 2]);
});

test("Acoustic zip: lines naming missing audio are rejected; duration from WAV headers in both renderings", async () => {
  const { done, id } = await importUrl("Acoustic", `${files.url}/acoustic.zip`);
  assert.equal(done.status, "Succeeded");
  assert.deepEqual([done.properties.acceptedLineCount, done.properties.rejectedLineCount], [2, 1]);
  assert.equal(done.properties.durationMilliseconds, 4000);
  const v32 = (await client(emu, "v3.2").get(`/datasets/${id}`)).json;
  assert.equal(v32.properties.duration, "PT4S");
  const list = (await client(emu, "2025-10-15").get(`/datasets/${id}/files`)).json.values;
  assert.deepEqual(list.map((f: any) => f.kind).sort(), ["AcousticDataArchive", "DatasetReport"]);
});

test("Acoustic zip without a transcription file fails with InvalidDataset", async () => {
  const { done } = await importUrl("Acoustic", `${files.url}/notrans.zip`);
  assert.equal(done.status, "Failed");
  assert.equal(done.properties.error.code, "InvalidDataset");
  assert.match(done.properties.error.message, /transcription file is missing/);
});

test("AudioFiles: each WAV becomes an Audio file; a zip without WAVs fails", async () => {
  const { done, c, id } = await importUrl("AudioFiles", `${files.url}/audio.zip`, "v3.2");
  assert.equal(done.status, "Succeeded");
  assert.equal(done.properties.duration, "PT4S");
  const list = (await c.get(`/datasets/${id}/files`, { filter: "kind eq 'Audio'" })).json.values;
  assert.deepEqual(list.map((f: any) => [f.name, f.properties.duration]).sort(), [["x.wav", "PT1S"], ["y.wav", "PT3S"]]);
  const bad = await importUrl("AudioFiles", `${files.url}/noaudio.zip`);
  assert.equal(bad.done.status, "Failed");
});

test("unreachable loopback URL and .invalid hosts fail with DataImportFailed", async () => {
  const missing = await importUrl("Language", `${files.url}/does-not-exist.txt`);
  assert.equal(missing.done.status, "Failed");
  assert.equal(missing.done.properties.error.code, "DataImportFailed");
  const invalid = await importUrl("Language", "https://storage.example.invalid/data.txt");
  assert.equal(invalid.done.properties.error.code, "DataImportFailed");
  assert.match(invalid.done.properties.error.message, /could not be downloaded/);
});

test("non-loopback hosts are not fetched and succeed with counts deterministic from the URL", async () => {
  const a = await importUrl("Language", "https://contoso.blob.core.windows.net/c/data.txt");
  const b = await importUrl("Language", "https://contoso.blob.core.windows.net/c/data.txt");
  assert.equal(a.done.status, "Succeeded");
  assert.ok(a.done.properties.acceptedLineCount > 0);
  assert.equal(a.done.properties.acceptedLineCount, b.done.properties.acceptedLineCount);
  assert.equal(emu.datasets().find((d) => d.id === a.id)!.data, undefined);
});

test("files: report.json served through links.contentUrl; GetFile; sas parameters; tampered URL refused", async () => {
  const { c, id } = await importUrl("Language", `${files.url}/lang.txt`, "2024-11-15");
  const list = await c.get(`/datasets/${id}/files`, { sasLifetimeMinutes: "5" });
  assert.equal(list.status, 200);
  const report = list.json.values.find((f: any) => f.kind === "DatasetReport");
  assert.equal(report.name, "report.json");
  assert.ok(report.self.endsWith("?api-version=2024-11-15"));
  const content = await send("GET", report.links.contentUrl);
  assert.equal(content.status, 200);
  assert.equal(content.raw.length, report.properties.size);
  assert.equal(content.json.acceptedLineCount, 2);
  const data = list.json.values.find((f: any) => f.kind === "LanguageData");
  assert.equal((await send("GET", data.links.contentUrl)).raw.toString(), fixtures["/lang.txt"]);
  const one = await c.get(`/datasets/${id}/files/${idOf(report.self)}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.name, "report.json");
  assert.equal((await send("GET", report.links.contentUrl.replace(/sig=[^&]+/, "sig=forged"))).status, 403);
  assert.equal((await c.get(`/datasets/${id}/files/00000000-0000-4000-8000-000000000000`)).status, 404);
  const v32 = await client(emu, "v3.2").get(`/datasets/${id}/files`, { sasValidityInSeconds: "60", filter: "kind eq 'DatasetReport'" });
  assert.equal(v32.json.values.length, 1);
});
