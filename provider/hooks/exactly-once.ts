/**
 * Exactly-once create for entities the service cannot create idempotently (datasets, projects).
 *
 * Each create carries a marker in the entity's customProperties (key `pulumiCreateToken`):
 *
 *     v2.<token>.<nonce>.<leaseUntilMs>      a create in progress (or abandoned by a crash)
 *     settled                                 tracked in some stack's state: never adopted again
 *
 * - token: a hash of the resource's URN (org, project, stack, parent types, type, name) and of what
 *   makes it a different entity (endpoint, data, kind, locale, ...). A replacement with other
 *   values has another token, so it can never adopt the entity it replaces.
 * - nonce: random, one per create call. Only this call's POSTs carry it.
 * - lease: until when the creator is known to be alive. It is renewed while the creator waits
 *   (upload, processing) and ends when the marker is settled.
 *
 *         ┌────────────── create(token) ───────────────┐
 *         │ list by display name, same token:           │
 *         │   settled ─────────────▶ ignored (tracked)   │
 *         │   Failed ──────────────▶ ignored (useless)   │
 *         │   lease live ──────────▶ wait ≤ one lease     │  another creator (another stack with the
 *         │                          (it settles or dies) │  same names, or our own crashed process)
 *         │   lease expired ───────▶ ADOPT: mark with our │  an abandoned create: nobody tracks it
 *         │                          nonce, apply inputs  │
 *         │ none: POST(marker with our nonce)            │
 *         │   ambiguous (5xx, 408, reset, timeout):       │
 *         │     wait (Retry-After, capped), list by nonce │
 *         │     found ─▶ ADOPT (our own POST landed)      │
 *         │     not found ─▶ POST again (same nonce)      │
 *         └──────────────▶ finish (upload, wait) ─▶ settle ─▶ sweep extra POSTs of our nonce
 *
 * Guarantees: an entity tracked in any state (settled) is never adopted; a live create is never
 * taken over while its lease runs; a create retried after a crash adopts what the crashed one
 * left, once its lease ran out; extra entities made by our own repeated POSTs are deleted before
 * create returns. Not covered: an entity whose settle PATCH failed after all retries is tracked
 * but unsettled until the next up settles it (the engine updates it because of the init error).
 */
import { createHash, randomBytes } from "node:crypto";
import { ServiceError, TransportError } from "../client/errors";
import { calculateRetryDelay, RetryOptions, sleep } from "../client/retry";

export const SETTLED = "settled";
const VERSION = "v2";

/** How long a creator's lease lasts; renewed at half-time while it waits. Tests shorten it (env). */
export function leaseInMs(): number {
    const v = Number(process.env.SPEECH_CREATE_LEASE_MS);
    return Number.isFinite(v) && v > 0 ? v : 3 * 60_000;
}

export interface ParsedMarker {
    token: string;
    nonce: string;
    leaseUntilMs: number;
}

export function parseMarker(value: string | undefined): ParsedMarker | undefined {
    const m = /^v2\.([0-9a-f]{32})\.([0-9a-f]{16})\.(\d{1,16})$/.exec(value ?? "");
    return m ? { token: m[1], nonce: m[2], leaseUntilMs: Number(m[3]) } : undefined;
}

export function formatMarker(token: string, nonce: string, leaseUntilMs: number): string {
    return `${VERSION}.${token}.${nonce}.${leaseUntilMs}`;
}

/** The token of a resource's create: its URN identity plus every value that makes it another entity. */
export function markerToken(identity: string, parts: (string | undefined)[]): string {
    return createHash("sha256").update([identity, ...parts.map((p) => p ?? "")].join("\n")).digest("hex").slice(0, 32);
}

/** What an entity shows of itself to the exactly-once machinery. */
export interface MarkedEntity {
    id: string;
    createMarker?: string;
    status?: string;
    createdDateTime?: string;
}

/** The operations the machinery needs, bound to one entity kind and one resource's inputs. */
export interface ExactlyOnceOps<T extends MarkedEntity> {
    /** Entities that may carry this resource's marker (e.g. same display name). */
    candidates(): Promise<T[]>;
    /** POSTs the entity with `marker` in its customProperties. */
    post(marker: string): Promise<T>;
    /** PATCHes the marker (with the full custom properties); `adopt` also applies the current inputs. */
    mark(entity: T, marker: string, adopt: boolean): Promise<T>;
    /** Deletes an extra entity made by a repeated POST. */
    remove(id: string): Promise<void>;
    retry: Required<RetryOptions>;
    abortSignal?: AbortSignal;
}

/** The live create: our marker, renewed while we wait, settled at the end. */
export class CreateLease<T extends MarkedEntity> {
    readonly nonce = randomBytes(8).toString("hex");
    private leaseUntilMs = 0;
    private chain: Promise<unknown> = Promise.resolve();
    private stopped = false;
    /** POSTs sent with this nonce (more than one: look for extras before returning). */
    posts = 0;
    /** An abandoned create was adopted: others of the same token may have been abandoned too. */
    adopted = false;

    constructor(
        readonly token: string,
        private readonly ops: ExactlyOnceOps<T>,
        readonly durationInMs = leaseInMs(),
    ) {}

    /** A fresh marker value for this create (lease from now). */
    marker(): string {
        this.leaseUntilMs = Date.now() + this.durationInMs;
        return formatMarker(this.token, this.nonce, this.leaseUntilMs);
    }

    /** Renews the lease when half of it has run; never fails the create (a missed renewal only shortens it). */
    renewIfDue(entity: T): void {
        if (this.stopped || Date.now() < this.leaseUntilMs - this.durationInMs / 2) return;
        const marker = this.marker();
        this.chain = this.chain.then(() => this.ops.mark(entity, marker, false)).catch(() => undefined);
    }

