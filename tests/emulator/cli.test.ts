import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { test } from "node:test";
import { send } from "./helpers.js";

test("cli prints one listening line without the key, serves the API, stops on SIGTERM", async () => {
  const cli = join(__dirname, "..", "..", "emulator", "cli.js");
  const child = spawn(process.execPath, [cli, "--port", "0", "--key", "sekrit-key-123", "--step-ms", "5"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    let out = "";
    child.stdout.setEncoding("utf8");
    while (!out.includes("\n")) {
      const [chunk] = await once(child.stdout, "data");
      out += chunk;
    }
    assert.match(out, /^Speech emulator listening on http:\/\/127\.0\.0\.1:\d+ \(key from --key\)\n$/);
    assert.ok(!out.includes("sekrit"));
    const url = /(http:\/\/\S+)/.exec(out)![1];
    assert.equal((await send("GET", `${url}/speechtotext/v3.2/datasets`, { key: "sekrit-key-123" })).status, 200);
    assert.equal((await send("GET", `${url}/speechtotext/v3.2/datasets`, { key: "wrong" })).status, 401);
  } finally {
    child.kill("SIGTERM");
  }
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
});
