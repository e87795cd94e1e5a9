/**
 * pulumi-custom-speech: Azure AI Speech custom speech datasets and projects as Pulumi resources.
 */
export { Dataset, DatasetArgs, DatasetKind, DatasetProperties } from "./resources/dataset";
export { ConnectionArgs } from "./resources/common";
export type { RetryOptions } from "./client/retry";
export type { ApiVersion } from "./client/versions";
export { Project, ProjectArgs } from "./resources/project";
export { speechConnection, SpeechConnection, SpeechConnectionOptions, SpeechAccountLike } from "./azure";
