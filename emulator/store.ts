/**
 * The shared, version-independent store of datasets and projects, and the dataset processing
 * state machine. Status is derived lazily from timestamps: NotStarted for `stepMs` after the
 * import starts, then Running for `stepMs`, then the inspection outcome (awaited if not ready).
 */
import { createHash, randomUUID } from "node:crypto";
import { inspectData, syntheticResult, type InspectionResult } from "./inspect.js";
import type { ApiVersion, DatasetKind, EmulatedDataset, EmulatedFile, EmulatedProject } from "./types.js";

/** Internal dataset record. */
export interface DatasetRecord extends Omit<EmulatedDataset, "status" | "lastActionDateTime"> {
  /** ms epoch when the import started (create with contentUrl, or commit); undefined while waiting for blocks. */
  importStartedAt?: number;
  createdAt: number;
  terminal?: { status: "Succeeded" | "Failed"; at: number };
  result?: InspectionResult;
  resultAt?: number;
  pending?: Promise<void>;
  uncommitted: Map<string, Buffer>;
  committedBlocks: { id: string; bytes: Buffer }[];
  fileBytes: Map<string, Buffer>;
}

/** The derived status of a dataset at some time. */
export interface DatasetState {
  status: EmulatedDataset["status"];
  lastActionDateTime: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Is `host` (URL.hostname) a loopback host the emulator may fetch from? */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Where the data of a contentUrl comes from. */
async function importFromUrl(kind: DatasetKind, url: string): Promise<{ result: InspectionResult; data?: Buffer }> {
  const u = new URL(url);
  const fail = (message: string) => ({
    result: { status: "Failed" as const, error: { code: "DataImportFailed", message }, acceptedLineCount: 0, rejectedLineCount: 0, durationMilliseconds: 0, rejections: [], files: [] },
  });
  if (u.hostname.toLowerCase().endsWith(".invalid")) return fail(`The data at '${url}' could not be downloaded: the host does not resolve.`);
  if (!isLoopbackHost(u.hostname)) return { result: syntheticResult(kind, url) };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) return fail(`The data at '${url}' could not be downloaded (HTTP ${res.status}).`);
    const data = Buffer.from(await res.arrayBuffer());
    return { result: await inspectData(kind, data), data };
  } catch (e) {
    return fail(`The data at '${url}' could not be downloaded: ${(e as Error).message}`);
  }
}

/** Datasets and projects shared by all API versions. */
export class Store {
  readonly datasetsById = new Map<string, DatasetRecord>();
  readonly projectsById = new Map<string, EmulatedProject>();

  constructor(readonly stepMs: number, readonly now: () => number = Date.now) {}

  clear(): void {
    this.datasetsById.clear();
    this.projectsById.clear();
  }

  /** Create a dataset; starts importing at once when it has a contentUrl. */
  createDataset(init: {
    kind: DatasetKind; locale: string; displayName: string; description?: string; contentUrl?: string;
    customProperties?: Record<string, string>; projectId?: string; textNormalizationKind?: string; email?: string; createdWith: ApiVersion;
  }): DatasetRecord {
    const now = this.now();
    const rec: DatasetRecord = {
      ...init,
      id: randomUUID(),
      createdAt: now,
      createdDateTime: iso(now),
      committed: false,
      files: [],
      uncommitted: new Map(),
      committedBlocks: [],
      fileBytes: new Map(),
    };
    this.datasetsById.set(rec.id, rec);
    if (rec.contentUrl) {
      const url = rec.contentUrl;
      this.startImport(rec, now, () => importFromUrl(rec.kind, url));
    }
    return rec;
  }

  /** Commit blocks: reassemble and start processing. */
  commit(rec: DatasetRecord, blocks: { id: string; bytes: Buffer }[]): void {
    rec.committedBlocks = blocks;
    rec.uncommitted.clear();
    rec.committed = true;
    const data = Buffer.concat(blocks.map((b) => b.bytes));
    rec.data = data;
    rec.sha256 = createHash("sha256").update(data).digest("hex");
    this.startImport(rec, this.now(), async () => ({ result: await inspectData(rec.kind, data), data }));
  }

