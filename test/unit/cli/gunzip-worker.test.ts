import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { GunzipJob, GunzipMessage } from "../../../src/cli/gunzip-worker.js";
import { compileGunzipWorker } from "./gunzip-worker-module.js";

/*
 * The gunzip thread on its own (compiled from its source alone, as
 * test/unit/cli/trace-lines.test.ts does): the text comes in at most
 * `inFlight` buffers of `chunkBytes`, which go back and forth. The reader's
 * side (cli/trace-lines.ts) gives each back once read; here the test plays
 * the reader and holds them, to see that the thread waits instead of
 * allocating more (memory O(chunk) whatever the file's size).
 */

const dir = mkdtempSync(join(tmpdir(), "rrdns-gunzip-worker-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const module = compileGunzipWorker(dir);

// Hex text: incompressible enough that one inflate step never covers the whole file.
const CHUNK = 64 * 1024;
const text = Buffer.from(randomBytes(10 * CHUNK + 1234).toString("hex"));
const gz = join(dir, "text.gz");
writeFileSync(gz, gzipSync(text));

/** Starts the thread; every message it posts lands in `inbox`, in order. */
function start(inFlight: number): { worker: Worker; inbox: GunzipMessage[] } {
  const job: GunzipJob = { path: gz, chunkBytes: CHUNK, inFlight };
  const worker = new Worker(module, { workerData: job });
  const inbox: GunzipMessage[] = [];
  worker.on("message", (m: GunzipMessage) => inbox.push(m));
  return { worker, inbox };
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !done(); i++) await sleep(5);
  expect(done()).toBe(true);
}

const texts = (inbox: readonly GunzipMessage[]) => inbox.filter((m) => m.type === "text");

describe("the gunzip thread: a few buffers that go back and forth", () => {
  it("with none given back it posts `inFlight` chunks and waits: nothing is allocated beyond them", async () => {
    const { worker, inbox } = start(2);
    try {
      await until(() => texts(inbox).length >= 2);
      // The file holds over 20 chunks of text; a thread that made a new buffer
      // when none was free would post the third within a millisecond.
      await sleep(300);
      expect(texts(inbox)).toHaveLength(2);
      expect(inbox.some((m) => m.type === "end")).toBe(false);
      // One buffer back: exactly one more chunk.
      const first = inbox[0] as Extract<GunzipMessage, { type: "text" }>;
      worker.postMessage(first.buffer, [first.buffer]);
      await until(() => texts(inbox).length >= 3);
      await sleep(300);
      expect(texts(inbox)).toHaveLength(3);
    } finally {
      await worker.terminate();
    }
  });

  it("read to the end with each buffer given back: the text whole, in chunks of chunkBytes, never more out than inFlight", async () => {
    const inFlight = 3;
    const { worker, inbox } = start(inFlight);
    const parts: Buffer[] = [];
    let returned = 0;
    let read = 0;
    try {
      for (;;) {
        await until(() => inbox.length > read);
        const m = inbox[read++]!;
        if (m.type === "error") throw new Error(m.message);
        if (m.type === "end") break;
        // The back-pressure: at most inFlight chunks out beyond those given back.
        expect(texts(inbox).length).toBeLessThanOrEqual(inFlight + returned);
        expect(m.buffer.byteLength).toBe(CHUNK);
        parts.push(Buffer.from(new Uint8Array(m.buffer, 0, m.length)));
        worker.postMessage(m.buffer, [m.buffer]);
        returned++;
      }
    } finally {
      await worker.terminate();
    }
    expect(Buffer.concat(parts).equals(text)).toBe(true);
    // Every chunk but the last is full.
    expect(parts.slice(0, -1).every((p) => p.length === CHUNK)).toBe(true);
    expect(parts.length).toBe(Math.ceil(text.length / CHUNK));
  });
});
