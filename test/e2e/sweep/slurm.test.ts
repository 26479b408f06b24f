import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { SlurmRecord } from "./slurm-run.js";

/*
 * `rrdns sweep --slurm --submit` on a real single-node Slurm cluster
 * (./slurm-cluster.ts): the array and its merge job run through slurmctld
 * and slurmd, and the merged sweep.csv must be byte-identical to the same
 * sweep run locally. Skipped, saying why, where slurm-wlm and munge are not
 * installed or we are not root; .ci/run installs them.
 *
 * The sweep runs when the test run starts (the slurm project's globalSetup,
 * slurm-setup.ts, running slurm-run.ts), since it mostly waits for the
 * scheduler; this file judges what it recorded.
 */

const { unavailable, record } = inject("slurmRun");
if (unavailable) console.warn(`test/e2e/sweep/slurm.test.ts skipped: ${unavailable}`);

let timings: string[] = [];
afterAll(() => {
  if (timings.length > 0) console.info(`slurm.test.ts wall times: ${timings.join("; ")}`);
});

/** The record, once the sweep has ended (bounded: each of its waits is). */
async function recorded(): Promise<SlurmRecord> {
  const deadline = Date.now() + 280_000;
  while (!existsSync(record)) {
    if (Date.now() > deadline) throw new Error(`no Slurm sweep record at ${record} after 280 s`);
    await sleep(200);
  }
  return JSON.parse(readFileSync(record, "utf8")) as SlurmRecord;
}

const title = "rrdns sweep --slurm on a real single-node Slurm cluster";
describe.skipIf(unavailable !== null)(
  unavailable ? `${title} (skipped: ${unavailable})` : title,
  () => {
    it("the array and the merge job give sweep.csv byte-identical to a local sweep; a re-run submits only the missing shard", async () => {
      const rec = await recorded();
      timings = rec.timings;
      /** A step's observation, or why the sweep stopped before it. */
      const seen = <K extends keyof SlurmRecord>(key: K): NonNullable<SlurmRecord[K]> => {
        const value = rec[key];
        if (value === undefined)
          throw new Error(`the Slurm sweep stopped before ${key}: ${rec.error ?? "see above"}`);
        return value as NonNullable<SlurmRecord[K]>;
      };
      const l = seen("local");
      expect(l.code, l.stderr).toBe(0);

      const s = seen("submit");
      expect(s.code, s.stderr).toBe(0);
      expect(s.stdout).toMatch(/^array job \d+: shards 0-3 of 4$/m);
      expect(seen("firstArray"), rec.firstLogs).toEqual([
        "COMPLETED",
        "COMPLETED",
        "COMPLETED",
        "COMPLETED",
      ]);
      expect(seen("firstMerge"), rec.firstLogs).toEqual(["COMPLETED"]);
      const csv = seen("localCsv");
      expect(seen("slurmCsv")).toBe(csv);
      expect(seen("slurmJson")).toBe(seen("localJson"));
      expect(seen("indexHtml")).toBe(true);

      // A lost shard: the merge job alone fails loudly, naming it ...
      const lone = seen("lone");
      expect(lone.code, lone.stderr).toBe(0);
      expect(seen("loneStates")).toEqual(["FAILED"]);
      const said = seen("loneSaid");
      expect(said).toContain("1 of 4 shard files are missing (shards 2/4)");
      expect(said).toContain("--slurm --array-size 4");
      expect(seen("csvAfterLone")).toBe(false);

      // ... and running the same command again submits that shard only, then merges.
      const again = seen("again");
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^array job \d+: shards 2 of 4$/m);
      expect(seen("secondArray"), rec.secondLogs).toEqual(["COMPLETED"]);
      expect(seen("secondMerge"), rec.secondLogs).toEqual(["COMPLETED"]);
      expect(seen("finalCsv")).toBe(csv);
      expect(rec.error).toBeUndefined();
    }, 300_000);
  },
);
