/**
 * Quickstart: one custom speech dataset (plain-text related sentences, en-US) from a URL.
 *
 * The connection comes from stack config, so the same program runs against the local emulator or Azure:
 *   emulator: pulumi config set speech:endpoint http://127.0.0.1:5000
 *             pulumi config set --secret speech:key local-key
 *   Azure:    pulumi config set speech:region westeurope        (or speech:endpoint https://<name>.cognitiveservices.azure.com)
 *             pulumi config set --secret speech:key <key of the Speech resource>
 * Optional:   pulumi config set contentUrl <another public or SAS URL>
 */
import * as pulumi from "@pulumi/pulumi";
import { Dataset } from "pulumi-custom-speech";

const config = new pulumi.Config();

const phrases = new Dataset("related-text", {
    kind: "Language",
    locale: "en-US",
    displayName: "Quickstart related text",
    description: "Sentences of the domain, one a line",
    // Project-level default in Pulumi.yaml: Microsoft's public sample file.
    contentUrl: config.require("contentUrl"),
});

export const datasetId = phrases.datasetId;
export const status = phrases.status;
export const acceptedLineCount = phrases.properties.apply((p) => p?.acceptedLineCount);
