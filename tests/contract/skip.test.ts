/**
 * The reference specs live outside the repo (`<repo>/../shared/reference/azure-speech-stt`, or
 * SPEECH_SWAGGER_DIR). When they are absent, contract tests must skip with a message saying so
 * instead of failing.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { API_VERSIONS, contractSkipReason, loadContract, repoRoot, swaggerDir, versionDir } from "../support/contract";

function withEnv<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env.SPEECH_SWAGGER_DIR;
  if (value === undefined) delete process.env.SPEECH_SWAGGER_DIR;
  else process.env.SPEECH_SWAGGER_DIR = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.SPEECH_SWAGGER_DIR;
    else process.env.SPEECH_SWAGGER_DIR = saved;
  }
}

test("the repo root is found by walking up to package.json named pulumi-custom-speech", () => {
  const root = repoRoot();
  assert.ok(root, "repo root not found");
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string };
  assert.equal(pkg.name, "pulumi-custom-speech");
});

test("absent reference files: swaggerDir() is undefined, tests get a skip reason, loadContract throws", () => {
  const missing = path.join(os.tmpdir(), `no-speech-swagger-${process.pid}`);
  withEnv(missing, () => {
    assert.equal(swaggerDir(), undefined);
    for (const v of API_VERSIONS) assert.equal(versionDir(v), undefined);
    const reason = contractSkipReason();
    assert.ok(reason && /absent/.test(reason) && reason.includes(missing), `reason: ${reason}`);
    assert.match(contractSkipReason("2025-10-15") ?? "", /absent/);
    assert.throws(() => loadContract("2025-10-15"), /absent/);
  });
});

test("a folder with only some versions skips just the missing ones", () => {
  const real = withEnv(undefined, () => swaggerDir());
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "speech-swagger-"));
  try {
    const src = real ? path.join(real, "stable", "2024-11-15", "speechtotext.json") : undefined;
    fs.mkdirSync(path.join(tmp, "stable", "2024-11-15"), { recursive: true });
    fs.writeFileSync(path.join(tmp, "stable", "2024-11-15", "speechtotext.json"),
      src && fs.existsSync(src) ? fs.readFileSync(src) : JSON.stringify({ swagger: "2.0", paths: {} }));
    withEnv(tmp, () => {
      assert.equal(swaggerDir(), tmp);
      assert.equal(contractSkipReason("2024-11-15"), undefined);
      assert.match(contractSkipReason("v3.2") ?? "", /v3\.2 are absent/);
      assert.equal(loadContract("2024-11-15").version, "2024-11-15");
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("without the override, the specs are found beside the repo", { skip: withEnv(undefined, () => contractSkipReason()) }, () => {
  const dir = withEnv(undefined, () => swaggerDir());
  assert.ok(dir);
  assert.equal(path.basename(dir), "azure-speech-stt");
  for (const v of API_VERSIONS) assert.ok(fs.existsSync(path.join(dir, "stable", v, "speechtotext.json")), v);
});
