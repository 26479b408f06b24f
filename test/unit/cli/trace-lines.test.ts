import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import {
  CHUNK_BYTES,
  inflatesOffThread,
  OFF_THREAD_MIN_BYTES,
  type ReadOptions,
  readLineBatches,
  readLineChunks,
} from "../../../src/cli/trace-lines.js";
import { UserError } from "../../../src/scenario/index.js";
import { compileGunzipWorker } from "./gunzip-worker-module.js";

/*
 * A gzipped log reads as the same lines, in the same order, as its plain
 * copy, whichever way it is inflated: on the gunzip thread (the CLI's way,
 * src/cli/gunzip-worker.ts compiled here on its own, as the tests run from
 * the sources) or in this thread. The text is built so that reading it
 * meets every edge: chunk boundaries inside a line and inside multi-byte
 * UTF-8 characters, CRLF lines, a last line without a newline, more chunks
 * than the gunzip thread has buffers (they must come back intact), and a
 * gzip of two members whose boundary falls inside a line.
 */

const dir = mkdtempSync(join(tmpdir(), "rrdns-trace-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The gunzip thread, compiled from its source alone (it imports only node: modules). */
const worker = compileGunzipWorker(dir);
// Every gzip here on the thread, however small (the CLI's default sends one under OFF_THREAD_MIN_BYTES here).
const THREAD = { gunzipWorker: pathToFileURL(worker), offThreadMinBytes: 0 };
const HERE = { gunzipWorker: null };

/** ASCII lines up to `end` bytes, then `char` so that it straddles byte offset `end`. */
function linesUpTo(end: number, char: string, crlf: boolean): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  for (let i = 0; ; i++) {
    const line = Buffer.from(
      `10.0.${i % 250}.${i % 7} - - [17/May/2015:10:05:03 +0000] "GET /p/${i} HTTP/1.1" 200 ${i}${crlf && i % 3 === 0 ? "\r" : ""}\n`,
    );
    if (length + line.length + 200 > end) break;
    parts.push(line);
    length += line.length;
  }
  // One line whose multi-byte character starts one byte before `end`.
  const head = Buffer.from('10.9.9.9 - - [17/May/2015:10:05:03 +0000] "GET /');
  const pad = Buffer.alloc(end - 1 - length - head.length, 0x78);
  const char_ = Buffer.from(char);
  parts.push(head, pad, char_, Buffer.from(' HTTP/1.1" 200 1\r\n'));
  const text = Buffer.concat(parts);
  expect(text[end - 1]).toBe(char_[0]); // the character's first byte is the chunk's last
  return text;
}

/** Six chunks and a bit: é across the first boundary, a 4-byte emoji across the second, ... */
const chars = ["é", "😀", "€", "😀", "ß", "中"];
const pieces: Buffer[] = [];
let offset = 0;
for (const [i, char] of chars.entries()) {
  const piece = linesUpTo((i + 1) * CHUNK_BYTES - offset, char, i % 2 === 0);
  pieces.push(piece);
  offset += piece.length;
}
// ... and a last line without its newline.
pieces.push(Buffer.from('10.1.1.1 - - [17/May/2015:10:05:04 +0000] "GET /last HTTP/1.1" 200 7'));
const text = Buffer.concat(pieces);
const expected = text.toString("utf8").split("\n");

const plain = join(dir, "access.log");
writeFileSync(plain, text);
const gz = join(dir, "access.log.gz");
writeFileSync(gz, gzipSync(text, { level: 1 }));
// Two members (as `cat a.gz b.gz` makes), cut in the middle of a line.
const cut = Math.floor(text.length / 2) + 17;
const twoMembers = join(dir, "two-members.log.gz");
writeFileSync(
  twoMembers,
  Buffer.concat([gzipSync(text.subarray(0, cut)), gzipSync(text.subarray(cut))]),
);

async function linesOf(path: string, options: ReadOptions): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of readLineBatches(path, undefined, options)) lines.push(...batch);
  return lines;
}

