/**
 * Wiring for a Speech account managed with `@pulumi/azure-native`: the connection settings a
 * {@link Dataset} or {@link Project} needs, taken from the account instead of typed by hand.
 *
 * `@pulumi/azure-native` is an optional peer dependency. This module has no load-time import of it
 * (the account parameter is typed structurally), so `require("pulumi-custom-speech")` works without
 * it; only calling {@link speechConnection} needs it installed.
 *
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import type { ApiVersion } from "./client/versions";

/**
 * What {@link speechConnection} reads from the account. An `azure_native.cognitiveservices.Account`
 * fits this shape; any object with the same outputs does too (e.g. in tests).
 */
export interface SpeechAccountLike {
    /** The account name (the `accountName` of `listAccountKeys`). */
    name: pulumi.Input<string>;
    /** The account's properties; `endpoint` is its custom-subdomain endpoint, e.g. `https://myspeech.cognitiveservices.azure.com/`. */
    properties: pulumi.Input<{ endpoint?: string }>;
}

/** Options of {@link speechConnection}. */
export interface SpeechConnectionOptions {
    /** The Speech to text API version to pin on every resource the connection is spread into. Default: the provider's (2025-10-15). */
    apiVersion?: pulumi.Input<ApiVersion>;
    /** Which of the account's keys to use. Default `key1`; switch to `key2` while rotating `key1`. */
    keyName?: "key1" | "key2";
    /** Options of the `listAccountKeys` invoke, e.g. `{ provider }` when the account uses an explicit azure-native provider. */
    invokeOptions?: pulumi.InvokeOutputOptions;
}

/** Connection inputs for a Dataset or Project; spread them into the args: `new Dataset("d", { ...conn, kind, locale, contentUrl })`. */
export interface SpeechConnection {
    /** The account's endpoint (`properties.endpoint`). */
    endpoint: pulumi.Output<string>;
    /** The account key, as a secret. */
    key: pulumi.Output<string>;
    /** Present when {@link SpeechConnectionOptions.apiVersion} was given. */
    apiVersion?: pulumi.Input<ApiVersion>;
}

/**
 * The endpoint and key of an Azure AI Speech account (`azure_native.cognitiveservices.Account`,
 * kind `SpeechServices`), ready to spread into {@link DatasetArgs} / {@link ProjectArgs}.
 *
 * - `endpoint` is the account's `properties.endpoint`. Give the account a `customSubDomainName`:
 *   the custom-subdomain endpoint (`https://<name>.cognitiveservices.azure.com/`) is what the
 *   Speech to text REST API expects; without one Azure reports the regional endpoint, which also works for key auth.
 * - `key` is `key1` (or `key2`) from `cognitiveservices.listAccountKeysOutput`, wrapped with `pulumi.secret`,
 *   so it is encrypted in state and never shown in plaintext.
 *
 * Resources that use the connection depend on the account through these outputs, so Pulumi creates
 * the account first and replaces datasets if the account (and so its endpoint) is replaced.
 *
 * @example
 * ```ts
 * import * as azure from "@pulumi/azure-native";
 * import { Dataset, speechConnection } from "pulumi-custom-speech";
 *
 * const rg = new azure.resources.ResourceGroup("speech");
 * const account = new azure.cognitiveservices.Account("speech", {
 *     resourceGroupName: rg.name, kind: "SpeechServices", sku: { name: "S0" },
 *     properties: { customSubDomainName: "my-speech-123" },
 * });
 * const conn = speechConnection(account, rg.name);
 * new Dataset("phrases", { ...conn, kind: "Language", locale: "en-US", contentUrl: "https://..." });
 * ```
 *
 * @param account The Speech account (needs `name` and `properties.endpoint` outputs).
 * @param resourceGroupName The account's resource group (the account does not report it as an output).
 * @param opts API version to pin, which key to use, invoke options.
 * @throws Error when `@pulumi/azure-native` is not installed.
 */
export function speechConnection(account: SpeechAccountLike, resourceGroupName: pulumi.Input<string>, opts: SpeechConnectionOptions = {}): SpeechConnection {
    const cognitiveservices = loadCognitiveServices();
    const endpoint = pulumi.output(account.properties).apply((p) => {
        const e = p?.endpoint;
        if (typeof e !== "string" || e === "") {
            throw new Error("speechConnection: the account has no properties.endpoint; is it a SpeechServices account?");
        }
        return e;
    });
    const keys = cognitiveservices.listAccountKeysOutput({ accountName: account.name, resourceGroupName }, opts.invokeOptions);
    const keyName = opts.keyName ?? "key1";
    const key = pulumi.secret(
        keys.apply((k) => {
            const value = k?.[keyName];
            if (typeof value !== "string" || value === "") {
                throw new Error(`speechConnection: listAccountKeys returned no ${keyName}; is local (key) authentication disabled on the account?`);
            }
            return value;
        }),
    );
    const conn: SpeechConnection = { endpoint, key };
    if (opts.apiVersion !== undefined) conn.apiVersion = opts.apiVersion;
    return conn;
}

interface CognitiveServicesModule {
    listAccountKeysOutput(
        args: { accountName: pulumi.Input<string>; resourceGroupName: pulumi.Input<string> },
        opts?: pulumi.InvokeOutputOptions,
    ): pulumi.Output<{ key1?: string; key2?: string }>;
}

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Loads `@pulumi/azure-native/cognitiveservices`, preferring the program's own copy (resolved from
 * the working directory, the Pulumi project) so the invoke goes through the same azure-native
 * package, and so the same provider plugin version, as the program's resources.
 */
function loadCognitiveServices(): CognitiveServicesModule {
    const id = "@pulumi/azure-native/cognitiveservices";
    let resolved: string;
    try {
        resolved = require.resolve(id, { paths: [process.cwd()] });
    } catch {
        try {
            resolved = require.resolve(id);
        } catch {
            throw new Error("speechConnection needs @pulumi/azure-native: run `npm install @pulumi/azure-native` in your Pulumi project");
        }
    }
    return require(resolved) as CognitiveServicesModule;
}
