/**
 * The gunzip thread of a gzipped log (cli/trace-lines.ts): reads the file
 * and inflates it here, off the thread that splits and parses the lines, so
 * the two run on two cores instead of taking turns on one. The text goes
 * back in chunks of `chunkBytes`, in file order, in `inFlight` buffers that
 * go back and forth, transferred (not copied): the reader returns each once
 * it has read it, and inflating waits while none is free. So memory stays
 * a few chunks whatever the file's size, and no garbage is made per chunk. A read or zlib error is posted as a
 * message after the text before it, for the reader to name the file.
 *
 * Self-contained (node: modules only): the unit tests compile this one file
 * on its own to run it from the sources.
 */

import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { createGunzip } from "node:zlib";

/** What the reader starts the thread with. */
export interface GunzipJob {
  readonly path: string;
  readonly chunkBytes: number;
  readonly inFlight: number;
}

/** What the thread posts, in this order: text chunks, then an end or an error. */
export type GunzipMessage =
  | {
      readonly type: "text";
      /** The chunk's bytes are [0, length) of it. */
      readonly buffer: ArrayBuffer;
      readonly length: number;
      /** Bytes of the gzip file read so far: for a progress bar. */
      readonly fileBytes: number;
    }
  | { readonly type: "end"; readonly fileBytes: number }
  | { readonly type: "error"; readonly code: string; readonly message: string };

async function gunzip(port: NonNullable<typeof parentPort>, job: GunzipJob): Promise<void> {
  // The buffers the text travels in: each goes to the reader and comes back once read.
  const free: ArrayBuffer[] = [];
  for (let i = 0; i < job.inFlight; i++) free.push(new ArrayBuffer(job.chunkBytes));
  let wake: (() => void) | undefined;
  const onReturn = (buffer: ArrayBuffer): void => {
    free.push(buffer);
    wake?.();
    wake = undefined;
  };
  port.on("message", onReturn);
  const file = createReadStream(job.path, { highWaterMark: 1 << 20 });
  // Several members in a row (a rotated log concatenated with cat) inflate as one text.
  const text = file.pipe(createGunzip({ chunkSize: 1 << 18 }));
  file.on("error", (e) => text.destroy(e));
  // zlib's output chunks share memory it reuses: they are copied into `out`.
  let out: Uint8Array<ArrayBuffer> | undefined;
  let used = 0;
  /** Posts what `out` holds, giving its buffer away: the reader gives it back once read. */
  const post = (): void => {
    if (out === undefined || used === 0) return;
    const message: GunzipMessage = {
      type: "text",
      buffer: out.buffer,
      length: used,
      fileBytes: file.bytesRead,
    };
    port.postMessage(message, [out.buffer]);
    out = undefined;
    used = 0;
  };
  /** A buffer to fill. The back-pressure: none free, no more inflating until the reader is done with one. */
  const take = async (): Promise<Uint8Array<ArrayBuffer>> => {
    while (free.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return new Uint8Array(free.pop()!);
  };
  try {
    for await (const chunk of text) {
      const bytes = chunk as Buffer;
      let at = 0;
      while (at < bytes.length) {
        out ??= await take();
        const n = Math.min(bytes.length - at, out.length - used);
        out.set(bytes.subarray(at, at + n), used);
        used += n;
        at += n;
        if (used === out.length) post();
      }
    }
    post();
    port.postMessage({ type: "end", fileBytes: file.bytesRead } satisfies GunzipMessage);
  } catch (error) {
    // The text inflated before the error is read first, as it would be from the plain file.
    post();
    const e = error as NodeJS.ErrnoException;
    port.postMessage({
      type: "error",
      code: e.code ?? "error",
      message: e.message,
    } satisfies GunzipMessage);
  } finally {
    file.destroy();
    text.destroy();
    // Nothing more to wait for: the thread ends once its messages are out.
    port.off("message", onReturn);
  }
}

if (parentPort) await gunzip(parentPort, workerData as GunzipJob);
