/**
 * Redaction of credentials from any text that may reach a log, an error or state:
 * registered secrets (keys, tokens, SAS signatures) and the signature-bearing query parameters of SAS URLs,
 * in every form a URL takes inside other text: raw, percent-encoded (once or twice), HTML-escaped and
 * JSON-escaped, any case.
 */

const registered = new Set<string>();
/** One pattern of every registered value, longest first (no fragment of a longer form survives a shorter one); rebuilt on change. */
let registeredPattern: RegExp | undefined;

/** Remembers a secret value so that every later message is scrubbed of it (in any letter case). Short values are ignored. */
export function registerSecret(value: string | undefined): void {
    if (value && value.length >= 6 && !registered.has(value)) {
        registered.add(value);
        registeredPattern = undefined;
    }
}

function registeredSecrets(): RegExp | undefined {
    if (!registeredPattern && registered.size) {
        const alternatives = [...registered].sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        registeredPattern = new RegExp(alternatives.join("|"), "gi");
    }
    return registeredPattern;
}

/** Query parameter names that carry a credential (SAS signature, SAS keys, tokens), redacted by name. */
const SECRET_NAMES = "sig|skoid|sktid|skt|ske|sks|skv|saoid|suoid|token|access_token|subscription-key";

/**
 * The names whose values registerUrlSecrets remembers: the credentials proper. skt/ske/skv/sks (key start,
 * expiry, version, service) are redacted next to their name but not remembered, else every date or version
 * that happens to equal them would be scrubbed from messages.
 */
const URL_SECRET_NAMES = new Set(["sig", "skoid", "sktid", "saoid", "suoid", "token", "access_token", "subscription-key"]);

/** What precedes a parameter name: `?` or `&`, percent-encoded once or twice, HTML-escaped, JSON- or JS-escaped. */
const SEP = String.raw`(?:[?&]|%3F|%26|%253F|%2526|&amp;|&#0*38;|&#x0*26;|\\u0026|\\u003f|\\x26)`;
/** What separates name and value: `=` in the same forms. */
const EQ = String.raw`(?:=|%3D|%253D|&#0*61;|&#x0*3d;|\\u003d|\\x3d)`;
/**
 * One character of a value: anything up to the next delimiter (`&`, `#`, whitespace, quotes, angle brackets,
 * a backslash escape) or its percent-encoded form; `\/` (a JSON-escaped slash) stays part of the value.
 */
const VALUE_CHAR = String.raw`(?:(?!%26|%2526|%23|%2523)[^&#\s"'<>\\]|\\/)`;

const SECRET_QUERY = new RegExp(`(${SEP}(?:${SECRET_NAMES})${EQ})${VALUE_CHAR}+`, "gi");
const BEARER = /(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/g;

export function redact(text: string): string {
    let out = text;
    const secrets = registeredSecrets();
    if (secrets) out = out.replace(secrets, "***");
    out = out.replace(SECRET_QUERY, (_m, p1: string) => `${p1}***`);
    out = out.replace(BEARER, (_m, p1: string) => `${p1}***`);
    return out;
}

/**
 * Registers the credential query parameters of a URL (a dataset's contentUrl: sig, and the other
 * credential names) as secrets, so that their values are scrubbed wherever they appear later, even
 * without their `sig=` prefix: raw as in the URL, percent-decoded, percent-encoded (once and twice,
 * upper- and lower-case hex) and JSON-escaped. Values shorter than 6 characters are ignored.
 * Anything that is not a URL with a query is ignored.
 */
export function registerUrlSecrets(url: string | undefined): void {
    if (typeof url !== "string") return;
    const q = url.indexOf("?");
    if (q < 0) return;
    const query = url.slice(q + 1).split("#")[0];
    for (const pair of query.split("&")) {
        const eq = pair.indexOf("=");
        if (eq <= 0) continue;
        const name = safeDecode(pair.slice(0, eq)).toLowerCase();
        if (!URL_SECRET_NAMES.has(name)) continue;
        for (const form of secretForms(pair.slice(eq + 1))) registerSecret(form);
    }
}

/** The forms a query value may take in later text. */
function secretForms(raw: string): Set<string> {
    const forms = new Set<string>();
    const add = (v: string) => {
        if (v.length < 6) return;
        forms.add(v);
        forms.add(v.replace(/%[0-9A-F]{2}/gi, (m) => m.toLowerCase()));
        forms.add(v.replace(/%[0-9A-F]{2}/gi, (m) => m.toUpperCase()));
    };
    const decoded = safeDecode(raw);
    const formDecoded = safeDecode(raw.replace(/\+/g, "%20"));
    for (const v of [raw, decoded, formDecoded]) {
        add(v);
        add(encodeURIComponent(v));
        add(encodeURIComponent(encodeURIComponent(v)));
        add(v.replace(/\//g, "\\/"));
    }
    return forms;
}

function safeDecode(s: string): string {
    try {
        return decodeURIComponent(s);
    } catch {
        return s;
    }
}
