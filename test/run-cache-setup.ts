import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder that lives for one `vitest run`: see test/run-cache.ts. */
    runCacheDir: string;
  }
}

/**
 * One empty folder per test run, shared by the worker processes (vitest runs
 * files in parallel forks): an expensive result one file computes (a fit of
 * the shared log, a validation's replications) is read by the next file that
 * needs it instead of being computed again. Removed when the run ends, so
 * nothing computed by an older source tree is ever read.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-run-cache-"));
  project.provide("runCacheDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
