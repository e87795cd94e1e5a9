/**
 * Each example program (and the repository's root program) run under pulumi.runtime.setMocks, with
 * mocks playing azure-native: what they declare, and how it is wired (connection, project, data,
 * secrets, stack outputs).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { parseWav } from "../../emulator/wav";
import { byType, compileExample, DATASET_TYPE, MOCK, mockSasToken, one, PROJECT_TYPE, REPO, resolveOutputs, runProgram } from "./helpers";
import { ARCHIVE_SIG, ASSET_SIG, SIG_KEY } from "../support/host";

const SPEECH_CONFIG = { "speech:endpoint": "http://127.0.0.1:5000", "speech:key": "local-key-123456" };

/** Inputs that only the provider needs and that every registration carries. */
function assertConnectionFromConfig(inputs: Record<string, unknown>): void {
    // No connection inputs: the provider resolves them from stack config / environment at call time.
    for (const k of ["endpoint", "region", "key", "apiVersion"]) assert.equal(inputs[k], undefined, `${k} must come from config, not inputs`);
}

/** Nothing in the (plaintext) stack outputs may contain a credential. */
async function assertNoSecretsInOutputs(exportsObj: Record<string, unknown>, secrets: string[]): Promise<void> {
    const { value, secret } = await resolveOutputs(exportsObj);
    const text = JSON.stringify(value);
    assert.equal(secret, false, "stack outputs are plaintext (so they must hold no secrets)");
    for (const s of secrets) assert.ok(!text.includes(s), `stack outputs contain a secret (${s.slice(0, 8)}...)`);
    assert.doesNotMatch(text, /sig=/, "stack outputs contain a SAS signature");
}

test("quickstart: one Language dataset from the configured URL, connection from stack config", async () => {
    const url = "https://example.com/data/related-text.txt";
    const run = await runProgram(compileExample("quickstart"), { config: { ...SPEECH_CONFIG, contentUrl: url }, secretConfigKeys: ["speech:key"] });
    assert.deepEqual(run.registrations.map((r) => `${r.type}/${r.name}`), [`${DATASET_TYPE}/related-text`]);
    const d = run.registrations[0];
    assert.equal(d.inputs.kind, "Language");
    assert.equal(d.inputs.locale, "en-US");
    assert.equal(d.inputs.contentUrl, url);
    assert.ok(d.secretInputs.includes("contentUrl"), "contentUrl is a secret input");
    assertConnectionFromConfig(d.inputs);
    assert.deepEqual(Object.keys(run.exports).sort(), ["acceptedLineCount", "datasetId", "status"]);
    const { value } = await resolveOutputs(run.exports);
    assert.deepEqual(value, { datasetId: "related-text-dataset-id", status: "Succeeded", acceptedLineCount: 5 });
});

