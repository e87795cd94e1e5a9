/**
 * Waiting for a dataset to finish processing: poll Datasets_Get until Succeeded or Failed,
 * waiting at least the service's Retry-After (capped by maxPollInMs), with capped backoff, within a deadline.
 */
import { DeadlineError, describeContext, OperationContext, ResponseError } from "./errors";
import { DatasetModel, isKnownStatus } from "./models";
import { sleep } from "./retry";
import { SpeechClient } from "./speech-client";

export interface WaitOptions {
    /** Give up after this long. */
    timeoutInMs: number;
    /** First poll interval when the service sends no Retry-After. */
    initialPollInMs?: number;
    /** Cap of one poll interval, the service's Retry-After included. Default DEFAULT_MAX_POLL_IN_MS. */
    maxPollInMs?: number;
    abortSignal?: AbortSignal;
    context?: OperationContext;
    /** Called after each poll (progress logs). */
    onPoll?: (d: DatasetModel) => void;
}

export const DEFAULT_INITIAL_POLL_IN_MS = 1000;
/** Default cap of one poll interval: a Retry-After of hours never becomes a sleep of hours. */
export const DEFAULT_MAX_POLL_IN_MS = 30_000;

export const TERMINAL = new Set(["Succeeded", "Failed"]);

/**
 * Polls until the dataset is Succeeded or Failed (statuses compared in canonical casing, see models.ts).
 * Each wait is max(Retry-After, backoff interval), capped by maxPollInMs and by the time left: a long
 * Retry-After never ends the wait early, the last poll happens when the deadline has really passed.
 * An unknown status ends the wait at once (ResponseError); the deadline ends it with a DeadlineError
 * that states the time really spent.
 */
export async function waitForDataset(client: SpeechClient, id: string, o: WaitOptions): Promise<DatasetModel> {
    const started = Date.now();
    const deadline = started + Math.max(0, o.timeoutInMs);
    const max = positive(o.maxPollInMs) ?? DEFAULT_MAX_POLL_IN_MS;
    let interval = Math.min(max, positive(o.initialPollInMs) ?? DEFAULT_INITIAL_POLL_IN_MS);
    for (let polls = 1; ; polls++) {
        const got = await client.getDataset(id, { abortSignal: o.abortSignal, context: o.context });
        if (!got) {
            throw new ResponseError(`dataset ${id} disappeared while processing (Datasets_Get returned 404); it was deleted outside Pulumi`);
        }
        o.onPoll?.(got.value);
        const status = got.value.status;
        if (TERMINAL.has(status)) return got.value;
        if (!isKnownStatus(status)) {
            throw new ResponseError(
                `${describeContext(o.context)}: dataset ${id} has status ${JSON.stringify(status.slice(0, 100))}, which is none of ` +
                    `NotStarted, Running, Succeeded, Failed (Datasets_Get); stopped waiting. The endpoint may not be a Speech API ` +
                    `or speaks another API version; check apiVersion, and the dataset in Speech Studio`,
            );
        }
        const now = Date.now();
        if (now >= deadline) {
            throw new DeadlineError(
                o.context,
                `dataset ${id} is still ${status} after ${seconds(now - started)} (${polls} polls; the wait bound, processingTimeoutInMs, ` +
                    `is ${seconds(o.timeoutInMs)})`,
                `the dataset exists with id ${id}; Pulumi keeps tracking it, and the next pulumi up waits for it again (pulumi refresh records its current status)`,
            );
        }
        const wait = Math.min(max, Math.max(got.retryAfterMs ?? 0, interval));
        await sleep(Math.min(wait, deadline - now), o.abortSignal);
        interval = Math.min(max, interval * 2);
    }
}

function positive(v: number | undefined): number | undefined {
    return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** "0.3s", "12.5s", "3601s". */
function seconds(ms: number): string {
    const s = Math.max(0, ms) / 1000;
    return s < 100 ? `${Math.round(s * 10) / 10}s` : `${Math.round(s)}s`;
}
