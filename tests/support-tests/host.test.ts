/**
 * Tests of the provider-host harness itself: drives the real
 * @pulumi/pulumi dynamic-provider host over gRPC with a tiny fixture provider.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  ProviderRpcError,
  SIG_KEY,
  ASSET_SIG,
  ARCHIVE_SIG,
  asEngineSends,
  UNKNOWN,
  captureRegistrations,
  makeLinkedProject,
  secretWire,
  startProviderHost,
  unwrapSecrets,
  urnFor,
  type ProviderHost,
  type Registration,
} from "../support/host";
import { MemoryRecord } from "./fixtures/memory-resource";

const repoRoot = path.resolve(__dirname, "../../..");
const TYPE = "pulumi-nodejs:dynamic/test:MemoryRecord";

function tmpFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "host-test-")), "db.json");
}

/** Registers one MemoryRecord and returns its captured registration. */
async function register(args: Record<string, unknown>): Promise<Registration> {
  const regs = await captureRegistrations(
    () => {
      new MemoryRecord("rec", args as any);
    },
    { project: "proj", stack: "dev" },
  );
  assert.equal(regs.length, 1);
  return regs[0];
}

describe("wire helpers", () => {
  it("unwrapSecrets finds nested secrets and urnFor builds engine URNs", () => {
    const { value, secretPaths } = unwrapSecrets({ a: secretWire("x"), b: { c: [1, secretWire({ d: 2 })] } });
    assert.deepEqual(value, { a: "x", b: { c: [1, { d: 2 }] } });
    assert.deepEqual(secretPaths, ["a", "b.c[1]"]);
    assert.equal(urnFor("t:m:R", "n"), "urn:pulumi:stack::project::t:m:R::n");
    assert.equal(urnFor("t:m:R", "n", "dev", "proj"), "urn:pulumi:dev::proj::t:m:R::n");
  });
});

describe("captureRegistrations", () => {
  it("returns the SDK's serialized inputs with __provider, secrets unwrapped and listed", async () => {
    const reg = await register({ file: "/tmp/x.json", value: "v", token: pulumi.secret("s3cr3t") });
    assert.equal(reg.type, TYPE);
    assert.equal(reg.name, "rec");
    assert.equal(reg.custom, true);
    assert.equal(reg.inputs.token, "s3cr3t");
    assert.deepEqual(reg.secretInputs, ["token"]);
    assert.equal(typeof reg.inputs.__provider, "string");
    assert.match(reg.inputs.__provider, /^exports\.handler = __f0;/);
    // A require() inside a method body is emitted verbatim, not captured.
    assert.match(reg.inputs.__provider, /const fs = require\("node:fs"\);/);
  });

  it("captures resources registered later from apply() callbacks, and config", async () => {
    const regs = await captureRegistrations(
      () => {
        const cfg = new pulumi.Config();
        const a = new MemoryRecord("a", { file: "/tmp/x.json", value: cfg.require("v") });
        a.value.apply((v) => new MemoryRecord("b", { file: "/tmp/x.json", value: `${v}-2` }));
      },
      { project: "proj", config: { v: "one" } },
    );
    assert.deepEqual(
      regs.map((r) => [r.name, r.inputs.value]),
      [
        ["a", "one"],
        ["b", "one-2"],
      ],
    );
  });

  it("keeps assets in SDK wire shape; asEngineSends approximates what a provider receives", async () => {
    const regs = await captureRegistrations(() => {
      new MemoryRecord("a", {
        file: "/tmp/x.json",
        value: "v",
        data: new pulumi.asset.FileAsset("./package.json"),
        text: new pulumi.asset.StringAsset("hello"),
        folder: new pulumi.asset.FileArchive("./docs"),
      } as any);
    });
    const { data, text, folder } = regs[0].inputs;
    // The SDK copies the asset object's own marker field onto the wire.
    assert.deepEqual(data, { [SIG_KEY]: ASSET_SIG, __pulumiAsset: true, path: "./package.json" });
    assert.deepEqual(folder, { [SIG_KEY]: ARCHIVE_SIG, __pulumiArchive: true, path: "./docs" });
    const sent = asEngineSends(regs[0].inputs, { cwd: repoRoot });
    const sha = (b: string | Buffer) => createHash("sha256").update(b).digest("hex");
    assert.deepEqual(sent.data, { [SIG_KEY]: ASSET_SIG, path: "./package.json", hash: sha(fs.readFileSync(path.join(repoRoot, "package.json"))) });
    assert.deepEqual(sent.text, { [SIG_KEY]: ASSET_SIG, text: "hello", hash: sha("hello") });
    assert.deepEqual(sent.folder, { [SIG_KEY]: ARCHIVE_SIG, path: "./docs" });
  });
});

