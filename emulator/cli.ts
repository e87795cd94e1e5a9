#!/usr/bin/env node
/**
 * Run the emulator from the command line:
 *   node dist/emulator/cli.js --port 5000 --key K [--step-ms N] [--host H] [--max-datasets N] [--page-size N]
 * The key may also come from SPEECH_EMULATOR_KEY; it is never printed. Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "./index.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "5000" },
      key: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      "step-ms": { type: "string" },
      "max-datasets": { type: "string" },
      "page-size": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write("usage: cli.js --port N --key K [--step-ms N] [--host H] [--max-datasets N] [--page-size N]\n");
    return;
  }
  const num = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
    return n;
  };
  const keySource = values.key ? "from --key" : process.env.SPEECH_EMULATOR_KEY ? "from SPEECH_EMULATOR_KEY" : "default";
  const emu = await startEmulator({
    port: num("port", values.port),
    host: values.host,
    key: values.key ?? process.env.SPEECH_EMULATOR_KEY,
    processingStepMs: num("step-ms", values["step-ms"]),
    maxDatasets: num("max-datasets", values["max-datasets"]),
    pageSize: num("page-size", values["page-size"]),
    record: false,
  });
  process.stdout.write(`Speech emulator listening on ${emu.url} (key ${keySource})\n`);
  const stop = () => {
    emu.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e) => {
  process.stderr.write(`speech emulator: ${(e as Error).message}\n`);
  process.exit(1);
});
