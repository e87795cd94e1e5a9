/** Deterministic fault injection: seeded PRNG per-request draws plus a sliding-window rate limit. */
import type { FaultName, FaultOptions } from "./types.js";

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZERO: Record<FaultName, number> = { "429": 0, "500": 0, "503": 0, reset: 0, lostResponse: 0, slow: 0, rateLimit: 0, gateway: 0 };

/** The decision for one request. */
export interface FaultDecision {
  fault?: FaultName;
  /** For 429/rateLimit. */
  retryAfterSeconds?: number;
  /** For slow. */
  delayMs?: number;
}

/** Decides, per request, which fault (if any) hits it, and counts them. */
export class FaultInjector {
  private opts: FaultOptions = {};
  private rand: () => number = prng(1);
  private window: number[] = [];
  private counts: Record<FaultName, number> = { ...ZERO };

  constructor(opts?: FaultOptions) {
    this.set(opts);
  }

  /** Replace the settings; restarts the PRNG and the counters. */
  set(opts?: FaultOptions): void {
    for (const [k, v] of Object.entries(opts ?? {}))
      if (k.startsWith("rate") && typeof v === "number" && (v < 0 || v > 1)) throw new RangeError(`${k} must be within 0..1`);
    this.opts = { ...(opts ?? {}) };
    this.rand = prng(opts?.seed ?? 1);
    this.window = [];
    this.counts = { ...ZERO };
  }

  /** Counters since the last set/resetCounts. */
  snapshot(): Record<FaultName, number> {
    return { ...this.counts };
  }

  resetCounts(): void {
    this.counts = { ...ZERO };
    this.window = [];
  }

  /** Decide for a request with `method` arriving at `now` (ms). */
  decide(method: string, now: number): FaultDecision {
    const o = this.opts;
    if (o.methods && !o.methods.map((m) => m.toUpperCase()).includes(method.toUpperCase())) return {};
    const retryAfterSeconds = o.retryAfterSeconds ?? 1;
    if (o.requestsPer10s !== undefined) {
      this.window = this.window.filter((t) => t > now - 10_000);
      if (this.window.length >= o.requestsPer10s) {
        this.counts.rateLimit++;
        const wait = this.window.length ? Math.ceil((this.window[0] + 10_000 - now) / 1000) : 10;
        return { fault: "rateLimit", retryAfterSeconds: Math.max(1, wait) };
      }
      this.window.push(now);
    }
    const table: [FaultName, number | undefined][] = [
      ["429", o.rate429], ["500", o.rate500], ["503", o.rate503], ["reset", o.rateReset], ["lostResponse", o.rateLostResponse], ["slow", o.rateSlow], ["gateway", o.rateGateway],
    ];
    if (table.every(([, r]) => !r)) return {};
    const r = this.rand();
    let acc = 0;
    for (const [name, rate] of table) {
      acc += rate ?? 0;
      if (r < acc) {
        this.counts[name]++;
        return { fault: name, retryAfterSeconds, delayMs: name === "slow" ? (o.slowMs ?? 200) : name === "gateway" ? (o.gatewayActAfterMs ?? 100) : undefined };
      }
    }
    return {};
  }
}
