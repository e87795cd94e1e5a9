/**
 * The `Project` resource: a custom speech project, which groups datasets, models and endpoints of one locale.
 */
import * as pulumi from "@pulumi/pulumi";
import { connectionProps, ConnectionArgs, createTokenFor, projectProvider, SECRET_OUTPUTS } from "./common";

/** The inputs of a {@link Project}. */
export interface ProjectArgs extends ConnectionArgs {
    /** The project's locale, e.g. `en-US`; its datasets must match it. Changing it replaces the project. */
    locale: pulumi.Input<string>;
    /** Defaults to the resource name. Updated in place. */
    displayName?: pulumi.Input<string>;
    /** Updated in place. */
    description?: pulumi.Input<string>;
    /** Up to 9 string entries (keys ≤ 64 characters, values ≤ 256). Updated in place. */
    customProperties?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** API version 2025-10-15 only: the Microsoft Foundry project to link, so its datasets show up there. Updated in place. */
    foundryProjectName?: pulumi.Input<string>;
}

export const PROJECT_TYPE = "speech:Project";

/** A custom speech project (API versions 2025-10-15 and v3.2). Pass it as a Dataset's `project`. */
export class Project extends pulumi.dynamic.Resource {
    /** The project id (GUID); also the resource id. */
    declare readonly projectId: pulumi.Output<string>;
    declare readonly self: pulumi.Output<string>;
    declare readonly locale: pulumi.Output<string>;
    declare readonly displayName: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly customProperties: pulumi.Output<Record<string, string> | undefined>;
    declare readonly foundryProjectName: pulumi.Output<string | undefined>;
    declare readonly createdDateTime: pulumi.Output<string>;
    declare readonly links: pulumi.Output<Record<string, string>>;
    /** v3.2 only: counts of datasets, models, evaluations, endpoints and transcriptions. */
    declare readonly counts: pulumi.Output<Record<string, number> | undefined>;
    declare readonly endpointUsed: pulumi.Output<string>;
    declare readonly apiVersionUsed: pulumi.Output<string>;

    constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
        const props: Record<string, unknown> = {
            ...connectionProps(args),
            locale: args?.locale,
            displayName: args?.displayName ?? name,
            description: args?.description,
            customProperties: args?.customProperties,
            foundryProjectName: args?.foundryProjectName,
            createToken: createTokenFor(PROJECT_TYPE, name, opts?.parent),
            resourceName: name,
            projectId: undefined, self: undefined, createdDateTime: undefined, links: undefined, counts: undefined,
            endpointUsed: undefined, apiVersionUsed: undefined,
        };
        super(projectProvider, name, props, { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS] }, "speech", "Project");
    }

    /** Reads an existing project by id (GUID). */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Project {
        return new Project(name, undefined as unknown as ProjectArgs, { ...opts, id });
    }
}
