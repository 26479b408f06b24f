import { UserError } from "../scenario/index.js";
import { type ClusterJob, shardFile, shortPlanId } from "./cluster.js";
import type { TaskRecord } from "./execute.js";
import { missingTasks } from "./output.js";
import { runCount, type Shard, type SweepPlan, shardTaskCount, stableStringify } from "./plan.js";
import { parseTaskFile } from "./task-file.js";

/*
 * What an earlier run of a plan already did, decided from its task files'
 * texts (the CLI reads the files and passes their texts in): the records a
 * resumed sweep keeps, and the shards a cluster submission still has to run.
 * The names of those files, which the CLI reads, writes and locks, are here too.
 */

/** sweep.partial.jsonl, or one per shard so array jobs can share an output folder. */
export function partialFileName(shard: Shard | null): string {
  return shard
    ? `sweep.shard-${shard.index}-of-${shard.count}.partial.jsonl`
    : "sweep.partial.jsonl";
}

export function shardFileName(shard: Shard): string {
  return `sweep.shard-${shard.index}-of-${shard.count}.jsonl`;
}

/** The lock guarding a task file and the outputs written from it (see src/cli/sweep-lock.ts). */
export function lockFileName(shard: Shard | null): string {
  return shard ? `sweep.shard-${shard.index}-of-${shard.count}.lock` : "sweep.lock";
}

/** A task file as read: the name errors give it, and its text. */
export interface TaskFileText {
  readonly file: string;
  readonly text: string;
}

/**
 * Finished records of this plan (and shard) left by an earlier run, from
 * its task files in order (partial file, then shard file; the later wins a
 * task). A file of another plan, and any record in it that is malformed or
 * of another plan, stops the resume (UserError, file:line).
 */
export function resumeRecords(
  id: string,
  shard: Shard | null,
  sources: readonly TaskFileText[],
): TaskRecord[] {
  const byTask = new Map<number, TaskRecord>();
  for (const { file, text } of sources) {
    const parsed = parseTaskFile(text, file);
    const sameShard =
      (parsed.header.shard?.index ?? -1) === (shard?.index ?? -1) &&
      (parsed.header.shard?.count ?? -1) === (shard?.count ?? -1);
    if (parsed.header.planId !== id || !sameShard) {
      throw new UserError(
        `${file}: was written by a different sweep (scenario, --set values, replications, seed, duration, shard or rrdns version differ); remove it, give this sweep its own --out, or run without --resume`,
      );
    }
    for (const r of parsed.records) {
      if (!shard || r.task % shard.count === shard.index) byTask.set(r.task, r);
    }
  }
  return [...byTask.values()];
}

/**
 * The shards without a complete shard file of this plan, in index order
 * (an interrupted shard leaves only its partial file, so it counts as
 * missing and its re-run resumes). A shard file of another plan is refused:
 * its job would refuse it too, after waiting in the queue. `read` gives a
 * shard file's text, or null when there is none.
 */
export function missingShards(job: ClusterJob, read: (file: string) => string | null): number[] {
  const missing: number[] = [];
  for (let i = 0; i < job.shards; i++) {
    const file = shardFile(job.out, i, job.shards);
    const text = read(file);
    if (text === null) {
      missing.push(i);
      continue;
    }
    const parsed = parseTaskFile(text, file);
    if (parsed.header.planId !== job.planId) {
      throw new UserError(
        `${file}: a shard of a different sweep (plan ${shortPlanId(parsed.header.planId)}…, this one is ${shortPlanId(job.planId)}…); remove the old shard files or give this sweep its own --out`,
      );
    }
    const shard = { index: i, count: job.shards };
    if (parsed.records.length < shardTaskCount(job.plan, shard)) missing.push(i);
  }
  return missing;
}

/**
 * `rrdns merge`: task files (each record is checked against its file's plan
 * as it is parsed), checked to come from one plan, to agree wherever they
 * overlap, and together to cover every task.
 */
export function joinTaskFiles(files: readonly TaskFileText[]): {
  plan: SweepPlan;
  records: TaskRecord[];
} {
  let plan: SweepPlan | null = null;
  let id = "";
  let first = "";
  const shards = new Set<string>();
  const byTask = new Map<number, TaskRecord>();
  for (const { file, text } of files) {
    const parsed = parseTaskFile(text, file);
    const p = parsed.header.plan;
    if (p.command !== "sweep") {
      throw new UserError(
        `${file}: holds '${p.command}' runs; merge joins 'rrdns sweep --shard' files`,
      );
    }
    if (plan === null) {
      plan = p;
      id = parsed.header.planId;
      first = file;
    } else if (parsed.header.planId !== id) {
      throw new UserError(
        `${file}: belongs to a different sweep than ${first} (scenario, --set values, replications, seed, duration or rrdns version differ)`,
      );
    }
    if (parsed.header.shard)
      shards.add(`${parsed.header.shard.index}/${parsed.header.shard.count}`);
    for (const r of parsed.records) {
      const seen = byTask.get(r.task);
      if (seen && stableStringify(seen.metrics) !== stableStringify(r.metrics)) {
        throw new UserError(`${file}: run ${r.task} disagrees with the same run in another file`);
      }
      byTask.set(r.task, r);
    }
  }
  if (plan === null) throw new UserError("merge: no files given");
  const records = [...byTask.values()];
  const missing = missingTasks(plan, records);
  if (missing.length > 0) {
    const counts = new Set([...shards].map((s) => Number(s.split("/")[1])));
    let hint = "";
    if (counts.size === 1) {
      const n = [...counts][0]!;
      const absent = [...new Set(missing.map((t) => t % n))].map((i) => `${i}/${n}`);
      hint = `; shards with missing runs: ${absent.join(", ")}`;
    }
    throw new UserError(
      `merge: ${missing.length} of ${runCount(plan)} runs are missing (first: ${missing.slice(0, 5).join(", ")})${hint}`,
    );
  }
  return { plan, records };
}