  private startImport(rec: DatasetRecord, at: number, work: () => Promise<{ result: InspectionResult; data?: Buffer }>): void {
    rec.importStartedAt = at;
    rec.pending = work().then(({ result, data }) => {
      if (data && !rec.data) {
        rec.data = data;
        rec.sha256 = createHash("sha256").update(data).digest("hex");
      }
      rec.result = result;
      rec.resultAt = this.now();
    });
  }

  /** Bring the record's terminal outcome up to date (sync: only uses a result that is ready). */
  state(rec: DatasetRecord, now = this.now()): DatasetState {
    if (rec.terminal) return { status: rec.terminal.status, lastActionDateTime: iso(rec.terminal.at) };
    const start = rec.importStartedAt;
    if (start === undefined || now < start + this.stepMs) return { status: "NotStarted", lastActionDateTime: rec.createdDateTime };
    const running = { status: "Running" as const, lastActionDateTime: iso(start + this.stepMs) };
    if (now < start + 2 * this.stepMs || !rec.result) return running;
    this.finish(rec, Math.max(start + 2 * this.stepMs, rec.resultAt ?? 0));
    return this.state(rec, now);
  }

  /** Like {@link state}, but waits for a due inspection result first. */
  async settle(rec: DatasetRecord): Promise<DatasetState> {
    const start = rec.importStartedAt;
    if (!rec.terminal && start !== undefined && this.now() >= start + 2 * this.stepMs && rec.pending) await rec.pending;
    return this.state(rec);
  }

  private finish(rec: DatasetRecord, at: number): void {
    const r = rec.result!;
    rec.terminal = { status: r.status, at };
    rec.acceptedLineCount = r.acceptedLineCount;
    rec.rejectedLineCount = r.rejectedLineCount;
    rec.durationMilliseconds = r.durationMilliseconds;
    if (r.error) rec.error = r.error;
    const created = iso(at);
    const report = Buffer.from(JSON.stringify({
      status: r.status, kind: rec.kind, locale: rec.locale,
      acceptedLineCount: r.acceptedLineCount, rejectedLineCount: r.rejectedLineCount, durationMilliseconds: r.durationMilliseconds,
      error: r.error, rejectedLines: r.rejections.slice(0, 1000),
    }, null, 2));
    const add = (name: string, kind: string, bytes: Buffer, durationMilliseconds?: number) => {
      const f: EmulatedFile = { id: randomUUID(), name, kind, size: bytes.length, durationMilliseconds, createdDateTime: created };
      rec.files.push(f);
      rec.fileBytes.set(f.id, bytes);
    };
    add("report.json", "DatasetReport", report);
    for (const f of r.files) add(f.name, f.kind, f.bytes, f.durationMilliseconds);
  }

  /** A public snapshot of a dataset. */
  snapshot(rec: DatasetRecord): EmulatedDataset {
    const { importStartedAt, createdAt, terminal, result, resultAt, pending, uncommitted, committedBlocks, fileBytes, ...pub } = rec;
    void importStartedAt; void createdAt; void terminal; void result; void resultAt; void pending; void uncommitted; void committedBlocks; void fileBytes;
    return { ...pub, ...this.state(rec), customProperties: rec.customProperties && { ...rec.customProperties }, files: rec.files.map((f) => ({ ...f })) };
  }

  createProject(init: Omit<EmulatedProject, "id" | "createdDateTime">): EmulatedProject {
    const p: EmulatedProject = { ...init, id: randomUUID(), createdDateTime: iso(this.now()) };
    this.projectsById.set(p.id, p);
    return p;
  }

  /** Delete a project; its datasets are detached (the docs do not say what the service does). */
  deleteProject(id: string): void {
    this.projectsById.delete(id);
    for (const d of this.datasetsById.values()) if (d.projectId === id) d.projectId = undefined;
  }

  datasetsOfProject(id: string): DatasetRecord[] {
    return [...this.datasetsById.values()].filter((d) => d.projectId === id);
  }
}
