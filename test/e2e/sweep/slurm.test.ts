import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../../cli-helpers.js";
import { type SlurmCluster, slurmUnavailable, startSlurm, waitForJob } from "./slurm-cluster.js";

/*
 * `rrdns sweep --slurm --submit` on a real single-node Slurm cluster
 * (./slurm-cluster.ts): the array and its merge job run through slurmctld
 * and slurmd, and the merged sweep.csv must be byte-identical to the same
 * sweep run locally. Skipped, saying why, where slurm-wlm and munge are not
 * installed or we are not root; .ci/run installs them.
 */

const unavailable = slurmUnavailable();
if (unavailable) console.warn(`test/e2e/sweep/slurm.test.ts skipped: ${unavailable}`);

// Spaces, quotes and a $ in every path the jobs see: the scripts must quote them.
const tmp = mkdtempSync(join(tmpdir(), "rrdns slurm 'it's' \"q\" $x-"));
const scenarioFile = join(tmp, "tiny sweep.yaml");
writeFileSync(
  scenarioFile,
  `name: tiny
duration: 300
servers: [ {address: 10.0.0.2}, {address: 10.0.0.3}, {address: 10.0.0.4} ]
dns: { ttl: 60, order: cyclic, healthCheck: { interval: 5, failures: 2 } }
resolvers: { count: 40, skew: 1, behaviour: frozen }
clients: { rate: 15, selection: first }
failures: [ { server: 10.0.0.3, at: 100, duration: 120 } ]
`,
);
const planArgs = (out: string): string[] => [
  "sweep",
  scenarioFile,
  "--set",
  "dns.ttl=10,60",
  "--set",
  "resolvers.skew=0.5,1.2",
  "--replications",
  "2",
  "--seed",
  "5",
  "--out",
  out,
  "--quiet",
];

// The cluster's own folder has a plain name: slurm.conf takes no quoting.
const clusterDir = mkdtempSync(join(tmpdir(), "rrdns-slurm-cluster-"));
let cluster: SlurmCluster | null = null;
const timings: string[] = [];

beforeAll(async () => {
  if (!unavailable) cluster = await startSlurm(clusterDir);
}, 60_000);

afterAll(async () => {
  try {
    await cluster?.stop();
  } finally {
    if (timings.length > 0) console.info(`slurm.test.ts wall times: ${timings.join("; ")}`);
    rmSync(tmp, { recursive: true, force: true });
    rmSync(clusterDir, { recursive: true, force: true });
  }
});

function rrdnsWith(env: NodeJS.ProcessEnv, args: readonly string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const ids = (stdout: string): { array: string | null; merge: string } => ({
  array: /^array job (\d+):/m.exec(stdout)?.[1] ?? null,
  merge: /^merge job (\d+):/m.exec(stdout)![1]!,
});

/** The Slurm logs of the sweep, for failure messages. */
function logs(out: string): string {
  const dir = join(out, "slurm", "logs");
  if (!existsSync(dir)) return "(no logs)";
  return readdirSync(dir)
    .map((f) => `--- ${f}\n${readFileSync(join(dir, f), "utf8")}`)
    .join("\n");
}

const title = "rrdns sweep --slurm on a real single-node Slurm cluster";
describe.skipIf(unavailable !== null)(
  unavailable ? `${title} (skipped: ${unavailable})` : title,
  () => {
    it("the array and the merge job give sweep.csv byte-identical to a local sweep; a re-run submits only the missing shard", async () => {
      const c = cluster!;
      const local = join(tmp, "local");
      let t = performance.now();
      const l = rrdnsWith(process.env, planArgs(local));
      expect(l.code, l.stderr).toBe(0);
      timings.push(`local rrdns sweep ${Math.round(performance.now() - t)} ms`);

      const out = join(tmp, "on slurm");
      t = performance.now();
      const s = rrdnsWith(c.env, [...planArgs(out), "--slurm", "--array-size", "4", "--submit"]);
      expect(s.code, s.stderr).toBe(0);
      expect(s.stdout).toMatch(/^array job \d+: shards 0-3 of 4$/m);
      const first = ids(s.stdout);
      expect(await waitForJob(c, first.array!, 90_000), logs(out)).toEqual([
        "COMPLETED",
        "COMPLETED",
        "COMPLETED",
        "COMPLETED",
      ]);
      expect(await waitForJob(c, first.merge, 90_000), logs(out)).toEqual(["COMPLETED"]);
      timings.push(`submit → merged on Slurm ${Math.round(performance.now() - t)} ms (4 shards)`);
      const csv = readFileSync(join(local, "sweep.csv"), "utf8");
      expect(readFileSync(join(out, "sweep.csv"), "utf8")).toBe(csv);
      expect(readFileSync(join(out, "sweep.json"), "utf8")).toBe(
        readFileSync(join(local, "sweep.json"), "utf8"),
      );
      expect(existsSync(join(out, "index.html"))).toBe(true);

      // A lost shard: the merge job alone fails loudly, naming it ...
      rmSync(join(out, "sweep.shard-2-of-4.jsonl"));
      rmSync(join(out, "sweep.csv"));
      const lone = c.run("sbatch", [
        "--parsable",
        `--output=${join(out, "slurm", "lone-merge.out")}`,
        join(out, "slurm", "sweep-merge.sbatch"),
      ]);
      expect(lone.code, lone.stderr).toBe(0);
      expect(await waitForJob(c, lone.stdout.trim(), 60_000)).toEqual(["FAILED"]);
      const said = readFileSync(join(out, "slurm", "lone-merge.out"), "utf8");
      expect(said).toContain("1 of 4 shard files are missing (shards 2/4)");
      expect(said).toContain("--slurm --array-size 4");
      expect(existsSync(join(out, "sweep.csv"))).toBe(false);

      // ... and running the same command again submits that shard only, then merges.
      t = performance.now();
      const again = rrdnsWith(c.env, [
        ...planArgs(out),
        "--slurm",
        "--array-size",
        "4",
        "--submit",
      ]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^array job \d+: shards 2 of 4$/m);
      const second = ids(again.stdout);
      expect(await waitForJob(c, second.array!, 90_000), logs(out)).toEqual(["COMPLETED"]);
      expect(await waitForJob(c, second.merge, 90_000), logs(out)).toEqual(["COMPLETED"]);
      timings.push(`resubmitted shard → merged ${Math.round(performance.now() - t)} ms`);
      expect(readFileSync(join(out, "sweep.csv"), "utf8")).toBe(csv);
    }, 300_000);
  },
);
