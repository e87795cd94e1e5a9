/**
 * A local emulator of the Azure AI Speech Speech-to-text REST API (datasets, blocks, files,
 * locales, projects) for api-versions v3.2, 2024-11-15 and 2025-10-15 over one shared store,
 * with deterministic fault injection. See docs/ARCHITECTURE.md ("emulator/index.ts").
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorServer } from "./server.js";
import { Store } from "./store.js";
import type { Emulator, EmulatorOptions } from "./types.js";

export type {
  ApiVersion, DatasetKind, DatasetStatus, EmulatedDataset, EmulatedFile, EmulatedProject, Emulator, EmulatorOptions, Exchange, FaultName, FaultOptions,
} from "./types.js";
export { API_VERSIONS, DATASET_KINDS } from "./types.js";
export { DATASET_LOCALES, PROJECT_LOCALES } from "./locales.js";
export { inspectData, type InspectionResult } from "./inspect.js";
export { makeWav, parseWav, isoDuration } from "./wav.js";

/** Start an emulator; resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const key = opts.key ?? "emulator-key";
  const store = new Store(opts.processingStepMs ?? 50, opts.clock ?? Date.now);
  const srv = new EmulatorServer(store, {
    key,
    retryAfterSeconds: opts.retryAfterSeconds ?? 1,
    pageSize: opts.pageSize ?? 100,
    maxDatasets: opts.maxDatasets ?? 500,
    record: opts.record ?? true,
  });
  srv.faults.set(opts.faults);
  const http = createServer(srv.handle);
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(opts.port ?? 0, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  srv.setBase(url);
  return {
    url,
    port,
    key,
    exchanges: srv.exchanges,
    setFaults: (f) => srv.faults.set(f),
    setKey: (k) => {
      (srv.config as { key: string }).key = k;
    },
    faultCounts: () => srv.faults.snapshot(),
    datasets: () => [...store.datasetsById.values()].map((d) => store.snapshot(d)),
    projects: () => [...store.projectsById.values()].map((p) => ({ ...p, customProperties: p.customProperties && { ...p.customProperties } })),
    reset: () => {
      store.clear();
      srv.exchanges.length = 0;
      srv.faults.resetCounts();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((err) => (err ? reject(err) : resolve()));
        http.closeAllConnections();
      }),
  };
}
