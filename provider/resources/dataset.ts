/**
 * The `Dataset` resource: an Azure AI Speech custom speech dataset (training or test data).
 */
import * as pulumi from "@pulumi/pulumi";
import type { DatasetProperties } from "../client/models";
import { connectionProps, ConnectionArgs, createTokenFor, datasetProvider, SECRET_OUTPUTS } from "./common";

/** What the data is; decides the format the service expects. It cannot change after creation. */
export type DatasetKind = "Acoustic" | "AudioFiles" | "Language" | "LanguageMarkdown" | "Pronunciation" | "OutputFormatting";

/** The inputs of a {@link Dataset}. */
export interface DatasetArgs extends ConnectionArgs {
    /** What the data is. Changing it replaces the dataset. */
    kind: pulumi.Input<DatasetKind>;
    /** The locale of the data, e.g. `en-US`. Must match the project's. Changing it replaces the dataset. */
    locale: pulumi.Input<string>;
    /** Name shown in Speech Studio / Foundry. Defaults to the resource name. Updated in place. */
    displayName?: pulumi.Input<string>;
    /** Free text. Updated in place. */
    description?: pulumi.Input<string>;
    /**
     * A URL the service can read with an anonymous GET: a blob SAS URL, a public URL, or a plain blob URL with
     * trusted Azure services access. Stored as a secret. Pointing at other data replaces the dataset; a fresh SAS
     * for the same blob does not. Exactly one of `contentUrl` and `source`.
     */
    contentUrl?: pulumi.Input<string>;
    /**
     * Local data: a `FileAsset`/`StringAsset` (text kinds) or a `FileArchive` of a folder or `.zip` (audio kinds),
     * uploaded in blocks. A change of content replaces the dataset. Exactly one of `contentUrl` and `source`.
     */
    source?: pulumi.Input<pulumi.asset.Asset | pulumi.asset.Archive>;
    /** The project: its id (GUID), its self URL, or a `Project` resource. Updated in place. Not on API version 2024-11-15. */
    project?: pulumi.Input<string> | { id: pulumi.Input<string>; locale?: pulumi.Input<string> };
    /** Up to 9 string entries (keys ≤ 64 characters, values ≤ 256). Updated in place. */
    customProperties?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** `Default` or `None` (text already normalised). Changing it replaces the dataset. */
    textNormalizationKind?: pulumi.Input<"Default" | "None">;
    /** How long `create` waits for processing to finish, in milliseconds. Default one hour; 0 = don't wait. */
    processingTimeoutInMs?: pulumi.Input<number>;
    /** Block size for local data, in bytes (default 4 MiB, at most 8 MiB). */
    blockSizeInBytes?: pulumi.Input<number>;
    /** Blocks uploaded at once for local data (default 4). */
    uploadConcurrency?: pulumi.Input<number>;
}

export type { DatasetProperties } from "../client/models";

export const DATASET_TYPE = "speech:Dataset";

/**
 * A custom speech dataset. `pulumi up` creates it (from `contentUrl` or local `source`) and waits until the
 * service has processed it; `pulumi refresh` shows drift; `kind`, `locale` and the data replace it; names,
 * description, custom properties and project are updated in place.
 */
export class Dataset extends pulumi.dynamic.Resource {
    /** The dataset id (GUID); also the resource id. */
    declare readonly datasetId: pulumi.Output<string>;
    /** The dataset's URL in the API. */
    declare readonly self: pulumi.Output<string>;
    /** `NotStarted`, `Running`, `Succeeded` or `Failed`. */
    declare readonly status: pulumi.Output<string>;
    declare readonly kind: pulumi.Output<DatasetKind>;
    declare readonly locale: pulumi.Output<string>;
    declare readonly displayName: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    /** Secret. */
    declare readonly contentUrl: pulumi.Output<string | undefined>;
    declare readonly project: pulumi.Output<string | undefined>;
    /** The project's self URL as the service reports it. */
    declare readonly projectSelf: pulumi.Output<string | undefined>;
    declare readonly customProperties: pulumi.Output<Record<string, string> | undefined>;
    declare readonly properties: pulumi.Output<DatasetProperties>;
    declare readonly links: pulumi.Output<Record<string, string>>;
    declare readonly createdDateTime: pulumi.Output<string>;
    declare readonly lastActionDateTime: pulumi.Output<string>;
    /** SHA-256 of the uploaded bytes, for local `source` data. */
    declare readonly sourceHash: pulumi.Output<string | undefined>;
    /** Size in bytes of the uploaded data, for local `source` data. */
    declare readonly sourceSize: pulumi.Output<number | undefined>;
    /** The endpoint the dataset lives at. */
    declare readonly endpointUsed: pulumi.Output<string>;
    /** The API version used last. */
    declare readonly apiVersionUsed: pulumi.Output<string>;

    constructor(name: string, args: DatasetArgs, opts?: pulumi.CustomResourceOptions) {
        const project = args?.project;
        const isRef = project !== undefined && typeof project === "object" && "id" in (project as object) && !pulumi.Output.isInstance(project);
        const props: Record<string, unknown> = {
            ...connectionProps(args),
            kind: args?.kind,
            locale: args?.locale,
            displayName: args?.displayName ?? name,
            description: args?.description,
            contentUrl: args?.contentUrl === undefined ? undefined : pulumi.secret(args.contentUrl),
            source: args?.source,
            project: isRef ? (project as { id: pulumi.Input<string> }).id : project,
            projectLocale: isRef ? (project as { locale?: pulumi.Input<string> }).locale : undefined,
            customProperties: args?.customProperties,
            textNormalizationKind: args?.textNormalizationKind,
            processingTimeoutInMs: args?.processingTimeoutInMs,
            blockSizeInBytes: args?.blockSizeInBytes,
            uploadConcurrency: args?.uploadConcurrency,
            createToken: createTokenFor(DATASET_TYPE, name, opts?.parent),
            resourceName: name,
            // outputs
            datasetId: undefined, self: undefined, status: undefined, projectSelf: undefined, properties: undefined,
            links: undefined, createdDateTime: undefined, lastActionDateTime: undefined, sourceHash: undefined, sourceSize: undefined,
            endpointUsed: undefined, apiVersionUsed: undefined,
        };
        super(datasetProvider, name, props, withSecrets(opts), "speech", "Dataset");
    }

    /**
     * Reads an existing dataset by id (GUID) into the program, e.g. to adopt one made in Speech Studio.
     * Connection settings come from stack config or the environment, or from `state`.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Dataset {
        return new Dataset(name, undefined as unknown as DatasetArgs, { ...opts, id });
    }
}

function withSecrets(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
    return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "contentUrl", ...SECRET_OUTPUTS] };
}
