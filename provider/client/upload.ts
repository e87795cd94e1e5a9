/**
 * Block upload of local data: streamed from disk in fixed-size blocks, several in flight,
 * each block retried on its own (by the HTTP client's policy), resumable from the blocks the
 * service already holds, then committed in order. Memory stays about (concurrency + 1) blocks.
 *
 * What is committed always is the local data:
 * - block ids name the block's position AND its content (`blockIdFor(index, bytes)`), so a resumed
 *   upload reuses a held block only when it holds exactly these bytes at this position, whatever
 *   block size an interrupted earlier run used;
 * - when the service already holds committed blocks (an earlier commit whose reply was lost), the
 *   local data is laid out the same way (streamed and hashed, nothing sent) and compared with them:
 *   equal is done, different is an error (committed data cannot change: the dataset must be replaced);
 * - after a commit, the committed block list is read back and must be exactly what was sent.
 */
import { createHash } from "node:crypto";
import { BLOCK_ID_BYTES, blockIdFor, checkBlockCount, chunk, isDataError, MAX_BLOCK_INDEX, MAX_BLOCK_SIZE } from "../data";
import { describeContext, OperationContext, SpeechError } from "./errors";
import { SpeechClient } from "./speech-client";

export interface UploadBlocksOptions {
    blockSizeInBytes: number;
    /** Blocks uploaded at once. */
    concurrency: number;
    /** SHA-256 the bytes must have (the hash `check` computed); a mismatch stops before commit. */
    expectedSha256?: string;
    /** Bytes the stream yields, when known: the block count is checked before anything is sent. */
    sizeInBytes?: number;
    abortSignal?: AbortSignal;
    context?: OperationContext;
}

export interface UploadBlocksResult {
    /** Block ids in order, as committed. */
    blockIds: string[];
    /** Blocks sent now. */
    uploaded: number;
    /** Blocks the service already held (a resumed upload, or an earlier commit). */
    reused: number;
    bytes: number;
    sha256: string;
    /** True when the service already held exactly these blocks committed: nothing was sent or committed now. */
    alreadyCommitted: boolean;
}

/** A block as the service lists it (`Datasets_GetBlocks`): its id and size. */
export interface BlockListEntry {
    name: string;
    size: number;
}

export const DEFAULT_UPLOAD_CONCURRENCY = 4;
export const MAX_UPLOAD_CONCURRENCY = 16;
/** Length of every block id this provider makes (Base64 of {@link BLOCK_ID_BYTES} bytes). */
export const BLOCK_ID_LENGTH = Math.ceil(BLOCK_ID_BYTES / 3) * 4;

const REPLACE_HINT = "run pulumi up --replace <this resource's URN> (or delete the dataset, run pulumi refresh, then pulumi up) to upload the local data to a new dataset";

function prefix(ctx: OperationContext | undefined): string {
    return ctx ? `${describeContext(ctx)}: ` : "";
}

/** A block id made readable: `b000003-1a2b3c4d…` for this provider's ids, else the id itself. */
function showId(name: string): string {
    if (name.length === BLOCK_ID_LENGTH) {
        const raw = Buffer.from(name, "base64").toString("latin1");
        if (/^b\d{6}-[0-9a-f]{40}$/.test(raw)) return `${raw.slice(0, 20)}…`;
    }
    return name.length > 24 ? `${name.slice(0, 24)}…` : name;
}

/**
 * Compares the service's block list with the expected one: ids, order and sizes.
 * @returns undefined when equal, else what differs first.
 */
export function blockListDifference(actual: readonly BlockListEntry[], expected: readonly BlockListEntry[]): string | undefined {
    const n = Math.min(actual.length, expected.length);
    for (let i = 0; i < n; i++) {
        const a = actual[i]!;
        const e = expected[i]!;
        if (a.name !== e.name || a.size !== e.size) {
            return `block ${i}: the service holds ${showId(a.name)} (${a.size} bytes) where the local data makes ${showId(e.name)} (${e.size} bytes)`;
        }
    }
    if (actual.length !== expected.length) {
        return `the service holds ${actual.length} committed blocks (${sum(actual)} bytes) where the local data makes ${expected.length} (${sum(expected)} bytes)`;
    }
    return undefined;
}

function sum(list: readonly BlockListEntry[]): number {
    return list.reduce((n, b) => n + b.size, 0);
}