    /**
     * Renews the lease on a timer while the creator works (upload, processing), whatever its poll
     * interval; returns the function that stops it. The timer never keeps the process alive.
     */
    keepAlive(entity: T): () => void {
        const timer = setInterval(() => this.renewIfDue(entity), Math.max(10, Math.floor(this.durationInMs / 4)));
        timer.unref();
        return () => clearInterval(timer);
    }

    /** Marks the entity as tracked. Waits for any renewal in flight, so a renewal never lands after it. */
    async settle(entity: T): Promise<T> {
        this.stopped = true;
        await this.chain;
        return this.ops.mark(entity, SETTLED, false);
    }

    /**
     * Deletes what earlier attempts of this resource's create left besides `kept`: entities of our
     * own repeated POSTs, and (after an adoption) other abandoned ones of the same token. Nobody
     * tracks those: a tracked entity is settled, a live creator holds its lease.
     */
    async sweep(kept: T): Promise<void> {
        if (this.posts < 2 && !this.adopted) return;
        const now = Date.now();
        for (const e of await this.ops.candidates()) {
            const m = parseMarker(e.createMarker);
            if (e.id === kept.id || !m || m.token !== this.token) continue;
            if (m.nonce === this.nonce || (m.leaseUntilMs <= now && !/^failed$/i.test(e.status ?? ""))) await this.ops.remove(e.id);
        }
    }
}

export interface Created<T> {
    entity: T;
    /** True when an entity made earlier (by a crashed or ambiguous create) was taken over. */
    adopted: boolean;
}

/** Finds an abandoned create of this resource to adopt, or POSTs; never leaves a second entity. */
export async function createOnce<T extends MarkedEntity>(lease: CreateLease<T>, ops: ExactlyOnceOps<T>): Promise<Created<T>> {
    const adopted = await adoptAbandoned(lease, ops);
    if (adopted) {
        lease.adopted = true;
        return { entity: adopted, adopted: true };
    }
    return postOnce(lease, ops);
}

function oldestFirst<T extends MarkedEntity>(a: T, b: T): number {
    return String(a.createdDateTime).localeCompare(String(b.createdDateTime)) || a.id.localeCompare(b.id);
}

async function adoptAbandoned<T extends MarkedEntity>(lease: CreateLease<T>, ops: ExactlyOnceOps<T>): Promise<T | undefined> {
    // A live lease means a creator is at work: wait at most one lease (plus a poll) for it to settle or lapse.
    const deadline = Date.now() + lease.durationInMs + Math.min(lease.durationInMs, 10_000);
    for (;;) {
        const mine = (await ops.candidates()).filter((e) => {
            const m = parseMarker(e.createMarker);
            return m?.token === lease.token && !/^failed$/i.test(e.status ?? "");
        });
        const now = Date.now();
        const abandoned = mine.filter((e) => parseMarker(e.createMarker)!.leaseUntilMs <= now).sort(oldestFirst);
        for (const e of abandoned) {
            const taken = await ops.mark(e, lease.marker(), true);
            // Two adopters at once: the last PATCH wins; the loser leaves it alone.
            if (parseMarker(taken.createMarker)?.nonce === lease.nonce) return taken;
        }
        const live = mine.filter((e) => parseMarker(e.createMarker)!.leaseUntilMs > now);
        if (!live.length || now >= deadline) return undefined;
        const next = Math.min(...live.map((e) => parseMarker(e.createMarker)!.leaseUntilMs)) - now + 50;
        await sleep(Math.max(50, Math.min(next, 10_000, deadline - now)), ops.abortSignal);
    }
}

/** A failure after which the POST may have acted (a lost or cut answer, a gateway error). */
export function isAmbiguous(e: unknown): boolean {
    if (e instanceof TransportError) return e.ambiguous;
    if (e instanceof ServiceError) return e.statusCode >= 500 || e.statusCode === 408;
    return false;
}

/** A POST that timed out may still be running in the service, however long we wait: never sent again. */
function mayStillRun(e: unknown): boolean {
    return e instanceof TransportError && /TIMEDOUT|TIMEOUT/i.test(e.code);
}

async function postOnce<T extends MarkedEntity>(lease: CreateLease<T>, ops: ExactlyOnceOps<T>): Promise<Created<T>> {
    const started = Date.now();
    let failure: unknown;
    for (let attempt = 1; ; attempt++) {
        if (!mayStillRun(failure)) {
            try {
                lease.posts++;
                return { entity: await ops.post(lease.marker()), adopted: false };
            } catch (e) {
                if (!isAmbiguous(e)) throw e;
                failure = e;
            }
        }
        // The POST may have acted: wait as the service asks (capped), then look for our own nonce before any new POST.
        const retryAfterMs = failure instanceof ServiceError ? failure.retryAfterMs : undefined;
        const delay = calculateRetryDelay(attempt, retryAfterMs, ops.retry);
        const last = attempt > ops.retry.maxRetries || Date.now() - started + delay > ops.retry.maxElapsedInMs;
        await sleep(last ? Math.min(delay, 1000) : delay, ops.abortSignal);
        const landed = (await ops.candidates()).filter((x) => parseMarker(x.createMarker)?.nonce === lease.nonce).sort(oldestFirst);
        if (landed.length) return { entity: landed[0], adopted: true };
        // Not there (yet): a later landing keeps our lease, which lapses, so the next up adopts it (and sweeps the rest).
        if (last) throw failure;
    }
}
