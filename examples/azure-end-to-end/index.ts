/**
 * Everything on Azure, from nothing: a resource group, an Azure AI Speech account, a storage account
 * with a private container holding the training and test data, one read-only SAS URL per blob, a
 * custom speech project, and its datasets.
 *
 *   pulumi config set azure-native:location westeurope          (a region with custom speech)
 *   pulumi config set customSubDomainName <globally-unique-name>  (optional; see below)
 *   pulumi up
 *
 * Secrets: the account key and the SAS URLs are Pulumi secrets (encrypted in state, masked in output);
 * the stack exports only ids and statuses.
 */
import * as pulumi from "@pulumi/pulumi";
import * as azure from "@pulumi/azure-native";
import { Dataset, DatasetKind, Project, speechConnection } from "pulumi-custom-speech";

const config = new pulumi.Config();
const locale = config.get("locale") ?? "en-US";
/** The Speech account's custom subdomain: globally unique; its endpoint is https://<name>.cognitiveservices.azure.com. */
const customSubDomainName = config.get("customSubDomainName") ?? `${pulumi.getProject()}-${pulumi.getStack()}`.toLowerCase();
/**
 * When the SAS URLs expire. The service reads the data only while it processes a dataset, so a short
 * lifetime is enough. The default moves once a day (midnight UTC, two days ahead), so repeated
 * `pulumi up`s on the same day see the same URLs; a fresh SAS for the same blob never replaces a dataset.
 */
const sasExpiry = config.get("sasExpiry") ?? new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");

const rg = new azure.resources.ResourceGroup("speech");

// ---- The Speech account ---------------------------------------------------------------------------

const account = new azure.cognitiveservices.Account("speech", {
    resourceGroupName: rg.name,
    kind: "SpeechServices",
    sku: { name: "S0" },
    properties: {
        customSubDomainName,
        publicNetworkAccess: "Enabled",
    },
});

// endpoint = the account's properties.endpoint; key = listAccountKeys().key1, as a secret.
const connection = speechConnection(account, rg.name);

// ---- The data: a private container, one blob per dataset, one read-only SAS per blob ---------------

const storage = new azure.storage.StorageAccount("speechdata", {
    resourceGroupName: rg.name,
    kind: azure.storage.Kind.StorageV2,
    sku: { name: azure.storage.SkuName.Standard_LRS },
    allowBlobPublicAccess: false,
    minimumTlsVersion: azure.storage.MinimumTlsVersion.TLS1_2,
    enableHttpsTrafficOnly: true,
});

const container = new azure.storage.BlobContainer("data", {
    resourceGroupName: rg.name,
    accountName: storage.name,
    publicAccess: azure.storage.PublicAccess.None,
});

/** Uploads `source` as blob `blobName` and returns a read-only, time-limited SAS URL for it (a secret). */
function uploadWithSas(logicalName: string, blobName: string, source: pulumi.asset.Asset | pulumi.asset.Archive, contentType: string): pulumi.Output<string> {
    const blob = new azure.storage.Blob(logicalName, {
        resourceGroupName: rg.name,
        accountName: storage.name,
        containerName: container.name,
        blobName,
        type: azure.storage.BlobType.Block,
        contentType,
        source,
    });
    const sas = azure.storage.listStorageAccountServiceSASOutput({
        resourceGroupName: rg.name,
        accountName: storage.name,
        canonicalizedResource: pulumi.interpolate`/blob/${storage.name}/${container.name}/${blob.name}`,
        resource: azure.storage.SignedResource.B,
        permissions: azure.storage.Permissions.R,
        protocols: azure.storage.HttpProtocol.Https,
        sharedAccessExpiryTime: sasExpiry,
    });
    return pulumi.secret(pulumi.interpolate`${blob.url}?${sas.serviceSasToken}`);
}

// ---- The project and its datasets -----------------------------------------------------------------

const project = new Project("speech", {
    ...connection,
    locale,
    displayName: "Contoso support calls",
    description: "Managed by Pulumi (examples/azure-end-to-end)",
});

interface DataSpec {
    kind: DatasetKind;
    blobName: string;
    source: pulumi.asset.Asset | pulumi.asset.Archive;
    contentType: string;
    purpose: "training" | "testing";
    description: string;
}

const data: Record<string, DataSpec> = {
    // Audio + human-labeled transcription (a zip of WAVs and trans.txt) to train the acoustic model.
    "acoustic-training": {
        kind: "Acoustic",
        blobName: "training/audio-and-trans.zip",
        source: new pulumi.asset.FileArchive("../local-data/data/acoustic"),
        contentType: "application/zip",
        purpose: "training",
        description: "Audio with human-labeled transcriptions",
    },
    // Plain text: sentences of the domain, one a line.
    "related-text": {
        kind: "Language",
        blobName: "training/related-text.txt",
        source: new pulumi.asset.FileAsset("data/sentences.txt"),
        contentType: "text/plain; charset=utf-8",
        purpose: "training",
        description: "Sentences of the domain",
    },
    // A test set: audio + transcription, to measure the word error rate of base and custom models.
    "acoustic-test": {
        kind: "Acoustic",
        blobName: "testing/audio-and-trans.zip",
        source: new pulumi.asset.AssetArchive({
            "hello.wav": new pulumi.asset.FileAsset("../local-data/data/acoustic/hello.wav"),
            "goodbye.wav": new pulumi.asset.FileAsset("../local-data/data/acoustic/goodbye.wav"),
            "trans.txt": new pulumi.asset.FileAsset("../local-data/data/acoustic/trans.txt"),
        }),
        contentType: "application/zip",
        purpose: "testing",
        description: "Test set: audio with human-labeled transcriptions",
    },
    // Spoken forms of product names (word<TAB>spoken form).
    pronunciation: {
        kind: "Pronunciation",
        blobName: "training/pronunciation.txt",
        source: new pulumi.asset.FileAsset("data/pronunciation.txt"),
        contentType: "text/plain; charset=utf-8",
        purpose: "training",
        description: "Pronunciation of product names",
    },
};

const datasets: Record<string, Dataset> = {};
for (const [name, d] of Object.entries(data)) {
    datasets[name] = new Dataset(name, {
        ...connection,
        project,
        kind: d.kind,
        locale,
        description: d.description,
        contentUrl: uploadWithSas(name, d.blobName, d.source, d.contentType),
        customProperties: { purpose: d.purpose },
    });
}

// Ids and statuses only: no key, no SAS URL.
export const speechEndpoint = connection.endpoint;
export const projectId = project.projectId;
export const datasetStatus = Object.fromEntries(Object.entries(datasets).map(([name, d]) => [name, { id: d.datasetId, status: d.status }]));
