/**
 * Datasets from local data: the provider validates the files, uploads them in blocks and waits for
 * processing. A file becomes a text dataset; a folder becomes a zip (built deterministically, so an
 * unchanged folder never causes a replacement). Change a file and `pulumi up` replaces that dataset.
 *
 * Connection from stack config (speech:endpoint / speech:region and speech:key) or SPEECH_* variables,
 * so it runs against the local emulator (`npm run emulator` in the repository) or Azure.
 */
import * as pulumi from "@pulumi/pulumi";
import { Dataset, Project } from "pulumi-custom-speech";

const locale = "en-US";

const project = new Project("local-data", {
    locale,
    displayName: "Local data example",
    description: "Datasets uploaded from files next to this program",
});

// A plain-text file: sentences of the domain, one a line.
const sentences = new Dataset("sentences", {
    kind: "Language",
    locale,
    project,
    source: new pulumi.asset.FileAsset("data/sentences.txt"),
});

// Spoken forms of words the base model gets wrong (word<TAB>spoken form).
const pronunciation = new Dataset("pronunciation", {
    kind: "Pronunciation",
    locale,
    project,
    source: new pulumi.asset.FileAsset("data/pronunciation.txt"),
});

// A folder of 16 kHz mono 16-bit PCM WAVs plus trans.txt (file<TAB>transcription): zipped and uploaded.
const acoustic = new Dataset("acoustic", {
    kind: "Acoustic",
    locale,
    project,
    source: new pulumi.asset.FileArchive("data/acoustic"),
    customProperties: { purpose: "training" },
});

export const projectId = project.projectId;
export const datasets = {
    sentences: { id: sentences.datasetId, status: sentences.status, sourceHash: sentences.sourceHash },
    pronunciation: { id: pronunciation.datasetId, status: pronunciation.status, sourceHash: pronunciation.sourceHash },
    acoustic: { id: acoustic.datasetId, status: acoustic.status, sourceHash: acoustic.sourceHash },
};