describe("readLineChunks: a gzip's lines are its plain copy's", () => {
  it("the text meets every edge it is built for", () => {
    expect(text.length).toBeGreaterThan(6 * CHUNK_BYTES);
    expect(text[cut - 1]).not.toBe(0x0a);
    expect(expected.filter((l) => l.endsWith("\r")).length).toBeGreaterThan(1000);
    for (const char of chars) expect(expected.some((l) => l.includes(`x${char} HTTP`))).toBe(true);
    expect(expected.at(-1)).toContain("/last");
  });

  it("the plain file reads as its text's lines (CRLF kept, characters whole, the last line without newline)", async () => {
    expect(await linesOf(plain, THREAD)).toEqual(expected);
  });

  for (const [how, options] of [
    ["on the gunzip thread", THREAD],
    ["in this thread", HERE],
  ] as const) {
    it(`a gzip, inflated ${how}`, async () => {
      expect(await linesOf(gz, options)).toEqual(expected);
    });
    it(`a gzip of two members, inflated ${how}`, async () => {
      expect(await linesOf(twoMembers, options)).toEqual(expected);
    });
  }

  it("the gunzip thread hands over the text in chunks of CHUNK_BYTES, as the plain file is read", async () => {
    const sizes = async (path: string) => {
      const out: number[] = [];
      for await (const chunk of readLineChunks(path, undefined, THREAD)) out.push(chunk.length);
      return out;
    };
    expect(await sizes(gz)).toEqual(await sizes(plain));
  });

  it("reports progress in the gzip file's bytes, up to its size", async () => {
    const seen: number[] = [];
    for await (const _ of readLineChunks(gz, (n) => seen.push(n), THREAD));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(readFileSync(gz).length);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
  });

  it("a reader that stops early ends the thread (and the next read starts afresh)", async () => {
    for await (const _ of readLineChunks(gz, undefined, THREAD)) break;
    expect(await linesOf(gz, THREAD)).toEqual(expected);
  });
});

describe("readLineChunks: a broken gzip is a UserError naming the file", () => {
  const whole = readFileSync(gz);
  const truncated = join(dir, "truncated.log.gz");
  writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
  // Cut within its first chunk of text: the lines before the cut are still read.
  const short = join(dir, "short.log.gz");
  writeFileSync(short, whole.subarray(0, 20_000));
  const corrupt = join(dir, "corrupt.log.gz");
  const bytes = Buffer.from(whole);
  bytes.fill(0xff, 5000, 5004);
  writeFileSync(corrupt, bytes);

  for (const [how, options] of [
    ["on the gunzip thread", THREAD],
    ["in this thread", HERE],
  ] as const) {
    it(`truncated, inflated ${how}: Z_BUF_ERROR, how far it got`, async () => {
      const error = await linesOf(truncated, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(
        /truncated\.log\.gz: truncated or corrupt gzip \(Z_BUF_ERROR: unexpected end of file\) after [\d.]+ MB of text, \d+ whole line\(s\)/,
      );
      // The lines before the cut were read: it got past the first chunks.
      const got = Number(/, (\d+) whole line/.exec((error as Error).message)![1]);
      expect(got).toBeGreaterThan(expected.length / 4);
    });
    it(`truncated within its first chunk of text, inflated ${how}: the lines before the cut are read`, async () => {
      const error = await linesOf(short, options).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /short\.log\.gz: truncated or corrupt gzip \(Z_BUF_ERROR/,
      );
      expect(Number(/, (\d+) whole line/.exec((error as Error).message)![1])).toBeGreaterThan(100);
    });
    it(`corrupt, inflated ${how}: Z_DATA_ERROR`, async () => {
      const error = await linesOf(corrupt, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(
        /corrupt\.log\.gz: truncated or corrupt gzip \(Z_DATA_ERROR/,
      );
    });
  }

  it("both ways, the same message: the same text was read before the error", async () => {
    for (const file of [truncated, short, corrupt]) {
      const thread = await linesOf(file, THREAD).catch((e: unknown) => (e as Error).message);
      const here = await linesOf(file, HERE).catch((e: unknown) => (e as Error).message);
      expect(thread).toBe(here);
    }
  });
});

describe("readLineChunks: which gzip goes to the thread", () => {
  it("a gzip of OFF_THREAD_MIN_BYTES or more, when there is a thread to go to", () => {
    const module = pathToFileURL(worker);
    expect(inflatesOffThread(OFF_THREAD_MIN_BYTES - 1, { gunzipWorker: module })).toBe(false);
    expect(inflatesOffThread(OFF_THREAD_MIN_BYTES, { gunzipWorker: module })).toBe(true);
    expect(inflatesOffThread(10, { gunzipWorker: module, offThreadMinBytes: 10 })).toBe(true);
    expect(inflatesOffThread(2 * OFF_THREAD_MIN_BYTES, { gunzipWorker: null })).toBe(false);
  });

  it("a small gzip is inflated here: a thread module that cannot load is never started", async () => {
    const missing = { gunzipWorker: pathToFileURL(join(dir, "no-such-worker.js")) };
    expect(readFileSync(gz).length).toBeLessThan(OFF_THREAD_MIN_BYTES);
    expect(await linesOf(gz, missing)).toEqual(expected);
    // The same read sent to the thread fails: the size, not the module, chose the way.
    await expect(linesOf(gz, { ...missing, offThreadMinBytes: 0 })).rejects.toThrow();
  });
});
