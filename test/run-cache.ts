import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";

/*
 * Results shared between the test files of one run (test/run-cache-setup.ts
 * makes the folder). The simulations behind them are deterministic (same
 * inputs and seeds, same numbers), so a result computed once stands for
 * every test that asks for it; sharing changes how often a fit runs, never
 * what a test sees. The first file to ask computes and writes; a file asking
 * meanwhile waits for the file to appear.
 */

const inProcess = new Map<string, Promise<unknown>>();

// JSON has no NaN or ±Infinity (a validation row may hold NaN): tagged on the way out.
const replacer = (_: string, v: unknown) =>
  typeof v === "number" && !Number.isFinite(v) ? { $number: String(v) } : v;
const reviver = (_: string, v: unknown) =>
  v !== null && typeof v === "object" && "$number" in v && Object.keys(v).length === 1
    ? Number((v as { $number: string }).$number)
    : v;

/** How often a waiting file looks for the result another file is computing. */
const POLL_MS = 200;

/**
 * The value `compute` returns for `key` (a description of every input: what
 * is computed, from what, with which options and seeds), computed once per
 * run across all test files. The value must survive JSON (numbers, strings,
 * arrays, plain objects; NaN and ±Infinity are kept).
 */
export function shared<T>(key: string, compute: () => Promise<T> | T): Promise<T> {
  let promise = inProcess.get(key) as Promise<T> | undefined;
  if (promise === undefined) {
    promise = fromRun(key, compute);
    inProcess.set(key, promise);
  }
  return promise;
}

async function fromRun<T>(key: string, compute: () => Promise<T> | T): Promise<T> {
  let dir: string | undefined;
  try {
    dir = inject("runCacheDir");
  } catch {
    dir = undefined;
  }
  // Outside a project with the setup (a one-off run with another config): just compute.
  if (!dir) return compute();
  const name = createHash("sha256").update(key).digest("hex").slice(0, 32);
  const file = join(dir, `${name}.json`);
  const read = () => JSON.parse(readFileSync(file, "utf8"), reviver) as T;
  if (existsSync(file)) return read();
  try {
    // mkdir is atomic: exactly one file computes; the others wait for its result.
    mkdirSync(`${file}.lock`);
  } catch {
    for (;;) {
      if (existsSync(file)) return read();
      // The computing file failed: fail here too (its own test shows why).
      if (existsSync(`${file}.failed`))
        throw new Error(`another test file failed to compute ${key}`);
      await sleep(POLL_MS);
    }
  }
  let value: T;
  try {
    value = await compute();
  } catch (error) {
    writeFileSync(`${file}.failed`, String(error));
    throw error;
  }
  writeFileSync(`${file}.tmp`, JSON.stringify(value, replacer));
  renameSync(`${file}.tmp`, file);
  return value;
}
