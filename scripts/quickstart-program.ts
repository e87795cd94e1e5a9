/**
 * The repository's own Pulumi program (Pulumi.yaml `main: dist/scripts/quickstart-program.js`):
 * one Language dataset from a URL, using this package's build directly, so `npm run up:local`
 * (or `pulumi up` in the repository root) works right after `npm install && npm run build`.
 *
 * Config: speech:endpoint or speech:region, speech:key (secret), optional speech:apiVersion, and
 * quickstart:contentUrl (default: Microsoft's public en-US related-text sample), quickstart:locale.
 * Loading this module declares the resources; its exports are the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { Dataset } from "../provider";

const DEFAULT_CONTENT_URL =
    "https://raw.githubusercontent.com/Azure-Samples/cognitive-services-speech-sdk/master/sampledata/customspeech/en-US/training/related-text.txt";

const config = new pulumi.Config("quickstart");

const dataset = new Dataset("quickstart-related-text", {
    kind: "Language",
    locale: config.get("locale") ?? "en-US",
    displayName: "Quickstart related text",
    contentUrl: config.get("contentUrl") ?? DEFAULT_CONTENT_URL,
});

export const datasetId = dataset.datasetId;
export const status = dataset.status;
export const acceptedLineCount = dataset.properties.apply((p) => p?.acceptedLineCount ?? 0);
