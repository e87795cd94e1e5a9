/**
 * Datasets from local data (`source`): in check, the data is parsed, validated against the kind's
 * documented format and hashed (the hash goes in state, so unchanged data causes no diff and changed
 * data replaces the dataset); in create, it is uploaded in blocks and committed.
 */
import { OperationContext } from "../client/errors";
import { SpeechClient } from "../client/speech-client";
import { DEFAULT_UPLOAD_CONCURRENCY, MAX_UPLOAD_CONCURRENCY, uploadBlocks } from "../client/upload";
import {
    checkBlockCount,
    DEFAULT_BLOCK_SIZE,
    formatProblems,
    hashSource,
    isDataError,
    openSource,
    parseSourceWire,
    SourceSpec,
    validateBlockSize,
    validateData,
} from "../data";
import { UNKNOWN } from "./context";
import { Failures, show } from "./validate";

type Props = Record<string, any>;

export function hasSource(source: unknown): boolean {
    return source !== undefined && source !== null;
}

/** The Pulumi project directory: the provider host runs there, and asset paths are relative to it. */
function cwd(): string {
    return process.cwd();
}

/** Validates `source` and the upload options, and records `sourceHash` / `sourceSize` in the inputs. */
export async function checkSource(f: Failures, inputs: Props): Promise<void> {
    /** The block size the upload will use; undefined while unknown (preview) or invalid (reported). */
    let blockSize: number | undefined = DEFAULT_BLOCK_SIZE;
    if (inputs.blockSizeInBytes === UNKNOWN) blockSize = undefined;
    else if (inputs.blockSizeInBytes !== undefined) {
        try {
            blockSize = validateBlockSize(inputs.blockSizeInBytes, "blockSizeInBytes");
        } catch (e) {
            if (!isDataError(e)) throw e;
            f.add(e.property, e.reason);
            blockSize = undefined;
        }
    }
    const c = inputs.uploadConcurrency;
    if (c !== undefined && c !== UNKNOWN && (typeof c !== "number" || !Number.isInteger(c) || c < 1 || c > MAX_UPLOAD_CONCURRENCY)) {
        f.add("uploadConcurrency", `must be a whole number from 1 to ${MAX_UPLOAD_CONCURRENCY}, got ${show(c)}`);
    }
    let spec: SourceSpec | "unknown";
    try {
        spec = parseSourceWire(inputs.source, "source");
    } catch (e) {
        if (!isDataError(e)) throw e;
        return f.add(e.property, e.reason);
    }
    if (spec === "unknown") return;
    if (typeof inputs.kind === "string" && inputs.kind !== UNKNOWN && typeof inputs.locale === "string" && inputs.locale !== UNKNOWN) {
        const problems = await validateData(inputs.kind, inputs.locale, spec, { cwd: cwd() });
        for (const message of formatProblems("source", problems)) f.add("source", message.replace(/^source: /, ""));
        if (problems.length) return;
    }
    try {
        const { sha256, size } = await hashSource(spec, { cwd: cwd(), property: "source" });
        inputs.sourceHash = sha256;
        inputs.sourceSize = size;
        // The data must fit in the blocks a dataset can hold: said now, not after the 50,001st PUT.
        if (blockSize !== undefined) checkBlockCount(size, blockSize, "blockSizeInBytes");
    } catch (e) {
        if (!isDataError(e)) throw e;
        f.add(e.property, e.reason);
    }
}

/** `source` replaces the dataset when its content hash changes (or is unknown during preview). */
export function sourceReplaces(olds: Props, news: Props): string[] {
    if (!hasSource(olds.source) && !hasSource(news.source)) return [];
    if (news.source === UNKNOWN || news.sourceHash === undefined) return ["source"];
    return olds.sourceHash === news.sourceHash ? [] : ["source"];
}

/** Uploads the source as blocks (resuming from what the service holds) and commits. */
export async function uploadSource(client: SpeechClient, id: string, inputs: Props, ctx: OperationContext): Promise<void> {
    const spec = parseSourceWire(inputs.source, "source");
    if (spec === "unknown") throw new Error("source is unknown at create time");
    const opened = await openSource(spec, { cwd: cwd(), property: "source" });
    await uploadBlocks(client, id, opened.stream(), {
        blockSizeInBytes: typeof inputs.blockSizeInBytes === "number" ? inputs.blockSizeInBytes : DEFAULT_BLOCK_SIZE,
        sizeInBytes: opened.size ?? (typeof inputs.sourceSize === "number" ? inputs.sourceSize : undefined),
        concurrency: typeof inputs.uploadConcurrency === "number" ? inputs.uploadConcurrency : DEFAULT_UPLOAD_CONCURRENCY,
        expectedSha256: typeof inputs.sourceHash === "string" ? inputs.sourceHash : undefined,
        context: { ...ctx, action: `uploading data of` },
    });
}
