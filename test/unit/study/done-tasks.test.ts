import { describe, expect, it } from "vitest";
import { METRICS } from "../../../src/run/index.js";
import { UserError } from "../../../src/scenario/index.js";
import {
  type ClusterJob,
  joinTaskFiles,
  lockFileName,
  missingShards,
  parseSetFlag,
  partialFileName,
  planId,
  resumeRecords,
  type SweepPlan,
  shardFile,
  shardFileName,
  sweepTasks,
  type TaskRecord,
  taskFileText,
} from "../../../src/study/index.js";
import { scenario } from "../../helpers.js";

/*
 * What an earlier run left, decided from task files' texts (src/study/done-tasks.ts):
 * the CLI reads the files; these functions never touch one.
 */

const plan: SweepPlan = {
  command: "sweep",
  version: "test",
  scenario: scenario(),
  parameters: [parseSetFlag("dns.ttl=30,60")],
  replications: 2,
  seed: 1,
  duration: null,
};
const other: SweepPlan = { ...plan, seed: 2 };
const records: TaskRecord[] = [...sweepTasks(plan)].map((t) => ({
  ...t,
  metrics: Object.fromEntries(METRICS.map((m, i) => [m.id, t.task + i / 10])),
}));
const id = planId(plan);
/** The same task with other numbers. */
const changed = (r: TaskRecord): TaskRecord => ({
  ...r,
  metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, (v ?? 0) + 1])),
});
const shardOf = (index: number, count: number) => ({ index, count });
const ofShard = (index: number, count: number) => records.filter((r) => r.task % count === index);

describe("task file names", () => {
  it("name the plain sweep's files and each shard's own", () => {
    expect(partialFileName(null)).toBe("sweep.partial.jsonl");
    expect(lockFileName(null)).toBe("sweep.lock");
    expect(partialFileName(shardOf(1, 4))).toBe("sweep.shard-1-of-4.partial.jsonl");
    expect(shardFileName(shardOf(1, 4))).toBe("sweep.shard-1-of-4.jsonl");
    expect(lockFileName(shardOf(1, 4))).toBe("sweep.shard-1-of-4.lock");
  });
});

describe("resumeRecords", () => {
  it("keeps the plan's records, the later file winning a task, a shard's own only", () => {
    const partial = taskFileText(plan, null, records.slice(0, 2));
    const later = taskFileText(plan, null, [changed(records[1]!)]);
    const kept = resumeRecords(id, null, [
      { file: "a", text: partial },
      { file: "b", text: later },
    ]);
    expect(kept).toEqual([records[0], changed(records[1]!)]);
    const shard = shardOf(1, 2);
    const text = taskFileText(plan, shard, ofShard(1, 2));
    expect(resumeRecords(id, shard, [{ file: "s", text }])).toEqual(ofShard(1, 2));
    expect(resumeRecords(id, null, [])).toEqual([]);
  });

  it("refuses a file of another plan or another shard, naming it", () => {
    const foreign = taskFileText(other, null, []);
    expect(() => resumeRecords(id, null, [{ file: "x.jsonl", text: foreign }])).toThrow(
      /^x\.jsonl: was written by a different sweep/,
    );
    const shard0 = taskFileText(plan, shardOf(0, 2), []);
    expect(() => resumeRecords(id, shardOf(1, 2), [{ file: "y", text: shard0 }])).toThrow(
      UserError,
    );
  });
});

describe("missingShards", () => {
  const job = { plan, planId: id, out: "/o", shards: 2 } as unknown as ClusterJob;
  it("lists shards without a complete shard file, in index order", () => {
    const texts = new Map([
      [shardFile("/o", 0, 2), taskFileText(plan, shardOf(0, 2), ofShard(0, 2))],
    ]);
    expect(missingShards(job, (f) => texts.get(f) ?? null)).toEqual([1]);
    const short = taskFileText(plan, shardOf(1, 2), ofShard(1, 2).slice(1));
    texts.set(shardFile("/o", 1, 2), short);
    expect(missingShards(job, (f) => texts.get(f) ?? null)).toEqual([1]);
    texts.set(shardFile("/o", 1, 2), taskFileText(plan, shardOf(1, 2), ofShard(1, 2)));
    expect(missingShards(job, (f) => texts.get(f) ?? null)).toEqual([]);
  });

  it("refuses a shard file of another plan", () => {
    const read = () => taskFileText(other, shardOf(0, 2), []);
    expect(() => missingShards(job, read)).toThrow(/a shard of a different sweep/);
  });
});

describe("joinTaskFiles (rrdns merge)", () => {
  const shards = [0, 1].map((i) => ({
    file: `s${i}`,
    text: taskFileText(plan, shardOf(i, 2), ofShard(i, 2)),
  }));
  it("joins shards of one plan into every record, in task order", () => {
    const joined = joinTaskFiles(shards);
    expect(joined.records.sort((a, b) => a.task - b.task)).toEqual(records);
    expect(planId(joined.plan)).toBe(id);
  });

  it("refuses no files, another plan, disagreeing runs and missing runs (naming the shards)", () => {
    expect(() => joinTaskFiles([])).toThrow("merge: no files given");
    const foreign = { file: "f", text: taskFileText(other, null, []) };
    expect(() => joinTaskFiles([shards[0]!, foreign])).toThrow(
      /^f: belongs to a different sweep than s0/,
    );
    const clash = { file: "c", text: taskFileText(plan, null, [changed(records[0]!)]) };
    expect(() => joinTaskFiles([...shards, clash])).toThrow(/^c: run 0 disagrees/);
    expect(() => joinTaskFiles([shards[0]!])).toThrow(
      /runs are missing .*shards with missing runs: 1\/2/,
    );
  });
});
