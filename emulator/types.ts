/** Public types of the Speech-to-text emulator (see docs/ARCHITECTURE.md, "emulator/index.ts"). */

/** The three API versions the emulator serves side by side over one shared store. */
export type ApiVersion = "v3.2" | "2024-11-15" | "2025-10-15";

/** All supported API versions, oldest first. */
export const API_VERSIONS: readonly ApiVersion[] = ["v3.2", "2024-11-15", "2025-10-15"];

/** Dataset kinds (`DatasetKind` in the swagger, identical in all versions). */
export type DatasetKind = "Language" | "Acoustic" | "Pronunciation" | "AudioFiles" | "LanguageMarkdown" | "OutputFormatting";

/** All dataset kinds. */
export const DATASET_KINDS: readonly DatasetKind[] = ["Language", "Acoustic", "Pronunciation", "AudioFiles", "LanguageMarkdown", "OutputFormatting"];

/** Dataset status (`Status` in the swagger). `Succeeded` and `Failed` are terminal. */
export type DatasetStatus = "NotStarted" | "Running" | "Succeeded" | "Failed";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; default 0 (a free port). */
  port?: number;
  /** Interface to listen on; default "127.0.0.1". */
  host?: string;
  /** Required `Ocp-Apim-Subscription-Key` value; default "emulator-key". */
  key?: string;
  /** Time spent in each of NotStarted and Running while a dataset is processed; default 50. */
  processingStepMs?: number;
  /** `Retry-After` sent on reads of non-terminal datasets; default 1. */
  retryAfterSeconds?: number;
  /** Default `top` for lists; default 100. */
  pageSize?: number;
  /** Dataset quota (S0: 500). Creating beyond it -> 403 Forbidden with innerError QuotaViolation. */
  maxDatasets?: number;
  /** Fault injection at start (can be changed later with {@link Emulator.setFaults}). */
  faults?: FaultOptions;
  /** Clock (ms since epoch) driving status transitions, timestamps and the rate-limit window; default Date.now. Tests can step it by hand. */
  clock?: () => number;
  /** Keep {@link Emulator.exchanges}; default true. */
  record?: boolean;
}

/** Fault injection settings. Rates are probabilities 0..1 per request, drawn from a seeded PRNG. */
export interface FaultOptions {
  /** PRNG seed (default 1); the same seed and request sequence give the same faults. */
  seed?: number;
  /** Rate of 429 TooManyRequests answers. */
  rate429?: number;
  /** `Retry-After` seconds on injected and rate-limit 429s; default 1. */
  retryAfterSeconds?: number;
  /** Rate of 500 InternalServerError answers (nothing is done). */
  rate500?: number;
  /** Rate of 503 ServiceUnavailable answers (nothing is done). */
  rate503?: number;
  /** Rate of connection resets before acting (socket destroyed, nothing is done). */
  rateReset?: number;
  /** Rate of lost responses: the operation takes effect, then the socket is destroyed. */
  rateLostResponse?: number;
  /** Rate of slow responses (delayed by `slowMs`, then handled normally). */
  rateSlow?: number;
  /** Delay of slow responses; default 200. */
  slowMs?: number;
  /**
   * Rate of gateway timeouts: a 504 with Retry-After (`retryAfterSeconds`) is answered at once, and the
   * request is still carried out by the backend `gatewayActAfterMs` later (default 100).
   */
  rateGateway?: number;
  gatewayActAfterMs?: number;
  /** Rate limit over a sliding 10 s window; beyond it -> 429 with Retry-After. */
  requestsPer10s?: number;
  /** Only inject on these HTTP methods (default: all). */
  methods?: string[];
}

/** Name of the fault that hit an exchange. */
export type FaultName = "429" | "500" | "503" | "reset" | "lostResponse" | "slow" | "rateLimit" | "gateway";

/** One recorded request/response pair. */
export interface Exchange {
  method: string;
  /** Path and query as received. */
  url: string;
  apiVersion: ApiVersion | undefined;
  /** Swagger operationId, e.g. "Datasets_Create"; undefined for unknown routes and blob downloads. */
  operationId?: string;
  requestHeaders: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or `{bytes: n}` for binary bodies; absent when there was no body. */
  requestBody?: unknown;
  /** HTTP status sent (or that would have been sent, for lost responses); 0 for resets. */
  status: number;
  responseHeaders: Record<string, string | string[] | number | undefined>;
  responseBody?: unknown;
  fault?: FaultName;
}

/** A file produced by dataset processing. */
export interface EmulatedFile {
  id: string;
  name: string;
  /** `FileKind`: DatasetReport, LanguageData, PronunciationData, AcousticDataArchive, Audio, OutputFormattingData. */
  kind: string;
  size: number;
  durationMilliseconds?: number;
  createdDateTime: string;
}

/** Canonical dataset record (version-independent). */
export interface EmulatedDataset {
  id: string;
  kind: DatasetKind;
  locale: string;
  displayName: string;
  description?: string;
  customProperties?: Record<string, string>;
  contentUrl?: string;
  projectId?: string;
  textNormalizationKind?: string;
  email?: string;
  status: DatasetStatus;
  createdDateTime: string;
  lastActionDateTime: string;
  acceptedLineCount?: number;
  rejectedLineCount?: number;
  durationMilliseconds?: number;
  error?: { code: string; message: string };
  /** Bytes committed through blocks or fetched from a loopback contentUrl. */
  data?: Buffer;
  /** Hex sha256 of `data`. */
  sha256?: string;
  /** True once blocks were committed. */
  committed: boolean;
  /** API version the dataset was created with. */
  createdWith: ApiVersion;
  files: EmulatedFile[];
}

/** Canonical project record. */
export interface EmulatedProject {
  id: string;
  displayName: string;
  description?: string;
  locale: string;
  customProperties?: Record<string, string>;
  foundryProjectName?: string;
  createdDateTime: string;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. "http://127.0.0.1:PORT" (the `endpoint`). */
  url: string;
  port: number;
  key: string;
  /** Recorded exchanges (when `record` is on), oldest first. */
  exchanges: Exchange[];
  /** Replace the fault settings (undefined switches faults off); the PRNG restarts from the seed. */
  setFaults(f?: FaultOptions): void;
  /** Rotates the account key: from now on only `key` is accepted (as regenerating a key in Azure does). */
  setKey(key: string): void;
  /** How many times each fault was injected since start/reset/setFaults. */
  faultCounts(): Record<FaultName, number>;
  /** Snapshots of the dataset records, statuses brought up to date. */
  datasets(): EmulatedDataset[];
  /** Snapshots of the project records. */
  projects(): EmulatedProject[];
  /** Drop all datasets, projects, exchanges and fault counters (fault settings are kept). */
  reset(): void;
  close(): Promise<void>;
}
