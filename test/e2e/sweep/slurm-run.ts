import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI } from "../../cli-helpers.js";
import { type SlurmCluster, startSlurm, waitForJob } from "./slurm-cluster.js";

/*
 * The Slurm sweep of test/e2e/sweep/slurm.test.ts, run from start to end
 * and recorded: what each command printed and each job ended as, and the
 * files the test compares. It mostly waits (for slurmctld to schedule the
 * jobs, about 10 s a submission), so the slurm project's globalSetup
 * (slurm-setup.ts) runs it when the run starts, beside the other files, and
 * the test judges the record instead of holding a worker while it waits.
 */

export interface Command {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every observation the test makes, in the order the steps run; absent after a failed step. */
export interface SlurmRecord {
  /** Why the sweep stopped early (an exception, a job that did not finish), if it did. */
  error?: string;
  timings: string[];
  local?: Command;
  submit?: Command;
  /** The first submission's array tasks' and merge job's final states, and the jobs' logs then. */
  firstArray?: string[];
  firstMerge?: string[];
  firstLogs?: string;
  localCsv?: string;
  localJson?: string;
  slurmCsv?: string;
  slurmJson?: string;
  indexHtml?: boolean;
  /** The merge job submitted alone after a shard file was lost. */
  lone?: Command;
  loneStates?: string[];
  loneSaid?: string;
  csvAfterLone?: boolean;
  again?: Command;
  secondArray?: string[];
  secondMerge?: string[];
  secondLogs?: string;
  finalCsv?: string;
}

/** The sweep, shared by the local run and the Slurm one. */
export const planArgs = (scenarioFile: string, out: string): string[] => [
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

/** The scenario the sweep varies. */
export const SCENARIO = `name: tiny
duration: 300
servers: [ {address: 10.0.0.2}, {address: 10.0.0.3}, {address: 10.0.0.4} ]
dns: { ttl: 60, order: cyclic, healthCheck: { interval: 5, failures: 2 } }
resolvers: { count: 40, skew: 1, behaviour: frozen }
clients: { rate: 15, selection: first }
failures: [ { server: 10.0.0.3, at: 100, duration: 120 } ]
`;

/** The built CLI as a process, without blocking the event loop (this runs in vitest's main process). */
function rrdnsWith(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<Command> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${e}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export const ids = (stdout: string): { array: string | null; merge: string } => ({
  array: /^array job (\d+):/m.exec(stdout)?.[1] ?? null,
  merge: /^merge job (\d+):/m.exec(stdout)![1]!,
});

/** The Slurm logs of the sweep, for failure messages. */
export function logs(out: string): string {
  const dir = join(out, "slurm", "logs");
  if (!existsSync(dir)) return "(no logs)";
  return readdirSync(dir)
    .map((f) => `--- ${f}\n${readFileSync(join(dir, f), "utf8")}`)
    .join("\n");
}

/**
 * Starts a single-node cluster in `clusterDir`, runs the sweep locally and on
 * the cluster in `tmp` (a path with spaces, quotes and a $: the scripts must
 * quote them), loses a shard and submits again, stops the cluster, and
 * returns what it saw. Never throws: a failure is the record's `error`.
 */
export async function recordSlurmSweep(tmp: string, clusterDir: string): Promise<SlurmRecord> {
  const rec: SlurmRecord = { timings: [] };
  let cluster: SlurmCluster | null = null;
  let localRun: Promise<Command> | undefined;
  const read = (file: string) => readFileSync(file, "utf8");
  const local = join(tmp, "local");
  const out = join(tmp, "on slurm");
  try {
    const scenarioFile = join(tmp, "tiny sweep.yaml");
    writeFileSync(scenarioFile, SCENARIO);
    cluster = await startSlurm(clusterDir);
    const c = cluster;
    // The local sweep beside the Slurm one: the jobs mostly wait for the scheduler.
    let t = performance.now();
    localRun = rrdnsWith(process.env, planArgs(scenarioFile, local)).then((r) => {
      rec.timings.push(`local rrdns sweep ${Math.round(performance.now() - t)} ms`);
      rec.local = r;
      return r;
    });
    // The same command both times: submit the sweep as a 4-shard array and its merge, then wait for both.
    const submitAndWait = async () => {
      const command = await rrdnsWith(c.env, [
        ...planArgs(scenarioFile, out),
        "--slurm",
        "--array-size",
        "4",
        "--submit",
      ]);
      if (command.code !== 0) return { command };
      const jobs = ids(command.stdout);
      const array = await waitForJob(c, jobs.array!, 90_000);
      const merge = await waitForJob(c, jobs.merge, 90_000);
      return { command, array, merge, logs: logs(out) };
    };
    const first = await submitAndWait();
    rec.submit = first.command;
    if (first.command.code !== 0) return rec;
    rec.firstArray = first.array;
    rec.firstMerge = first.merge;
    rec.firstLogs = first.logs;
    rec.timings.push(`submit → merged on Slurm ${Math.round(performance.now() - t)} ms (4 shards)`);
    if ((await localRun).code !== 0) return rec;
    rec.localCsv = read(join(local, "sweep.csv"));
    rec.localJson = read(join(local, "sweep.json"));
    rec.slurmCsv = read(join(out, "sweep.csv"));
    rec.slurmJson = read(join(out, "sweep.json"));
    rec.indexHtml = existsSync(join(out, "index.html"));

    // A lost shard: the merge job alone fails loudly, naming it ...
    rmSync(join(out, "sweep.shard-2-of-4.jsonl"));
    rmSync(join(out, "sweep.csv"));
    const lone = c.run("sbatch", [
      "--parsable",
      `--output=${join(out, "slurm", "lone-merge.out")}`,
      join(out, "slurm", "sweep-merge.sbatch"),
    ]);
    rec.lone = lone;
    if (lone.code !== 0) return rec;
    rec.loneStates = await waitForJob(c, lone.stdout.trim(), 60_000);
    rec.loneSaid = read(join(out, "slurm", "lone-merge.out"));
    rec.csvAfterLone = existsSync(join(out, "sweep.csv"));

    // ... and running the same command again submits that shard only, then merges.
    t = performance.now();
    const second = await submitAndWait();
    rec.again = second.command;
    if (second.command.code !== 0) return rec;
    rec.secondArray = second.array;
    rec.secondMerge = second.merge;
    rec.secondLogs = second.logs;
    rec.timings.push(`resubmitted shard → merged ${Math.round(performance.now() - t)} ms`);
    rec.finalCsv = read(join(out, "sweep.csv"));
  } catch (error) {
    const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
    rec.error = `${why}\n${logs(out)}`;
  } finally {
    await localRun;
    await cluster?.stop();
  }
  return rec;
}
