/**
 * Datasets from local data (`source`): validation and hashing in check, block upload in create.
 * Filled in with the provider/data module.
 */
import { OperationContext } from "../client/errors";
import { SpeechClient } from "../client/speech-client";
import { Failures } from "./validate";

type Props = Record<string, any>;

export function hasSource(source: unknown): boolean {
    return source !== undefined && source !== null;
}

export async function checkSource(f: Failures, _inputs: Props): Promise<void> {
    f.add("source", "local data is not supported yet");
}

export function sourceReplaces(olds: Props, news: Props): string[] {
    if (!hasSource(olds.source) && !hasSource(news.source)) return [];
    return olds.sourceHash === news.sourceHash && news.sourceHash !== undefined ? [] : ["source"];
}

export async function uploadSource(_client: SpeechClient, _id: string, _inputs: Props, _ctx: OperationContext): Promise<void> {
    throw new Error("local data is not supported yet");
}
