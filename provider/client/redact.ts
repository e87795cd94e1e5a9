/**
 * Redaction of credentials from any text that may reach a log, an error or state:
 * registered secrets (keys, tokens) and the signature-bearing query parameters of SAS URLs.
 */

const registered = new Set<string>();

/** Remembers a secret value so that every later message is scrubbed of it. Short values are ignored. */
export function registerSecret(value: string | undefined): void {
    if (value && value.length >= 6) registered.add(value);
}

/** Query parameters that carry a credential (SAS signature, SAS keys, tokens). */
const SECRET_QUERY = /([?&](?:sig|skoid|sktid|skt|ske|sks|skv|saoid|suoid|token|access_token|subscription-key)=)[^&#\s"']*/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/g;

export function redact(text: string): string {
    let out = text;
    for (const s of registered) {
        if (out.includes(s)) out = out.split(s).join("***");
    }
    out = out.replace(SECRET_QUERY, (_m, p1: string) => `${p1}***`);
    out = out.replace(BEARER, (_m, p1: string) => `${p1}***`);
    return out;
}

/** A URL for messages: same as redact(), kept separate for intent. */
export function redactUrl(url: string): string {
    return redact(url);
}