describe("provider host over gRPC (cwd = repo)", () => {
  let host: ProviderHost;
  let reg: Registration;
  let file: string;
  const urn = urnFor(TYPE, "rec", "dev", "proj");

  before(async () => {
    file = tmpFile();
    reg = await register({ file, value: "  hello  ", token: pulumi.secret("tok-1"), probe: ["node:path", "./package.json", "pulumi-custom-speech/package.json"] });
    host = await startProviderHost({ cwd: repoRoot, project: "proj" });
  });
  after(async () => {
    await host?.stop();
  });

  it("answers GetPluginInfo and Configure like the real host", async () => {
    assert.equal(await host.pluginInfo(), require("@pulumi/pulumi/package.json").version);
    const res = await host.configure({ greeting: "hi", "other:key": "qualified-value", password: "pw-secret" }, { secretKeys: ["password"] });
    assert.equal(res.acceptSecrets, false);
    assert.equal(res.supportsPreview, false);
  });

  let checked: Record<string, any>;
  let created: { id: string; properties: Record<string, any> };

  it("Check returns normalized inputs (with __provider re-attached) and no failures", async () => {
    const { inputs, failures } = await host.check(urn, {}, reg.inputs);
    assert.deepEqual(failures, []);
    assert.equal(inputs.value, "hello");
    assert.equal(inputs.__provider, reg.inputs.__provider);
    checked = inputs;
  });

  it("Check failures come back as {property, reason}", async () => {
    const { failures } = await host.check(urn, {}, { ...reg.inputs, value: "bad" });
    assert.deepEqual(failures, [{ property: "value", reason: `value must be a string other than "bad"` }]);
  });

  it("unknowns reach the hooks as the sentinel string", async () => {
    const { inputs, failures } = await host.check(urn, {}, { ...reg.inputs, value: UNKNOWN });
    assert.deepEqual(failures, []);
    assert.equal(inputs.value, UNKNOWN);
  });

  it("Create runs the provider with config, cwd and call-time requires", async () => {
    created = await host.create(urn, checked);
    assert.equal(created.id, "rec-1");
    const p = created.properties;
    assert.equal(p.__provider, reg.inputs.__provider);
    assert.equal(p.value, "hello");
    assert.equal(p.token, "tok-1", "secrets are stripped to plain values before the provider sees them");
    assert.equal(p.greeting, "hi", 'config.get("greeting") reads "<PULUMI_NODEJS_PROJECT>:greeting"');
    assert.equal(p.qualified, "qualified-value");
    assert.equal(p.cwd, repoRoot);
    assert.equal(p.resolvedDot, repoRoot);
    assert.equal(p.probes["node:path"], "ok:node:path:object");
    assert.equal(p.probes["./package.json"], `ok:${path.join(repoRoot, "package.json")}:object`, "relative requires resolve against cwd");
    assert.equal(p.probes["pulumi-custom-speech/package.json"], "error:MODULE_NOT_FOUND", "package self-reference does not work from the host");
    assert.ok(JSON.parse(fs.readFileSync(file, "utf8")).records["rec-1"]);
  });

  it("Read returns properties and explicit inputs; a missing record reads as id ''", async () => {
    const r = await host.read(urn, created.id, created.properties);
    assert.equal(r.id, created.id);
    assert.equal(r.properties.value, "hello");
    assert.deepEqual(r.inputs, { file, value: "hello", __provider: reg.inputs.__provider });
    const gone = await host.read(urn, "rec-999", created.properties);
    assert.equal(gone.id, "");
  });

  it("Diff maps changes/replaces/deleteBeforeReplace", async () => {
    assert.deepEqual(await host.diff(urn, created.id, created.properties, checked), {
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await host.diff(urn, created.id, created.properties, { ...checked, value: "new" }), {
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await host.diff(urn, created.id, created.properties, { ...checked, file: "/elsewhere.json" }), {
      changes: "some",
      replaces: ["file"],
      deleteBeforeReplace: true,
    });
  });

  it("Update returns new outputs", async () => {
    const u = await host.update(urn, created.id, created.properties, { ...checked, value: "updated", token: secretWire("tok-2") });
    assert.equal(u.properties.value, "updated");
    assert.equal(u.properties.token, "tok-2");
    assert.equal(u.properties.__provider, reg.inputs.__provider);
    assert.equal(JSON.parse(fs.readFileSync(file, "utf8")).records["rec-1"].value, "updated");
  });

  it("Delete removes the record", async () => {
    await host.delete(urn, created.id, created.properties);
    assert.equal(JSON.parse(fs.readFileSync(file, "utf8")).records["rec-1"], undefined);
  });

  it("an error with id/properties from Create surfaces as ProviderRpcError with initFailed", async () => {
    const err = await host.create(urn, { ...checked, value: "half-create" }).then(
      () => assert.fail("create should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ProviderRpcError);
    assert.equal(err.code, 2);
    assert.equal(err.method, "create");
    assert.equal(err.details, "resource created but never became ready");
    assert.deepEqual(err.initFailed, {
      id: "half-1",
      properties: { value: "half-create", status: "Failed" },
      reasons: ["status stayed Failed"],
    });
  });

  it("errors from other RPCs have no initFailed and are printed on stderr", async () => {
    const err = await host.read(urn, "x", { ...created.properties, file: "/nonexistent/db.json" }).then(
      () => assert.fail("read should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ProviderRpcError);
    assert.equal(err.initFailed, undefined);
    assert.match(err.details, /ENOENT/);
    assert.match(host.stderr(), /ENOENT/);
  });

  it("secrets configured as secrets never show up in output", () => {
    assert.doesNotMatch(host.stdout() + host.stderr(), /pw-secret/);
    assert.match(host.stdout(), new RegExp(`^${host.port}\\n`));
  });
});

describe("provider host lifecycle details", () => {
  it("pulumi.log in a hook goes to stdout by default and to the fake engine with engineLogging", async () => {
    const file = tmpFile();
    const reg = await register({ file, value: "v", logMessage: "hello from the hook" });
    const urn = urnFor(TYPE, "rec");
    for (const engineLogging of [false, true]) {
      const host = await startProviderHost({ cwd: repoRoot, engineLogging });
      try {
        await host.configure({});
        await host.create(urn, reg.inputs);
        if (engineLogging) {
          assert.deepEqual(host.engineLogs(), ["hello from the hook"]);
          assert.equal(host.engineLogEntries()[0].severity, "info");
        } else {
          assert.deepEqual(host.engineLogs(), []);
          assert.match(host.stdout(), /info: \[runtime\] hello from the hook/);
        }
      } finally {
        await host.stop();
      }
    }
  });

  it("an undefined output value makes the host fail with 'Unexpected struct type.'", async () => {
    const file = tmpFile();
    const reg = await register({ file, value: "v", undefinedOut: true });
    const host = await startProviderHost({ cwd: repoRoot });
    try {
      await host.configure({});
      const err = await host.create(urnFor(TYPE, "rec"), reg.inputs).then(
        () => assert.fail("create should fail"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ProviderRpcError);
      assert.equal(err.details, "Unexpected struct type.");
      // ...after the record was already written: a leaked resource, not an init failure.
      assert.ok(JSON.parse(fs.readFileSync(file, "utf8")).records["rec-1"]);
    } finally {
      await host.stop();
    }
  });

  it("a CRUD call before Configure fails when the provider has configure()", async () => {
    const reg = await register({ file: tmpFile(), value: "v" });
    const host = await startProviderHost({ cwd: repoRoot });
    try {
      await assert.rejects(host.check(urnFor(TYPE, "rec"), {}, reg.inputs), ProviderRpcError);
    } finally {
      await host.stop();
    }
  });

  it("stop() is idempotent and the process exits", async () => {
    const host = await startProviderHost({ cwd: repoRoot });
    await Promise.all([host.stop(), host.stop()]);
    await host.stop();
    assert.notEqual(host.exitCode(), null);
  });

  it("package self-reference resolves from a project that has the package in node_modules", async () => {
    const project = await makeLinkedProject({ name: "linked" });
    const file = tmpFile();
    const reg = await register({ file, value: "v", probe: ["pulumi-custom-speech/package.json", "@pulumi/pulumi"] });
    const host = await startProviderHost({ cwd: project.dir, project: "linked" });
    try {
      await host.configure({ greeting: "from-linked" });
      const { properties } = await host.create(urnFor(TYPE, "rec", "stack", "linked"), reg.inputs);
      assert.equal(properties.greeting, "from-linked");
      assert.equal(properties.probes["pulumi-custom-speech/package.json"], `ok:${path.join(repoRoot, "package.json")}:object`);
      assert.match(properties.probes["@pulumi/pulumi"], /^ok:/);
    } finally {
      await host.stop();
      await project.cleanup();
    }
  });
});