test("quickstart: the contentUrl config is required (Pulumi.yaml gives it a default)", async () => {
    await assert.rejects(runProgram(compileExample("quickstart"), { config: SPEECH_CONFIG }), /contentUrl/);
    const yaml = await import("node:fs").then((fs) => fs.readFileSync(path.join(REPO, "examples", "quickstart", "Pulumi.yaml"), "utf8"));
    assert.match(yaml, /contentUrl:\s*\n\s+type: string[\s\S]*default: https:\/\//);
});

test("local-data: a project and three datasets from files and a folder, all in the project", async () => {
    const run = await runProgram(compileExample("local-data"), { config: SPEECH_CONFIG, secretConfigKeys: ["speech:key"] });
    const project = one(run.registrations, PROJECT_TYPE, "local-data");
    assert.equal(project.inputs.locale, "en-US");
    assertConnectionFromConfig(project.inputs);
    const datasets = byType(run.registrations, DATASET_TYPE);
    assert.deepEqual(datasets.map((d) => d.name).sort(), ["acoustic", "pronunciation", "sentences"]);
    const exampleDir = path.join(REPO, "examples", "local-data");
    const expected: Record<string, { kind: string; wire: string; path: string }> = {
        sentences: { kind: "Language", wire: ASSET_SIG, path: "data/sentences.txt" },
        pronunciation: { kind: "Pronunciation", wire: ASSET_SIG, path: "data/pronunciation.txt" },
        acoustic: { kind: "Acoustic", wire: ARCHIVE_SIG, path: "data/acoustic" },
    };
    for (const d of datasets) {
        const e = expected[d.name];
        assert.equal(d.inputs.kind, e.kind, d.name);
        assert.equal(d.inputs.locale, "en-US");
        assert.equal(d.inputs.project, "local-data-project-id", `${d.name} is in the project`);
        assert.equal(d.inputs.projectLocale, "en-US", `${d.name} carries the project's locale for the locale check`);
        assert.equal(d.inputs.contentUrl, undefined);
        assert.equal(d.inputs.source[SIG_KEY], e.wire, `${d.name}: source is a ${e.wire === ASSET_SIG ? "file asset" : "folder archive"}`);
        assert.equal(d.inputs.source.path, e.path);
        assert.ok(existsSync(path.join(exampleDir, e.path)), `${e.path} exists next to the program`);
        assert.ok(d.options.dependencies.some((u: string) => u.endsWith("speech:Project::local-data")), `${d.name} depends on the project`);
        assertConnectionFromConfig(d.inputs);
    }
    await assertNoSecretsInOutputs(run.exports, [SPEECH_CONFIG["speech:key"]]);
});

test("local-data: the committed sample data is tiny and well-formed", () => {
    const dir = path.join(REPO, "examples", "local-data", "data");
    const wavs = ["hello.wav", "goodbye.wav"].map((f) => path.join(dir, "acoustic", f));
    let total = 0;
    for (const f of wavs) {
        const info = parseWav(require("node:fs").readFileSync(f));
        assert.ok(info, `${f} is a WAV`);
        assert.deepEqual([info.audioFormat, info.sampleRate, info.channels, info.bitsPerSample], [1, 16000, 1, 16], `${f}: PCM 16 kHz mono 16-bit`);
        total += statSync(f).size;
    }
    const trans = require("node:fs").readFileSync(path.join(dir, "acoustic", "trans.txt"), "utf8") as string;
    const listed = trans.trim().split("\n").map((l) => l.split("\t")[0]);
    assert.deepEqual(listed.sort(), ["goodbye.wav", "hello.wav"], "trans.txt names each WAV, tab-separated");
    for (const f of ["sentences.txt", "pronunciation.txt", "acoustic/trans.txt"]) total += statSync(path.join(dir, f)).size;
    assert.ok(total < 20 * 1024, `sample data is ${total} bytes`);
});

test("azure-end-to-end: account, storage, blobs, per-blob read-only SAS, project and datasets wired together", async () => {
    const run = await runProgram(compileExample("azure-end-to-end"), { config: { customSubDomainName: "contoso-speech-test" } });
    const regs = run.registrations;

    const account = one(regs, "azure-native:cognitiveservices:Account", "speech");
    assert.equal(account.inputs.kind, "SpeechServices");
    assert.deepEqual(account.inputs.sku, { name: "S0" });
    assert.equal(account.inputs.properties.customSubDomainName, "contoso-speech-test");
    assert.equal(account.inputs.resourceGroupName, MOCK.resourceGroup);

    const storage = one(regs, "azure-native:storage:StorageAccount", "speechdata");
    assert.equal(storage.inputs.allowBlobPublicAccess, false);
    const container = one(regs, "azure-native:storage:BlobContainer", "data");
    assert.equal(container.inputs.publicAccess, "None", "the container is private");

    // The key: listAccountKeys of this account, key1, a secret.
    const keyCalls = run.calls.filter((c) => c.token === "azure-native:cognitiveservices:listAccountKeys");
    assert.equal(keyCalls.length, 1);
    assert.deepEqual(keyCalls[0].inputs, { accountName: MOCK.account, resourceGroupName: MOCK.resourceGroup });

    const project = one(regs, PROJECT_TYPE, "speech");
    assert.equal(project.inputs.endpoint, "https://contoso-speech-test.cognitiveservices.azure.com/");
    assert.equal(project.inputs.key, MOCK.key1);
    assert.ok(project.secretInputs.includes("key"), "the project's key is a secret input");
    assert.equal(project.inputs.locale, "en-US");

    const expectedKinds: Record<string, { kind: string; blob: string; purpose: string }> = {
        "acoustic-training": { kind: "Acoustic", blob: "training/audio-and-trans.zip", purpose: "training" },
        "related-text": { kind: "Language", blob: "training/related-text.txt", purpose: "training" },
        "acoustic-test": { kind: "Acoustic", blob: "testing/audio-and-trans.zip", purpose: "testing" },
        pronunciation: { kind: "Pronunciation", blob: "training/pronunciation.txt", purpose: "training" },
    };
    const datasets = byType(regs, DATASET_TYPE);
    assert.deepEqual(datasets.map((d) => d.name).sort(), Object.keys(expectedKinds).sort());
    const sasCalls = run.calls.filter((c) => c.token === "azure-native:storage:listStorageAccountServiceSAS");
    assert.equal(sasCalls.length, datasets.length, "one SAS per blob");
    for (const d of datasets) {
        const e = expectedKinds[d.name];
        assert.equal(d.inputs.kind, e.kind, d.name);
        assert.equal(d.inputs.locale, "en-US");
        assert.deepEqual(d.inputs.customProperties, { purpose: e.purpose });
        // Connection: from the account.
        assert.equal(d.inputs.endpoint, "https://contoso-speech-test.cognitiveservices.azure.com/", `${d.name}: endpoint is the account's`);
        assert.equal(d.inputs.key, MOCK.key1, `${d.name}: key is the account's key1`);
        assert.ok(d.secretInputs.includes("key"), `${d.name}: key is a secret input`);
        // Project.
        assert.equal(d.inputs.project, "speech-project-id");
        assert.equal(d.inputs.projectLocale, "en-US");
        // Data: the blob, uploaded from local files, read through its own read-only SAS.
        const blob = one(regs, "azure-native:storage:Blob", d.name);
        assert.equal(blob.inputs.blobName, e.blob);
        assert.equal(blob.inputs.containerName, MOCK.container);
        assert.ok([ASSET_SIG, ARCHIVE_SIG].includes(blob.inputs.source[SIG_KEY]), `${d.name}: blob uploaded from local data`);
        const canonical = `/blob/${MOCK.storage}/${MOCK.container}/${e.blob}`;
        const sas = sasCalls.find((c) => c.inputs.canonicalizedResource === canonical);
        assert.ok(sas, `a SAS for ${canonical}`);
        assert.equal(sas.inputs.permissions, "r", "read-only");
        assert.equal(sas.inputs.resource, "b", "one blob");
        assert.equal(sas.inputs.protocols, "https");
        assert.ok(Date.parse(sas.inputs.sharedAccessExpiryTime) > Date.now(), "expires in the future");
        assert.ok(Date.parse(sas.inputs.sharedAccessExpiryTime) < Date.now() + 7 * 86_400_000, "and soon (time-limited)");
        assert.equal(d.inputs.contentUrl, `https://${MOCK.storage}.blob.core.windows.net/${MOCK.container}/${e.blob}?${mockSasToken(canonical)}`);
        assert.ok(d.secretInputs.includes("contentUrl"), `${d.name}: the SAS URL is a secret input`);
        assert.ok(d.options.dependencies.some((u: string) => u.endsWith(`storage:Blob::${d.name}`)), `${d.name} waits for its blob`);
        assert.ok(d.options.dependencies.some((u: string) => u.endsWith("speech:Project::speech")), `${d.name} waits for the project`);
    }
    // The local files the blobs upload exist relative to the program.
    const dir = path.join(REPO, "examples", "azure-end-to-end");
    for (const b of byType(regs, "azure-native:storage:Blob")) {
        const src = b.inputs.source;
        const paths = src.path ? [src.path] : Object.values(src.assets as Record<string, { path: string }>).map((a) => a.path);
        for (const p of paths) assert.ok(existsSync(path.join(dir, p)), `${b.name}: ${p} exists`);
    }
    await assertNoSecretsInOutputs(run.exports, [MOCK.key1, MOCK.key2]);
    const { value } = await resolveOutputs(run.exports);
    assert.deepEqual((value as any).datasetStatus["related-text"], { id: "related-text-dataset-id", status: "Succeeded" });
});

test("azure-end-to-end: the custom subdomain and SAS expiry have working defaults", async () => {
    const run = await runProgram(compileExample("azure-end-to-end"), { project: "speech-e2e", stack: "dev" });
    const account = one(run.registrations, "azure-native:cognitiveservices:Account", "speech");
    assert.equal(account.inputs.properties.customSubDomainName, "speech-e2e-dev");
    const expiries = new Set(run.calls.filter((c) => c.token === "azure-native:storage:listStorageAccountServiceSAS").map((c) => c.inputs.sharedAccessExpiryTime));
    assert.equal(expiries.size, 1);
    assert.match([...expiries][0], /^\d{4}-\d\d-\d\dT00:00:00Z$/, "a whole day, so a rerun on the same day keeps the same URLs");
});

test("root program (Pulumi.yaml main): one dataset, default public URL, overridable by quickstart:contentUrl", async () => {
    const yaml = require("node:fs").readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8") as string;
    const main = /^main:\s*(\S+)/m.exec(yaml)?.[1];
    assert.equal(main, "dist/scripts/quickstart-program.js");
    assert.match(yaml, /^name: pulumi-custom-speech-quickstart$/m);
    const file = path.join(REPO, main!);
    let run = await runProgram(file, { config: SPEECH_CONFIG });
    assert.equal(run.registrations.length, 1);
    const d = run.registrations[0];
    assert.equal(d.type, DATASET_TYPE);
    assert.equal(d.inputs.kind, "Language");
    assert.match(d.inputs.contentUrl, /^https:\/\/raw\.githubusercontent\.com\/Azure-Samples\/.*related-text\.txt$/);
    assertConnectionFromConfig(d.inputs);
    const { value } = await resolveOutputs(run.exports);
    assert.deepEqual(value, { datasetId: "quickstart-related-text-dataset-id", status: "Succeeded", acceptedLineCount: 5 });

    run = await runProgram(file, { config: { ...SPEECH_CONFIG, "quickstart:contentUrl": "https://example.com/mine.txt" } });
    assert.equal(run.registrations[0].inputs.contentUrl, "https://example.com/mine.txt");
});
