/**
 * Pieces shared by the resource classes: connection inputs, the create token, and the
 * serialized provider objects (which capture nothing: each hook loads the hooks module at call time).
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import type { RetryOptions } from "../client/retry";

/** Connection settings every resource accepts; each falls back to stack config, then environment. */
export interface ConnectionArgs {
    /** The Speech resource's endpoint, e.g. `https://myspeech.cognitiveservices.azure.com`. Falls back to `speech:endpoint`, then `SPEECH_ENDPOINT`. */
    endpoint?: pulumi.Input<string>;
    /** Azure region, meaning `https://{region}.api.cognitive.microsoft.com`. Falls back to `speech:region`, then `SPEECH_REGION`. */
    region?: pulumi.Input<string>;
    /** The Speech resource key (stored as a secret). Falls back to `speech:key`, then `SPEECH_KEY`. */
    key?: pulumi.Input<string>;
    /** `2025-10-15` (default), `2024-11-15` or `v3.2`. Falls back to `speech:apiVersion`, then `SPEECH_API_VERSION`. */
    apiVersion?: pulumi.Input<"2025-10-15" | "2024-11-15" | "v3.2">;
    /** Retry limits of the REST client. */
    retry?: pulumi.Input<RetryOptions>;
}

/**
 * The identity of this resource's creates: a hash of its URN as the engine will compute it
 * (organization, project, stack, parent types, type, name). Two resources of one stack never share
 * it (two resources cannot share a URN); the exactly-once create builds its marker on it (see
 * hooks/exactly-once.ts). An Output, because a parent's URN is one.
 */
export function createTokenFor(type: string, name: string, parent: pulumi.Resource | undefined): pulumi.Output<string> {
    let org = "";
    try {
        org = pulumi.getOrganization();
    } catch {
        /* outside a Pulumi program, or an engine without organizations */
    }
    return pulumi.createUrn(name, `pulumi-nodejs:dynamic/${type}`, parent).apply((urn) =>
        createHash("sha256").update(`${org}\n${urn}`).digest("hex").slice(0, 32),
    );
}

/** Outputs that are secret in state: the key that reaches the entity, whether it came from an input, config or the environment. */
export const SECRET_OUTPUTS = ["key", "connectionKey"];

/** The connection inputs as resource properties; the key wrapped as a secret. */
export function connectionProps(args: ConnectionArgs | undefined): Record<string, pulumi.Input<unknown> | undefined> {
    return {
        endpoint: args?.endpoint,
        region: args?.region,
        key: args?.key === undefined ? undefined : pulumi.secret(args.key),
        apiVersion: args?.apiVersion,
        retry: args?.retry,
    };
}

/* eslint-disable @typescript-eslint/no-require-imports */
// The provider objects below are serialized into state by Pulumi. They must capture nothing but
// `loadHooks`: no module-scope values, no credentials, no ESM modules. `require` inside a function
// body is emitted as-is and resolved in the provider host, whose cwd is the Pulumi project.

/**
 * Loads the hooks module in the provider host: the installed package (the usual case: the program
 * depends on pulumi-custom-speech), or, when the program is this package's own repository (the root
 * quickstart, the tests), its build output.
 */
export function loadHooks(): any {
    try {
        return require("pulumi-custom-speech/hooks");
    } catch (e) {
        if ((e as { code?: string }).code !== "MODULE_NOT_FOUND") throw e;
        const path = require("node:path");
        const pkg = require(path.join(process.cwd(), "package.json"));
        if (pkg.name !== "pulumi-custom-speech") throw e;
        return require(path.join(process.cwd(), "dist", "provider", "hooks"));
    }
}

/** The dynamic provider of one resource: every hook delegates to the hooks module, loaded at call time. */
function hooksProvider(resource: "dataset" | "project"): pulumi.dynamic.ResourceProvider {
    return {
        configure: async (req) => loadHooks().configure(req),
        check: async (olds, news) => loadHooks()[resource].check(olds, news),
        diff: async (id, olds, news) => loadHooks()[resource].diff(id, olds, news),
        create: async (inputs) => loadHooks()[resource].create(inputs),
        read: async (id, props) => loadHooks()[resource].read(id, props),
        update: async (id, olds, news) => loadHooks()[resource].update(id, olds, news),
        delete: async (id, props) => loadHooks()[resource].remove(id, props),
    };
}

export const datasetProvider = hooksProvider("dataset");
export const projectProvider = hooksProvider("project");
