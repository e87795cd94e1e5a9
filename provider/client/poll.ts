/**
 * Waiting for a dataset to finish processing: poll Datasets_Get until Succeeded or Failed,
 * waiting at least the service's Retry-After, with capped backoff, within a deadline.
 */
import { DeadlineError, OperationContext, ResponseError } from "./errors";
import { DatasetModel } from "./models";
import { sleep } from "./retry";
import { SpeechClient } from "./speech-client";

export interface WaitOptions {
    /** Give up after this long. */
    timeoutInMs: number;
    /** First poll interval when the service sends no Retry-After. */
    initialPollInMs?: number;
    /** Cap of one poll interval. */
    maxPollInMs?: number;
    abortSignal?: AbortSignal;
    context?: OperationContext;
    /** Called after each poll (progress logs). */
    onPoll?: (d: DatasetModel) => void;
}

export const TERMINAL = new Set(["Succeeded", "Failed"]);

export async function waitForDataset(client: SpeechClient, id: string, o: WaitOptions): Promise<DatasetModel> {
    const deadline = Date.now() + o.timeoutInMs;
    const initial = o.initialPollInMs ?? 1000;
    const max = o.maxPollInMs ?? 30_000;
    let interval = initial;
    for (;;) {
        const got = await client.getDataset(id, { abortSignal: o.abortSignal, context: o.context });
        if (!got) {
            throw new ResponseError(`dataset ${id} disappeared while processing (Datasets_Get returned 404); it was deleted outside Pulumi`);
        }
        o.onPoll?.(got.value);
        if (TERMINAL.has(got.value.status)) return got.value;
        const wait = Math.max(got.retryAfterMs ?? 0, interval);
        if (Date.now() + wait > deadline) {
            throw new DeadlineError(
                o.context,
                `dataset ${id} is still ${got.value.status} after ${Math.round(o.timeoutInMs / 1000)}s (the wait bound, processingTimeoutInMs)`,
                `the dataset exists with id ${id}; Pulumi keeps tracking it, and the next pulumi up waits for it again (pulumi refresh records its current status)`,
            );
        }
        await sleep(Math.min(wait, Math.max(0, deadline - Date.now())), o.abortSignal);
        interval = Math.min(max, interval * 2);
    }
}
