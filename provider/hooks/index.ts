/**
 * Entry point the serialized dynamic providers load at call time
 * (`require("pulumi-custom-speech/hooks")`). Everything here runs in the provider host process.
 */
import * as dataset from "./dataset";
import * as project from "./project";

export { configure } from "./context";
export { dataset, project };
