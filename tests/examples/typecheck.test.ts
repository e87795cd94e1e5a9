/**
 * Each example type-checks with its own tsconfig, as a user's `pulumi up` (ts-node) would compile it,
 * against this package's published types (dist/provider/index.d.ts, mapped as "pulumi-custom-speech"
 * by a tsconfig made for the test: the examples are not npm-installed here) and the repository's
 * @pulumi/pulumi and @pulumi/azure-native.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EXAMPLES, REPO } from "./helpers";

const TSC = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const TYPES = path.join(REPO, "dist", "provider", "index.d.ts");

function tsc(project: string): Promise<{ code: number; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [TSC, "--noEmit", "--pretty", "false", "-p", project], { cwd: REPO });
        let output = "";
        child.stdout.on("data", (b) => (output += b));
        child.stderr.on("data", (b) => (output += b));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? 1, output }));
    });
}

function projectFor(dir: string, example: string, file = path.join(REPO, "examples", example, "index.ts")): string {
    const tsconfig = path.join(dir, `tsconfig.${example}.json`);
    writeFileSync(
        tsconfig,
        JSON.stringify({
            extends: path.join(REPO, "examples", example, "tsconfig.json"),
            compilerOptions: { noEmit: true, baseUrl: REPO, paths: { "pulumi-custom-speech": [TYPES] } },
            files: [file],
        }),
    );
    return tsconfig;
}

test("every example has Pulumi.yaml, package.json (depending on this package), tsconfig.json and index.ts", () => {
    for (const ex of EXAMPLES) {
        const dir = path.join(REPO, "examples", ex);
        for (const f of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"]) assert.ok(existsSync(path.join(dir, f)), `${ex}/${f}`);
        const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
        assert.equal(pkg.dependencies["pulumi-custom-speech"], "file:../..", ex);
        assert.ok(pkg.dependencies["@pulumi/pulumi"], `${ex} depends on @pulumi/pulumi`);
        const src = readFileSync(path.join(dir, "index.ts"), "utf8");
        if (src.includes("@pulumi/azure-native")) assert.ok(pkg.dependencies["@pulumi/azure-native"], `${ex} depends on @pulumi/azure-native`);
        assert.match(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"), /runtime:\s*\n\s+name: nodejs/, `${ex}: a Node.js program`);
    }
});

test("every example type-checks", { timeout: 180_000 }, async () => {
    assert.ok(existsSync(TYPES), "build first (npm run build)");
    const dir = mkdtempSync(path.join(os.tmpdir(), "pcs-typecheck-"));
    try {
        const results = await Promise.all(EXAMPLES.map(async (ex) => ({ ex, ...(await tsc(projectFor(dir, ex))) })));
        for (const r of results) assert.equal(r.code, 0, `${r.ex} does not type-check:\n${r.output}`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test("the type-check catches mistakes (the mapping is not a silent `any`)", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pcs-typecheck-"));
    try {
        const bad = path.join(dir, "index.ts");
        writeFileSync(bad, 'import { Dataset } from "pulumi-custom-speech";\nnew Dataset("d", { kind: "Audio", locale: "en-US" });\n');
        const r = await tsc(projectFor(dir, "quickstart", bad));
        assert.notEqual(r.code, 0);
        assert.match(r.output, /"Audio"/);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
