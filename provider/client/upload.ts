/**
 * Block upload of local data: streamed from disk in fixed-size blocks, several in flight,
 * each block retried on its own (by the HTTP client's policy), resumable from the blocks the
 * service already holds, then committed in order. Memory stays about (concurrency + 1) blocks.
 */
import { createHash } from "node:crypto";
import { blockIdFor, chunk } from "../data";
import { OperationContext, SpeechError } from "./errors";
import { SpeechClient } from "./speech-client";

export interface UploadBlocksOptions {
    blockSizeInBytes: number;
    /** Blocks uploaded at once. */
    concurrency: number;
    /** SHA-256 the bytes must have (the hash `check` computed); a mismatch stops before commit. */
    expectedSha256?: string;
    abortSignal?: AbortSignal;
    context?: OperationContext;
}

export interface UploadBlocksResult {
    /** Block ids in order, as committed. */
    blockIds: string[];
    /** Blocks sent now. */
    uploaded: number;
    /** Blocks the service already held (a resumed upload). */
    reused: number;
    bytes: number;
    sha256: string;
}

export const DEFAULT_UPLOAD_CONCURRENCY = 4;
export const MAX_UPLOAD_CONCURRENCY = 16;

/** Uploads `stream` as the dataset's blocks and commits them. */
export async function uploadBlocks(
    client: SpeechClient,
    datasetId: string,
    stream: NodeJS.ReadableStream,
    o: UploadBlocksOptions,
): Promise<UploadBlocksResult> {
    const held = await client.getBlocks(datasetId, { abortSignal: o.abortSignal, context: o.context });
    if (held.committedBlocks.length > 0) {
        // Committed by an earlier run whose response was lost: nothing left to send.
        const ids = held.committedBlocks.map((b) => b.name);
        return { blockIds: ids, uploaded: 0, reused: ids.length, bytes: held.committedBlocks.reduce((n, b) => n + b.size, 0), sha256: "" };
    }
    const have = new Map<string, number>();
    for (const b of [...held.uncommittedBlocks, ...held.committedBlocks]) have.set(b.name, b.size);

    const hash = createHash("sha256");
    const blockIds: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    let uploaded = 0;
    let reused = 0;
    let bytes = 0;
    const concurrency = Math.max(1, Math.min(MAX_UPLOAD_CONCURRENCY, Math.floor(o.concurrency)));

    for await (const block of chunk(stream, o.blockSizeInBytes)) {
        if (failure) break;
        const id = blockIdFor(block.index);
        blockIds.push(id);
        hash.update(block.bytes);
        bytes += block.bytes.length;
        if (have.get(id) === block.bytes.length) {
            reused++;
            continue;
        }
        const p: Promise<void> = client
            .uploadBlock(datasetId, id, block.bytes, { abortSignal: o.abortSignal, context: o.context })
            .then(() => {
                uploaded++;
            })
            .catch((e) => {
                failure ??= e;
            })
            .finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure;

    const sha256 = hash.digest("hex");
    if (o.expectedSha256 && o.expectedSha256 !== sha256) {
        throw new SpeechError(
            `${o.context ? `${o.context.action} ${o.context.resourceType} "${o.context.resourceName}": ` : ""}the local data changed while it was being uploaded ` +
                `(sha256 ${sha256.slice(0, 12)}…, expected ${o.expectedSha256.slice(0, 12)}…); nothing was committed. Run pulumi up again.`,
        );
    }
    if (blockIds.length === 0) {
        throw new SpeechError(`${o.context ? `${o.context.action} ${o.context.resourceType} "${o.context.resourceName}": ` : ""}the local data is empty`);
    }
    await client.commitBlocks(datasetId, blockIds, { abortSignal: o.abortSignal, context: o.context });
    return { blockIds, uploaded, reused, bytes, sha256 };
}
