/**
 * Running the example programs in tests: compile examples/<name>/index.ts to CommonJS under
 * dist/tests/examples/.programs/<name>/ (inside this package, so `require("pulumi-custom-speech")`
 * resolves by package self-reference to this build, and @pulumi/* to the repository's node_modules),
 * then load it under pulumi.runtime.setMocks with mocks that play the azure-native provider.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import ts from "typescript";
import { captureRegistrations, CaptureOptions, Registration } from "../support/host";

export const REPO = path.resolve(__dirname, "..", "..", "..");
export const EXAMPLES = ["quickstart", "local-data", "azure-end-to-end"] as const;
export type ExampleName = (typeof EXAMPLES)[number];

export const DATASET_TYPE = "pulumi-nodejs:dynamic/speech:Dataset";
export const PROJECT_TYPE = "pulumi-nodejs:dynamic/speech:Project";

/** Transpiles an example's index.ts (types are checked separately) and returns the .js path. */
export function compileExample(name: ExampleName): string {
    const src = path.join(REPO, "examples", name, "index.ts");
    const out = ts.transpileModule(readFileSync(src, "utf8"), {
        fileName: src,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, sourceMap: false },
    });
    const dir = path.join(REPO, "dist", "tests", "examples", ".programs", name);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "index.js");
    writeFileSync(file, out.outputText);
    return file;
}

export interface ProgramRun {
    registrations: Registration[];
    /** The module's exports: the stack outputs. */
    exports: Record<string, unknown>;
    /** Invokes seen by the mocks. */
    calls: pulumi.runtime.MockCallArgs[];
}

/** Loads a compiled program (fresh, not from the require cache) under mocks and captures what it registers. */
export async function runProgram(file: string, opts: CaptureOptions = {}): Promise<ProgramRun> {
    const calls: pulumi.runtime.MockCallArgs[] = [];
    let exports: Record<string, unknown> = {};
    const registrations = await captureRegistrations(
        () => {
            delete require.cache[require.resolve(file)];
            exports = require(file);
        },
        {
            newResource: opts.newResource ?? azureMockResource,
            call: async (args) => {
                calls.push(args);
                return (opts.call ?? azureMockCall)(args);
            },
            ...withoutMocks(opts),
        },
    );
    return { registrations, exports, calls };
}

function withoutMocks(o: CaptureOptions): CaptureOptions {
    const { newResource: _n, call: _c, ...rest } = o;
    return rest;
}

export const MOCK = {
    resourceGroup: "speech-rg",
    account: "speechacct",
    storage: "speechdata1234",
    container: "data",
    key1: "mock-key-one-0123456789abcdef",
    key2: "mock-key-two-0123456789abcdef",
};

/** What azure-native (and the dynamic providers) would return on create, enough for the examples' wiring. */
export function azureMockResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
    const i = args.inputs;
    switch (args.type) {
        case "azure-native:resources:ResourceGroup":
            return { id: `/subscriptions/sub/resourceGroups/${MOCK.resourceGroup}`, state: { ...i, name: MOCK.resourceGroup } };
        case "azure-native:cognitiveservices:Account":
            return {
                id: `/subscriptions/sub/resourceGroups/${MOCK.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${MOCK.account}`,
                state: { ...i, name: MOCK.account, properties: { ...i.properties, endpoint: `https://${i.properties?.customSubDomainName}.cognitiveservices.azure.com/` } },
            };
        case "azure-native:storage:StorageAccount":
            return { id: `storage-${MOCK.storage}`, state: { ...i, name: MOCK.storage } };
        case "azure-native:storage:BlobContainer":
            return { id: `container-${MOCK.container}`, state: { ...i, name: MOCK.container } };
        case "azure-native:storage:Blob":
            return {
                id: `blob-${i.blobName}`,
                state: { ...i, name: i.blobName, url: `https://${i.accountName}.blob.core.windows.net/${i.containerName}/${i.blobName}` },
            };
        case DATASET_TYPE:
            return { id: `${args.name}-dataset-id`, state: { ...i, datasetId: `${args.name}-dataset-id`, status: "Succeeded", properties: { acceptedLineCount: 5 } } };
        case PROJECT_TYPE:
            return { id: `${args.name}-project-id`, state: { ...i, projectId: `${args.name}-project-id` } };
        default:
            return { id: `${args.name}_id`, state: i };
    }
}

/** Mock SAS token: says which resource it signs, so tests can follow each blob to its dataset. */
export function mockSasToken(canonicalizedResource: string): string {
    return `sv=2022-11-02&sr=b&sp=r&se=2099-01-01T00%3A00%3A00Z&sig=SIG${Buffer.from(canonicalizedResource).toString("hex")}`;
}

export function azureMockCall(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    switch (args.token) {
        case "azure-native:cognitiveservices:listAccountKeys":
            return { key1: MOCK.key1, key2: MOCK.key2 };
        case "azure-native:storage:listStorageAccountServiceSAS":
            return { serviceSasToken: mockSasToken(String(args.inputs.canonicalizedResource)) };
        default:
            throw new Error(`unexpected invoke ${args.token}`);
    }
}

/** Resolves every Output nested in `v` (the stack outputs), and says whether any was secret. */
export async function resolveOutputs(v: unknown): Promise<{ value: unknown; secret: boolean }> {
    const o = pulumi.output(v) as pulumi.Output<unknown>;
    const [value, secret] = await Promise.all([
        new Promise<unknown>((resolve) => o.apply((x: unknown) => resolve(x))),
        (o as unknown as { isSecret: Promise<boolean> }).isSecret,
    ]);
    return { value, secret };
}

export function byType(regs: Registration[], type: string): Registration[] {
    return regs.filter((r) => r.type === type);
}

export function one(regs: Registration[], type: string, name: string): Registration {
    const r = regs.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} named ${name}; registered: ${regs.map((x) => `${x.type}/${x.name}`).join(", ")}`);
    return r;
}
