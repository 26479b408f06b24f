import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../scenario/index.js";
import {
  ARRAY_SCRIPT,
  arrayJobName,
  arraySpec,
  type ClusterJob,
  lockFileName,
  MERGE_SCRIPT,
  mergeCommand,
  mergeJobName,
  missingShards as missingShardsOf,
  parseSbatchJobId,
  SLURM_FOLDER,
  sbatchArrayArgs,
  sbatchCommandsText,
  sbatchMergeArgs,
  shardCommands,
  shortPlanId,
  slurmArrayScript,
  slurmMergeScript,
} from "../study/index.js";
import { readText, writeAtomic } from "./files.js";
import { isAlive } from "./output/lock.js";
import { readHolder } from "./sweep-lock.js";

/*
 * `rrdns sweep --slurm` and `--emit commands`: the I/O around the pure job
 * text of src/study/cluster.ts — which shards are already done, writing the
 * scripts, calling sbatch and squeue.
 */

/** How a compute node starts this very rrdns: this node binary and this build's main.js. */
export function rrdnsCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL("./main.js", import.meta.url))];
}

/** The shards still to run: those without a complete shard file of this plan in its folder. */
function missingShards(job: ClusterJob): number[] {
  return missingShardsOf(job, (file) => (existsSync(file) ? readText(file) : null));
}

/** `--emit commands`: one shell command per missing shard on stdout, the merge as a hint on stderr. */
export function emitCommands(job: ClusterJob, workers: number, quiet: boolean): void {
  const missing = missingShards(job);
  process.stdout.write(shardCommands(job, workers, missing));
  if (quiet) return;
  const done = job.shards - missing.length;
  process.stderr.write(
    `rrdns: ${missing.length} shard command${missing.length === 1 ? "" : "s"} of ${job.shards}` +
      (done > 0 ? ` (${done} already done in ${job.out})` : "") +
      `; when they have all succeeded:\n${mergeCommand(job)}\n`,
  );
}

/**
 * `--slurm`: writes the array and merge scripts into <out>/slurm/, then
 * either prints the sbatch commands (stdout, ready for bash) or, with
 * --submit, runs them and prints the job ids. Only shards still missing
 * are submitted.
 */
export function slurmSweep(job: ClusterJob, submit: boolean, quiet: boolean): void {
  const missing = missingShards(job);
  const dir = join(job.out, SLURM_FOLDER);
  // sbatch opens the log files itself and does not create their folder.
  mkdirSync(join(dir, "logs"), { recursive: true });
  writeAtomic(join(dir, ARRAY_SCRIPT), slurmArrayScript(job));
  writeAtomic(join(dir, MERGE_SCRIPT), slurmMergeScript(job));
  const done = job.shards - missing.length;
  const what =
    missing.length === 0
      ? `all ${job.shards} shards are done; only the merge is left`
      : `${missing.length} of ${job.shards} shards to run` +
        (done > 0 ? ` (shards ${arraySpec(missing)}; ${done} already done)` : "");
  if (!submit) {
    if (!quiet) {
      process.stderr.write(
        `rrdns: wrote ${join(dir, ARRAY_SCRIPT)} and ${MERGE_SCRIPT} (plan ${shortPlanId(job.planId)}…); ${what}. Submit with:\n`,
      );
    }
    process.stdout.write(sbatchCommandsText(job, missing));
    return;
  }
  if (refuseIfQueued(job)) clearDeadShardLocks(job, missing, quiet);
  if (missing.length === 0) {
    const merge = sbatch(sbatchMergeArgs(job, null));
    process.stdout.write(`${what}\nmerge job ${merge}: writes ${job.out}/\n`);
    return;
  }
  const array = sbatch(sbatchArrayArgs(job, missing));
  const merge = sbatch(sbatchMergeArgs(job, array));
  process.stdout.write(
    `array job ${array}: shards ${arraySpec(missing)} of ${job.shards}\n` +
      `merge job ${merge}: after job ${array} succeeds, writes ${job.out}/\n`,
  );
}

/** Runs sbatch --parsable and returns the job id; its failures become UserErrors with its message. */
function sbatch(args: readonly string[]): string {
  const r = spawnSync("sbatch", args, { encoding: "utf8" });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === "ENOENT"
        ? "--submit: sbatch not found (is this a Slurm login node?); without --submit rrdns prints the sbatch commands"
        : `--submit: sbatch could not be started (${code ?? r.error.message})`,
    );
  }
  const id = r.status === 0 ? parseSbatchJobId(r.stdout) : null;
  if (id === null) {
    const said = `${r.stderr}${r.stdout}`.trim();
    throw new UserError(
      `--submit: sbatch ${r.status === 0 ? "printed no job id" : `failed (exit ${r.status})`}${said ? `: ${said}` : ""}`,
    );
  }
  return id;
}

/**
 * A second submission while jobs of this plan still wait or run would run
 * the same shards twice (the second copy stops at the shard lock): refuse.
 * Without squeue there is nothing to ask, and sbatch will say what is wrong.
 */
function refuseIfQueued(job: ClusterJob): boolean {
  const r = spawnSync(
    "squeue",
    ["--noheader", "--format=%i", `--name=${arrayJobName(job)},${mergeJobName(job)}`],
    { encoding: "utf8" },
  );
  if (r.error || r.status !== 0) return false;
  const ids = r.stdout.split("\n").filter((l) => l.trim() !== "");
  if (ids.length > 0) {
    throw new UserError(
      `--submit: jobs of this sweep are still queued or running (${ids.map((s) => s.trim()).join(", ")}); wait for them to end, or scancel them, then run this again`,
    );
  }
  return true;
}

/**
 * A task killed outright (SIGKILL after the time limit's grace, out of
 * memory, a node lost) leaves its shard's lock behind, naming a process on
 * a compute node that cannot be checked from here, and the resubmitted task
 * would stop at it. Once squeue has said that no job of this sweep is queued
 * or running, such locks are dead: removed, with a note. A lock held by a
 * live process on this host (a shard run by hand) is left, and refused.
 */
function clearDeadShardLocks(job: ClusterJob, missing: readonly number[], quiet: boolean): void {
  for (const index of missing) {
    const path = join(job.out, lockFileName({ index, count: job.shards }));
    if (!existsSync(path)) continue;
    const holder = readHolder(path);
    if (holder && holder.host === hostname() && isAlive(holder.pid)) {
      throw new UserError(
        `${path}: shard ${index}/${job.shards} is being run by rrdns process ${holder.pid} on this host; wait for it, then run this again`,
      );
    }
    rmSync(path, { force: true });
    if (!quiet) {
      const who = holder ? `rrdns process ${holder.pid} on ${holder.host}` : "an unknown process";
      process.stderr.write(
        `rrdns: removed the lock of shard ${index}/${job.shards} left by ${who}; no job of this sweep is queued or running\n`,
      );
    }
  }
}
