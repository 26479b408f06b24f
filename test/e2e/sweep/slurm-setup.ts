import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { slurmUnavailable } from "./slurm-cluster.js";
import { recordSlurmSweep } from "./slurm-run.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The Slurm sweep started by test/e2e/sweep/slurm-setup.ts: why not, or where its record appears. */
    slurmRun: { unavailable: string | null; record: string };
  }
}

/*
 * Runs the Slurm sweep of slurm.test.ts (slurm-run.ts) when the run starts,
 * after the build (the jobs run the built CLI): its 25 s of waiting for the
 * scheduler overlap the other files' work, and the test file, started last
 * (vitest.config.ts), judges the record. Only the slurm project has this
 * setup, so a run without slurm.test.ts starts no cluster. The cluster's
 * daemons are stopped by PID when the sweep ends (slurm-cluster.ts), and
 * the teardown waits for that.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const unavailable = slurmUnavailable();
  if (unavailable) {
    project.provide("slurmRun", { unavailable, record: "" });
    return async () => {};
  }
  // Spaces, quotes and a $ in every path the jobs see: the scripts must quote them.
  const tmp = mkdtempSync(join(tmpdir(), "rrdns slurm 'it's' \"q\" $x-"));
  // The cluster's own folder has a plain name: slurm.conf takes no quoting.
  const clusterDir = mkdtempSync(join(tmpdir(), "rrdns-slurm-cluster-"));
  const results = mkdtempSync(join(tmpdir(), "rrdns-slurm-record-"));
  const record = join(results, "record.json");
  const done = recordSlurmSweep(tmp, clusterDir).then((rec) => {
    // Written whole (a rename), so a reader never sees half a record.
    writeFileSync(`${record}.tmp`, JSON.stringify(rec));
    renameSync(`${record}.tmp`, record);
  });
  project.provide("slurmRun", { unavailable: null, record });
  return async () => {
    await done;
    for (const dir of [tmp, clusterDir, results]) rmSync(dir, { recursive: true, force: true });
  };
}
