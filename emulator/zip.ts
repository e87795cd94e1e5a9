/** Read all entries of an in-memory zip with yauzl. */
import * as yauzl from "yauzl";

/** One regular file of a zip. */
export interface ZipEntry {
  name: string;
  bytes: Buffer;
}

/** Files (not directories) of a zip; rejects when the buffer is not a readable zip. */
export async function readZip(buf: Buffer, maxEntries = 10_000): Promise<ZipEntry[]> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true });
  const out: ZipEntry[] = [];
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) break;
      if (entry.fileName.endsWith("/")) continue;
      if (out.length >= maxEntries) throw new Error(`the archive holds more than ${maxEntries} files`);
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      out.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
    }
  } finally {
    zip.close();
  }
  return out;
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => { cleanup(); resolve(e); };
    const onEnd = () => { cleanup(); resolve(undefined); };
    const onError = (err: Error) => { cleanup(); reject(err); };
    const cleanup = () => { zip.off("entry", onEntry); zip.off("end", onEnd); zip.off("error", onError); };
    zip.on("entry", onEntry); zip.on("end", onEnd); zip.on("error", onError);
    zip.readEntry();
  });
}
