import { z } from "zod";
import { type MetricDef, studyMetrics } from "../run/index.js";
import { UserError } from "../scenario/index.js";
import type { TaskRecord } from "./execute.js";
import { runCount, type Shard, type SweepPlan, sweepTask } from "./plan.js";
import { planId } from "./plan-id.js";

/**
 * The task file format, shared by sweep.partial.jsonl (grows as tasks finish)
 * and shard files (one shard's finished slice): JSON lines, the first a
 * header with the plan and its id, then one finished task per line, each
 * carrying the plan id too. Line-at-a-time, so an interrupted writer loses
 * at most the line it was writing; the id on every line means records of
 * another sweep can never be mixed in, whoever appended them.
 */
export interface TaskFileHeader {
  readonly rrdns: "sweep-tasks";
  /** planId(plan): the SHA-256 of the canonical plan. */
  readonly planId: string;
  readonly plan: SweepPlan;
  readonly shard: Shard | null;
}

export function headerLine(plan: SweepPlan, shard: Shard | null, id = planId(plan)): string {
  const header: TaskFileHeader = { rrdns: "sweep-tasks", planId: id, plan, shard };
  return `${JSON.stringify(header)}\n`;
}

/** One finished task as a line; `id` is its plan's planId. */
export function recordLine(id: string, record: TaskRecord): string {
  const { task, point, replication, seed, metrics } = record;
  return `${JSON.stringify({ plan: id, task, point, replication, seed, metrics })}\n`;
}

/** A whole task file: header, then records in task order. */
export function taskFileText(
  plan: SweepPlan,
  shard: Shard | null,
  records: readonly TaskRecord[],
): string {
  const id = planId(plan);
  return (
    headerLine(plan, shard, id) +
    [...records]
      .sort((a, b) => a.task - b.task)
      .map((r) => recordLine(id, r))
      .join("")
  );
}

export interface ParsedTaskFile {
  readonly header: TaskFileHeader;
  readonly records: TaskRecord[];
  /** 1 when the last line was cut off by an interrupt (it is skipped), else 0. */
  readonly damagedLines: number;
}

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const HEX64 = /^[0-9a-f]{64}$/;

/** Only what parsing needs; the plan as a whole is checked against its id. */
const headerSchema = z.object({
  rrdns: z.literal("sweep-tasks"),
  planId: z.string().regex(HEX64),
  plan: z.looseObject({
    command: z.enum(["sweep", "ttl"]),
    version: z.string(),
    scenario: z.looseObject({ name: z.string() }),
    parameters: z.array(z.object({ path: z.string(), values: z.array(z.unknown()) })),
    replications: count.min(1),
    seed: count,
    duration: z.number().positive().nullable(),
  }),
  shard: z.object({ index: count, count: count.min(1) }).nullable(),
});

/**
 * A record must have every metric of its sweep (the pool ones for a pool
 * scenario, else the DNS ones), each a finite number or null: nothing else,
 * nothing missing.
 */
function recordSchema(metrics: readonly MetricDef[]) {
  return z.strictObject({
    plan: z.string().regex(HEX64),
    task: count,
    point: count,
    replication: count,
    seed: count,
    metrics: z.strictObject(
      Object.fromEntries(metrics.map((m) => [m.id, z.number().finite().nullable()])),
    ),
  });
}

/**
 * Reads a task file. A bad header, a record of another plan, a record that
 * is not what a sweep writes or does not fit the plan are UserErrors naming
 * the file and line; only a last line cut off mid-write is skipped.
 */
export function parseTaskFile(text: string, fileName: string): ParsedTaskFile {
  const lines = text.split("\n");
  const fail = (line: number, message: string, field = ""): never => {
    throw new UserError([{ file: fileName, line, column: 1, field, message }]);
  };
  const firstLine = lines.findIndex((l) => l.trim() !== "");
  const header = parseHeader(firstLine < 0 ? undefined : lines[firstLine]);
  if (!header)
    return fail(
      firstLine + 1,
      "not an rrdns sweep task file of this rrdns version (no valid header line)",
    );
  if (planId(header.plan) !== header.planId) {
    fail(firstLine + 1, "the header's plan does not match its id (the file was edited or damaged)");
  }
  const id = header.planId;
  const plan = header.plan;
  const total = runCount(plan);
  const last = lines.findLastIndex((l) => l.trim() !== "");
  const schema = recordSchema(studyMetrics(plan.scenario as { connections?: unknown }));
  const records: TaskRecord[] = [];
  let damagedLines = 0;
  for (let i = firstLine + 1; i <= last; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const where = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // An interrupted writer can only have cut off the line it was writing: the last.
      if (i === last) {
        damagedLines++;
        continue;
      }
      fail(where, "not a JSON record");
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      fail(where, `not a sweep record: ${issue.message}`, issue.path.map(String).join("."));
    }
    const r = parsed.data!;
    if (r.plan !== id) {
      fail(
        where,
        `a record of another sweep (plan ${r.plan.slice(0, 12)}…) in a file of plan ${id.slice(0, 12)}…; two sweeps wrote into one file`,
        "plan",
      );
    }
    const expected = r.task < total ? sweepTask(plan, r.task) : null;
    if (
      !expected ||
      expected.point !== r.point ||
      expected.replication !== r.replication ||
      expected.seed !== r.seed
    ) {
      fail(where, `run ${r.task} does not match the sweep's plan`, "task");
    }
    const { plan: _plan, ...record } = r;
    records.push(record);
  }
  return { header, records, damagedLines };
}

function parseHeader(line: string | undefined): TaskFileHeader | null {
  if (line === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  // The schema checks the fields parsing relies on; the id check covers the rest of the plan.
  return headerSchema.safeParse(value).success ? (value as TaskFileHeader) : null;
}
