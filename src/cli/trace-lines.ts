import { isAscii } from "node:buffer";
import {
  accessSync,
  closeSync,
  constants,
  createReadStream,
  openSync,
  readSync,
  statSync,
} from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { createGunzip } from "node:zlib";
import { LineSplitter } from "../model/index.js";
import { UserError } from "../scenario/index.js";

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
): AsyncGenerator<string[]> {
  for await (const text of readLineChunks(path, onBytes)) yield text.split("\n");
}

/** The same batches as strings of lines joined by "\n" (a trace replay's TraceBatch): split only by who needs lines. */
export async function* readLineChunks(
  path: string,
  /** Bytes of the file read so far (compressed bytes for a .gz), after each chunk: for a progress bar. */
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<string> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const source = isGzip(path) ? file.pipe(createGunzip({ chunkSize: 1 << 18 })) : file;
  file.on("error", (e) => source.destroy(e));
  const splitter = new LineSplitter(decodeChunk);
  for await (const chunk of source) {
    const text = splitter.pushText(chunk as Buffer);
    onBytes?.(file.bytesRead);
    if (text !== undefined) yield text;
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
