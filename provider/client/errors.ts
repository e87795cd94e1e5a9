/**
 * Errors of the Speech client. One base class, narrow subclasses (the shape of got's errors).
 * Every message is redacted: it never contains a key, a bearer token or a SAS signature.
 */
import { redact } from "./redact";

/** What the provider was doing when the error happened, for messages like `creating Speech dataset "x"`. */
export interface OperationContext {
    /** A verb phrase: "creating", "reading", "updating", "deleting", "uploading data of", ... */
    action: string;
    /** "Speech dataset", "Speech project". */
    resourceType: string;
    /** The resource's name (Pulumi name or display name) or id. */
    resourceName: string;
}

export function describeContext(ctx: OperationContext | undefined): string {
    return ctx ? `${ctx.action} ${ctx.resourceType} "${ctx.resourceName}"` : "calling the Speech API";
}

/** Base of every error this package throws on purpose. */
export class SpeechError extends Error {
    override name = "SpeechError";
    constructor(message: string, options?: { cause?: unknown }) {
        super(redact(message), options);
    }
}

/** Bad or missing settings: endpoint, region, key, API version. Nothing was sent. */
export class ConfigurationError extends SpeechError {
    override name = "ConfigurationError";
    /** The setting at fault: "endpoint", "region", "key" or "apiVersion". */
    constructor(message: string, readonly property: "endpoint" | "region" | "key" | "apiVersion" = "endpoint") {
        super(message);
    }
}

/** An input failed validation. `property` names the input. Nothing was sent. */
export class InputError extends SpeechError {
    override name = "InputError";
    constructor(readonly property: string, readonly reason: string) {
        super(`${property}: ${reason}`);
    }
}

/** The service answered with an error status. */
export class ServiceError extends SpeechError {
    override name = "ServiceError";
    /** The service's code, message and inner code, redacted like the error's own message (they may echo a key or a SAS URL). */
    readonly code: string;
    readonly serviceMessage: string;
    readonly innerCode?: string;
    /** The service's Retry-After, in ms, when it sent one (e.g. with a 503 to a POST that is not retried by the client). */
    retryAfterMs?: number;
    constructor(
        readonly context: OperationContext | undefined,
        readonly operationId: string,
        readonly statusCode: number,
        code: string,
        serviceMessage: string,
        innerCode?: string,
    ) {
        super(
            `${describeContext(context)}: ${code}${innerCode ? `/${innerCode}` : ""}: ${serviceMessage} ` +
                `(${operationId}, HTTP ${statusCode})${hintFor(statusCode, code)}`,
        );
        this.code = redact(code);
        this.serviceMessage = redact(serviceMessage);
        if (innerCode !== undefined) this.innerCode = redact(innerCode);
    }
}

/** The request may not have reached the service, or its answer was lost (reset, timeout, DNS). */
export class TransportError extends SpeechError {
    override name = "TransportError";
    constructor(
        readonly context: OperationContext | undefined,
        readonly operationId: string,
        /** Node/got error code, e.g. ECONNRESET, ECONNREFUSED, ETIMEDOUT. */
        readonly code: string,
        /** True when the request may have reached the service (so a POST may have acted). */
        readonly ambiguous: boolean,
        detail: string,
    ) {
        super(`${describeContext(context)}: ${operationId} failed: ${code}: ${detail}`);
    }
}

/** A bounded wait ran out. `created` says what exists in the service so far. */
export class DeadlineError extends SpeechError {
    override name = "DeadlineError";
    constructor(context: OperationContext | undefined, what: string, readonly created?: string) {
        super(`${describeContext(context)}: ${what}${created ? `; ${created}` : ""}`);
    }
}

/** A dataset finished processing with status Failed. */
export class ProcessingFailedError extends SpeechError {
    override name = "ProcessingFailedError";
    /** The service's message, redacted like the error's own. */
    readonly serviceMessage: string;
    constructor(
        context: OperationContext | undefined,
        readonly datasetId: string,
        readonly code: string,
        serviceMessage: string,
    ) {
        super(
            `${describeContext(context)}: processing failed: ${code}: ${serviceMessage} (dataset ${datasetId}). ` +
                `Fix the data, then run pulumi up again: the failed dataset is replaced.`,
        );
        this.serviceMessage = redact(serviceMessage);
    }
}

/** The service answered with something that is not what the API contract says. */
export class ResponseError extends SpeechError {
    override name = "ResponseError";
}

function hintFor(status: number, code: string): string {
    if (status === 401) return ". Check the key (speech:key or SPEECH_KEY) and that the endpoint is the Speech resource's";
    if (status === 403) return ". The key's resource may lack permission or quota for this operation";
    if (status === 429 || code === "TooManyRequests") return ". The service is throttling; retries were exhausted, try again later or raise the retry limits";
    return "";
}
