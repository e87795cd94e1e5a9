#!/usr/bin/env node
/**
 * `npm run up:local`: the quickstart against the local Speech emulator, no Azure account needed.
 *
 * 1. starts the emulator (emulator/) on a free port with a random key;
 * 2. uses a file state backend in .pulumi-local/state (PULUMI_BACKEND_URL, so your own `pulumi login`
 *    is left alone) with a fixed local passphrase for secrets;
 * 3. recreates stack `local` (the previous run's emulator and its datasets are gone), sets
 *    speech:endpoint and the secret speech:key, and runs `pulumi up --yes` of the root program
 *    (Pulumi.yaml -> dist/scripts/quickstart-program.js);
 * 4. stops the emulator, unless --keep: then it stays up until Ctrl-C, so you can try
 *    `pulumi refresh`, `pulumi up` again or `pulumi destroy` from another terminal.
 *
 * Without the Pulumi CLI on PATH it explains what to install and the manual route, stops the
 * emulator and exits with status 1.
 *
 * Options: --keep, --step-ms N (emulator processing time per status step, default 500).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator, Emulator } from "../emulator";

const ROOT = path.resolve(__dirname, "..", "..");
const STATE_DIR = path.join(ROOT, ".pulumi-local", "state");
const STACK = "local";
/** Protects only the throw-away local stack's secrets (the random emulator key). */
const LOCAL_PASSPHRASE = "pulumi-custom-speech-local";

/** The first `name` executable on PATH, or undefined. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ""): string | undefined {
    const exts = process.platform === "win32" ? (process.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
    for (const dir of envPath.split(path.delimiter)) {
        if (!dir) continue;
        for (const ext of exts) {
            const candidate = path.join(dir, name + ext);
            try {
                accessSync(candidate, constants.X_OK);
                return candidate;
            } catch {
                /* next */
            }
        }
    }
    return undefined;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: { allowFailure?: boolean; quiet?: boolean; hide?: string } = {}): Promise<number> {
    const shown = args.map((a) => (a === opts.hide ? "<emulator key>" : a)).join(" ");
    if (!opts.quiet) process.stdout.write(`\n$ pulumi ${shown}\n`);
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd: ROOT, env, stdio: opts.quiet ? "ignore" : "inherit" });
        child.on("error", reject);
        child.on("close", (code, signal) => {
            const status = code ?? (signal ? 1 : 0);
            if (status !== 0 && !opts.allowFailure) reject(new Error(`pulumi ${args[0]} failed (exit ${status})`));
            else resolve(status);
        });
    });
}

function manualSteps(emu: { url: string } | undefined): string {
    const url = emu?.url ?? "http://127.0.0.1:5000";
    return [
        "The manual alternative (the same steps by hand, two terminals, in the repository root):",
        "  terminal 1:  npm run build && npm run emulator -- --port 5000 --key local-key",
        "  terminal 2:  pulumi login file://$PWD/.pulumi-local/state   (or export PULUMI_BACKEND_URL=file://$PWD/.pulumi-local/state)",
        "               export PULUMI_CONFIG_PASSPHRASE=local",
        "               pulumi stack select --create local",
        "               pulumi config set speech:endpoint http://127.0.0.1:5000",
        "               pulumi config set --secret speech:key local-key",
        "               pulumi up",
        `(this run's emulator at ${url} is shut down before exiting.)`,
    ].join("\n");
}

async function main(): Promise<number> {
    const { values } = parseArgs({ options: { keep: { type: "boolean", default: false }, "step-ms": { type: "string", default: "500" } } });
    const stepMs = Number(values["step-ms"]);
    const key = randomBytes(18).toString("base64url");
    const emu: Emulator = await startEmulator({ port: 0, key, processingStepMs: Number.isFinite(stepMs) && stepMs >= 0 ? stepMs : 500, record: false });
    process.stdout.write(`Speech emulator listening on ${emu.url} (random key, not printed)\n`);
    let stopped = false;
    const stop = async () => {
        if (stopped) return;
        stopped = true;
        await emu.close();
        process.stdout.write("Speech emulator stopped\n");
    };
    try {
        const pulumi = findOnPath("pulumi");
        if (!pulumi) {
            process.stderr.write(
                [
                    "",
                    "The Pulumi CLI is required for `npm run up:local`, and `pulumi` is not on PATH.",
                    "Install it: https://www.pulumi.com/docs/install/ (e.g. `curl -fsSL https://get.pulumi.com | sh`, `brew install pulumi/tap/pulumi`, or `winget install pulumi`),",
                    "then open a new shell and run `npm run up:local` again.",
                    "",
                    manualSteps(emu),
                    "",
                ].join("\n"),
            );
            return 1;
        }
        mkdirSync(STATE_DIR, { recursive: true });
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            // This package's Node (the `node` devDependency) first, for the language host and the provider.
            PATH: [path.join(ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter),
            PULUMI_BACKEND_URL: `file://${STATE_DIR}`,
            PULUMI_CONFIG_PASSPHRASE: LOCAL_PASSPHRASE,
            PULUMI_CONFIG_PASSPHRASE_FILE: "",
            PULUMI_SKIP_UPDATE_CHECK: "true",
        };
        // Stack config decides the connection: drop SPEECH_* from the environment so it cannot leak in.
        for (const k of ["SPEECH_ENDPOINT", "SPEECH_REGION", "SPEECH_KEY", "SPEECH_API_VERSION"]) delete env[k];
        process.stdout.write(`Pulumi state: ${STATE_DIR} (file backend; your pulumi login is unchanged)\n`);
        // A stack from an earlier run points at an emulator that is gone, with datasets that are gone: start afresh.
        await run(pulumi, ["stack", "rm", STACK, "--yes", "--force"], env, { allowFailure: true, quiet: true });
        await run(pulumi, ["stack", "select", "--create", STACK, "--secrets-provider", "passphrase"], env);
        await run(pulumi, ["config", "set", "--stack", STACK, "speech:endpoint", emu.url], env);
        await run(pulumi, ["config", "set", "--stack", STACK, "--secret", "speech:key", key], env, { hide: key });
        const status = await run(pulumi, ["up", "--yes", "--stack", STACK], env, { allowFailure: true });
        if (status !== 0) return status;
        if (values.keep) {
            process.stdout.write(
                [
                    "",
                    `The emulator keeps running at ${emu.url} until Ctrl-C. In another terminal, in ${ROOT}:`,
                    `  export PULUMI_BACKEND_URL=file://${STATE_DIR} PULUMI_CONFIG_PASSPHRASE=${LOCAL_PASSPHRASE}`,
                    "  pulumi stack output; pulumi refresh; pulumi destroy",
                    "",
                ].join("\n"),
            );
            await new Promise<void>((resolve) => {
                process.once("SIGINT", () => resolve());
                process.once("SIGTERM", () => resolve());
            });
        }
        return 0;
    } finally {
        await stop();
    }
}

if (require.main === module) {
    main().then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            process.stderr.write(`up:local: ${(e as Error).message}\n`);
            process.exitCode = 1;
        },
    );
}
