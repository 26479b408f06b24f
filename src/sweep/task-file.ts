import { UserError } from "../scenario/index.js";
import type { Shard, SweepPlan } from "./plan.js";
import type { TaskRecord } from "./run-tasks.js";

/**
 * The task file format, shared by sweep.partial.jsonl (grows as tasks finish)
 * and shard files (one shard's finished slice): JSON lines, the first a
 * header with the plan, then one finished task per line. Line-at-a-time, so
 * an interrupted writer loses at most the line it was writing.
 */
export interface TaskFileHeader {
  readonly rrdns: "sweep-tasks";
  readonly plan: SweepPlan;
  readonly shard: Shard | null;
}

export function headerLine(plan: SweepPlan, shard: Shard | null): string {
  const header: TaskFileHeader = { rrdns: "sweep-tasks", plan, shard };
  return `${JSON.stringify(header)}\n`;
}

export function recordLine(record: TaskRecord): string {
  const { task, point, replication, seed, metrics } = record;
  return `${JSON.stringify({ task, point, replication, seed, metrics })}\n`;
}

/** A whole task file: header, then records in task order. */
export function taskFileText(
  plan: SweepPlan,
  shard: Shard | null,
  records: readonly TaskRecord[],
): string {
  return (
    headerLine(plan, shard) +
    [...records]
      .sort((a, b) => a.task - b.task)
      .map(recordLine)
      .join("")
  );
}

export interface ParsedTaskFile {
  readonly header: TaskFileHeader;
  readonly records: TaskRecord[];
  /** Lines that were not whole records (a line cut off by an interrupt). */
  readonly damagedLines: number;
}

/** Reads a task file; a bad header is a UserError naming the file, a torn record is skipped. */
export function parseTaskFile(text: string, fileName: string): ParsedTaskFile {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const first = lines[0];
  let header: unknown;
  try {
    header = first === undefined ? undefined : JSON.parse(first);
  } catch {
    header = undefined;
  }
  if (!isHeader(header)) {
    throw new UserError([
      {
        file: fileName,
        line: 1,
        column: 1,
        field: "",
        message: "not an rrdns sweep task file (no header line)",
      },
    ]);
  }
  const records: TaskRecord[] = [];
  let damagedLines = 0;
  for (const line of lines.slice(1)) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      damagedLines++;
      continue;
    }
    if (isRecord(value)) records.push(value);
    else damagedLines++;
  }
  return { header, records, damagedLines };
}

function isHeader(v: unknown): v is TaskFileHeader {
  if (v === null || typeof v !== "object") return false;
  const h = v as Record<string, unknown>;
  const plan = h.plan as Record<string, unknown> | undefined;
  return (
    h.rrdns === "sweep-tasks" &&
    plan !== null &&
    typeof plan === "object" &&
    Array.isArray(plan.parameters) &&
    typeof plan.replications === "number" &&
    typeof plan.seed === "number"
  );
}

function isRecord(v: unknown): v is TaskRecord {
  if (v === null || typeof v !== "object") return false;
  const r = v as Record<string, unknown>;
  return (
    ["task", "point", "replication", "seed"].every((k) => Number.isSafeInteger(r[k])) &&
    r.metrics !== null &&
    typeof r.metrics === "object"
  );
}
