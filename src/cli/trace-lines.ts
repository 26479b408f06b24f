import { isAscii } from "node:buffer";
import {
  accessSync,
  closeSync,
  constants,
  createReadStream,
  openSync,
  type ReadStream,
  readSync,
  statSync,
} from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { createGunzip } from "node:zlib";
import { LineSplitter } from "../logs/index.js";
import { UserError } from "../scenario/index.js";
import type { GunzipJob, GunzipMessage } from "./gunzip-worker.js";

/** Gzip's magic bytes: a .gz is recognised by content, whatever its name. */
function isGzip(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Checks the file is there and readable before a run starts (exit 2, naming it, if not). */
export function checkTraceFile(path: string): void {
  try {
    if (!statSync(path).isFile()) throw new UserError(`${path}: not a regular file`);
    accessSync(path, constants.R_OK);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new UserError(`${path}: cannot read trace (${code})`);
  }
}

/** A chunk's text: latin1 (fast, and identical) when it is all ASCII, else UTF-8. */
export function decodeChunk(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return b.toString(isAscii(b) ? "latin1" : "utf8");
}

/**
 * The file's lines in batches, one per chunk read, streamed (gunzipped on
 * the fly when the content is gzip): never loaded whole. A trailing "\r" is
 * kept (the parsers accept it).
 */
export async function* readLineBatches(
  path: string,
  onBytes?: (bytesRead: number) => void,
  options: ReadOptions = {},
): AsyncGenerator<string[]> {
  for await (const text of readLineChunks(path, onBytes, options)) yield text.split("\n");
}

/**
 * Most bytes a gzipped log may expand to per byte of the file. Access logs
 * compress 10 to 30 times (the sample log 10.5 times); a file that expands
 * further is a gzip bomb (10 GB of zeros is a 10 MB file), refused before
 * its lines are read rather than after hours of them.
 */
export const MAX_GZIP_RATIO = 100;
/** Expansion always allowed, whatever the ratio (a tiny file of repetitive lines may compress far better). */
export const GZIP_RATIO_FLOOR = 64 * 1024 * 1024;

/** `n` bytes for a message: 12.3 MB, 512 B. */
function size(n: number): string {
  if (n < 1e3) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

/** Bytes of text per chunk handed to the splitter (as the plain file is read). */
export const CHUNK_BYTES = 1 << 20;
/**
 * Buffers of CHUNK_BYTES passed between the gunzip thread and the reader:
 * at most this many chunks inflated ahead, so memory stays O(chunk).
 */
const CHUNKS_IN_FLIGHT = 4;

/**
 * The gunzip thread (dist/cli/gunzip-worker.js, shipped in the package).
 * Null when this module runs from its TypeScript source (the unit tests),
 * where there is no compiled worker: gzip is then inflated in this thread,
 * the same text more slowly; the tests of the thread pass it explicitly.
 */
export const GUNZIP_WORKER: URL | null = import.meta.url.endsWith(".ts")
  ? null
  : new URL("./gunzip-worker.js", import.meta.url);

/**
 * Smallest gzip (compressed bytes) inflated on a thread of its own. Starting
 * the thread and loading its module costs about 0.1 CPU-second, more than a
 * smaller file takes to inflate here (the shared sample, 226 kB, in 2 ms;
 * 1 MiB in about 10 ms), and `fit --validate` reads its log some thirty
 * times. A larger log gains the thread's parallelism (issue 26).
 */
export const OFF_THREAD_MIN_BYTES = 1024 * 1024;

export interface ReadOptions {
  /** The gunzip thread's module, or null to inflate in this thread (default GUNZIP_WORKER). */
  readonly gunzipWorker?: URL | null;
  /** Smallest gzip inflated on the thread (default OFF_THREAD_MIN_BYTES); smaller ones inflate here. */
  readonly offThreadMinBytes?: number;
}

/** Whether a gzip of `bytes` compressed bytes is inflated on the gunzip thread. */
export function inflatesOffThread(bytes: number, options: ReadOptions = {}): boolean {
  const module = options.gunzipWorker === undefined ? GUNZIP_WORKER : options.gunzipWorker;
  return module !== null && bytes >= (options.offThreadMinBytes ?? OFF_THREAD_MIN_BYTES);
}

/** Bytes of the file read so far, kept up to date by a byte source. */
interface Progress {
  fileBytes: number;
}

/** The plain file's bytes, in chunks of CHUNK_BYTES. */
function plainBytes(path: string, progress: Progress): AsyncGenerator<Uint8Array> {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  return chunksOf(file, file, progress);
}

/** The gzip's text inflated in this thread (zlib's own thread pool does the work, this thread waits for it). */
function inflatedHere(path: string, progress: Progress): AsyncGenerator<Uint8Array> {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const text = file.pipe(createGunzip({ chunkSize: 1 << 18 }));
  file.on("error", (e) => text.destroy(e));
  return chunksOf(text, file, progress);
}

/** The chunks of `text`, read from `file` (the same stream for a plain file), its progress counted in the file's bytes. */
async function* chunksOf(
  text: AsyncIterable<unknown> & { destroy(): void },
  file: ReadStream,
  progress: Progress,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of text) {
      progress.fileBytes = file.bytesRead;
      yield chunk as Buffer;
    }
  } finally {
    file.destroy();
    text.destroy();
  }
}