/** Uploads `stream` as the dataset's blocks and commits them (or verifies an earlier commit). */
export async function uploadBlocks(
    client: SpeechClient,
    datasetId: string,
    stream: NodeJS.ReadableStream,
    o: UploadBlocksOptions,
): Promise<UploadBlocksResult> {
    const call = { abortSignal: o.abortSignal, context: o.context };
    if (o.sizeInBytes !== undefined) {
        try {
            checkBlockCount(o.sizeInBytes, o.blockSizeInBytes);
        } catch (e) {
            if (!isDataError(e)) throw e;
            throw new SpeechError(`${prefix(o.context)}${e.message}. Nothing was sent.`);
        }
    }
    const held = await client.getBlocks(datasetId, call);
    if (held.committedBlocks.length > 0) return verifyCommitted(datasetId, stream, held.committedBlocks, o);

    const foreign = held.uncommittedBlocks.find((b) => b.name.length !== BLOCK_ID_LENGTH);
    if (foreign) {
        throw new SpeechError(
            `${prefix(o.context)}dataset ${datasetId} holds uncommitted blocks with ids of another length (e.g. "${showId(foreign.name)}"), ` +
                `from an upload by another program or an older version of this provider; the service takes only block ids of one length per dataset, ` +
                `so this dataset cannot take the local data: ${REPLACE_HINT}.`,
        );
    }
    const have = new Map<string, number>();
    for (const b of held.uncommittedBlocks) have.set(b.name, b.size);

    const hash = createHash("sha256");
    const sent: BlockListEntry[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    let uploaded = 0;
    let reused = 0;
    let bytes = 0;
    const concurrency = Math.max(1, Math.min(MAX_UPLOAD_CONCURRENCY, Math.floor(o.concurrency)));

    for await (const block of chunk(stream, o.blockSizeInBytes)) {
        if (failure) break;
        if (block.index > MAX_BLOCK_INDEX) {
            failure = new SpeechError(
                `${prefix(o.context)}blockSizeInBytes: the data is more than ${MAX_BLOCK_INDEX + 1} blocks of ${o.blockSizeInBytes} bytes, more than a dataset can hold; ` +
                    `nothing was committed. Set a larger blockSizeInBytes and run pulumi up again.`,
            );
            break;
        }
        const id = blockIdFor(block.index, block.bytes);
        sent.push({ name: id, size: block.bytes.length });
        hash.update(block.bytes);
        bytes += block.bytes.length;
        // The id names these bytes at this position: a held block with this id and size is this block.
        if (have.get(id) === block.bytes.length) {
            reused++;
            continue;
        }
        const p: Promise<void> = client
            .uploadBlock(datasetId, id, block.bytes, call)
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
    checkExpectedHash(o, sha256, "while it was being uploaded");
    if (sent.length === 0) {
        throw new SpeechError(`${prefix(o.context)}the local data is empty`);
    }
    const blockIds = sent.map((b) => b.name);
    let committed: BlockListEntry[] | undefined;
    try {
        await client.commitBlocks(datasetId, blockIds, call);
    } catch (e) {
        // The commit may have landed with its reply lost (a retry then gets 409 Conflict): look before failing.
        let after: BlockListEntry[];
        try {
            after = (await client.getBlocks(datasetId, call)).committedBlocks;
        } catch {
            throw e;
        }
        if (after.length === 0 || blockListDifference(after, sent) !== undefined) throw e;
        committed = after;
    }
    committed ??= (await client.getBlocks(datasetId, call)).committedBlocks;
    const difference = blockListDifference(committed, sent);
    if (difference !== undefined) {
        throw new SpeechError(
            `${prefix(o.context)}after the commit, dataset ${datasetId} does not hold the blocks that were sent (${difference}); ` +
                `its data is not the local data: ${REPLACE_HINT}.`,
        );
    }
    return { blockIds, uploaded, reused, bytes, sha256, alreadyCommitted: false };
}

function checkExpectedHash(o: UploadBlocksOptions, sha256: string, when: string): void {
    if (o.expectedSha256 && o.expectedSha256 !== sha256) {
        throw new SpeechError(
            `${prefix(o.context)}the local data changed ${when} ` +
                `(sha256 ${sha256.slice(0, 12)}…, expected ${o.expectedSha256.slice(0, 12)}…); nothing was committed. Run pulumi up again.`,
        );
    }
}

/**
 * The service already holds committed blocks (an earlier commit whose reply was lost): lay the
 * local data out in blocks of the committed blocks' size (the earlier run may have used another
 * block size), hash it without sending anything, and require the very same block list.
 */
async function verifyCommitted(
    datasetId: string,
    stream: NodeJS.ReadableStream,
    committed: readonly BlockListEntry[],
    o: UploadBlocksOptions,
): Promise<UploadBlocksResult> {
    const first = committed[0]!.size;
    const layout = Number.isInteger(first) && first >= 1 && first <= MAX_BLOCK_SIZE ? first : o.blockSizeInBytes;
    const hash = createHash("sha256");
    const local: BlockListEntry[] = [];
    let bytes = 0;
    let difference: string | undefined;
    for await (const block of chunk(stream, layout)) {
        if (block.index >= committed.length) {
            difference = `the local data is longer than the ${committed.length} committed blocks (${sum(committed)} bytes)`;
            break;
        }
        const entry = { name: blockIdFor(block.index, block.bytes), size: block.bytes.length };
        local.push(entry);
        hash.update(block.bytes);
        bytes += block.bytes.length;
        difference = blockListDifference([committed[block.index]!], [entry]);
        if (difference !== undefined) {
            difference = difference.replace(/^block 0:/, `block ${block.index}:`);
            break;
        }
    }
    difference ??= blockListDifference(committed, local);
    if (difference !== undefined) {
        throw new SpeechError(
            `${prefix(o.context)}dataset ${datasetId} already holds committed data that is not the local data (${difference}); ` +
                `committed data cannot be changed: ${REPLACE_HINT}.`,
        );
    }
    const sha256 = hash.digest("hex");
    checkExpectedHash(o, sha256, "since it was checked");
    return { blockIds: local.map((b) => b.name), uploaded: 0, reused: local.length, bytes, sha256, alreadyCommitted: true };
}