/**
 * The gzip's text inflated on a thread of its own (gunzip-worker.ts), in
 * order, while this thread splits and parses the chunks before. The thread
 * is held (ref) only while this waits for it, so a reader abandoned
 * mid-file never keeps the process alive; it is ended with the generator.
 */
async function* inflatedOffThread(
  path: string,
  progress: Progress,
  module: URL,
): AsyncGenerator<Uint8Array> {
  const job: GunzipJob = { path, chunkBytes: CHUNK_BYTES, inFlight: CHUNKS_IN_FLIGHT };
  const worker = new Worker(module, { workerData: job });
  const inbox: GunzipMessage[] = [];
  let crashed: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const ring = () => {
    wake?.();
    wake = undefined;
  };
  worker.on("message", (m: GunzipMessage) => {
    inbox.push(m);
    ring();
  });
  worker.on("error", (error) => {
    crashed = { error };
    ring();
  });
  worker.on("exit", (code) => {
    crashed ??= { error: new Error(`the gunzip thread of ${path} ended (exit code ${code})`) };
    ring();
  });
  try {
    for (;;) {
      // Messages come before the exit that follows them: the inbox is read first.
      const m = inbox.shift();
      if (m === undefined) {
        if (crashed) throw crashed.error;
        worker.ref();
        await new Promise<void>((resolve) => (wake = resolve));
        worker.unref();
        continue;
      }
      if (m.type === "end") {
        progress.fileBytes = m.fileBytes;
        return;
      }
      if (m.type === "error") throw Object.assign(new Error(m.message), { code: m.code });
      progress.fileBytes = m.fileBytes;
      yield new Uint8Array(m.buffer, 0, m.length);
      // Read (the splitter copies what it keeps): the buffer goes back for more text.
      worker.postMessage(m.buffer, [m.buffer]);
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * The same batches as strings of lines joined by "\n" (a trace replay's
 * TraceBatch): split only by who needs lines. A gzip (recognised by its
 * content) of OFF_THREAD_MIN_BYTES or more is inflated on a thread of its own (GUNZIP_WORKER); the lines
 * are the same, in the same order, as the plain file's. Every way reading
 * can fail is a UserError naming the file and how far it got: a truncated
 * or corrupt gzip (zlib's Z_BUF_ERROR, Z_DATA_ERROR), a gzip that expands
 * more than MAX_GZIP_RATIO times, a line longer than MAX_LINE_BYTES, a read
 * error.
 */
export async function* readLineChunks(
  path: string,
  /** Bytes of the file read so far (compressed bytes for a .gz), after each chunk: for a progress bar. */
  onBytes?: (bytesRead: number) => void,
  options: ReadOptions = {},
): AsyncGenerator<string> {
  const gz = isGzip(path);
  const progress: Progress = { fileBytes: 0 };
  const module = options.gunzipWorker === undefined ? GUNZIP_WORKER : options.gunzipWorker;
  const compressed = gz ? statSync(path).size : 0;
  const source = !gz
    ? plainBytes(path, progress)
    : inflatesOffThread(compressed, options)
      ? // (inflatesOffThread is false without a module)
        inflatedOffThread(path, progress, module!)
      : inflatedHere(path, progress);
  const splitter = new LineSplitter(decodeChunk, path);
  const limit = gz ? Math.max(GZIP_RATIO_FLOOR, MAX_GZIP_RATIO * compressed) : Infinity;
  let read = 0;
  const where = () => `after ${size(read)}${gz ? " of text" : ""}, ${splitter.lines} whole line(s)`;
  try {
    for await (const chunk of source) {
      read += chunk.length;
      if (read > limit)
        throw new UserError(
          `${path}: expands to more than ${MAX_GZIP_RATIO} times its ${size(statSync(path).size)} (MAX_GZIP_RATIO): refused as a likely gzip bomb (${where()})`,
        );
      const text = splitter.pushText(chunk);
      onBytes?.(progress.fileBytes);
      if (text !== undefined) yield text;
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    const e = error as NodeJS.ErrnoException;
    const what = gz && e.code?.startsWith("Z_") ? "truncated or corrupt gzip" : "cannot read";
    throw new UserError(`${path}: ${what} (${e.code ?? "error"}: ${e.message}) ${where()}`);
  } finally {
    await source.return(undefined);
  }
  const rest = splitter.end();
  if (rest !== undefined) yield rest[0]!;
}

/**
 * The trace file a scenario names, resolved like an include: relative to the
 * scenario file's folder unless absolute; checked to be a readable file.
 */
export function traceFileOf(traceFile: string, scenarioPath: string): string {
  const file = isAbsolute(traceFile) ? traceFile : resolve(dirname(scenarioPath), traceFile);
  checkTraceFile(file);
  return file;
}
