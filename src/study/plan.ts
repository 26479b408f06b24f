import { replicationSeed } from "../run/index.js";
import { type Scenario, type SweepValue, UserError } from "../scenario/index.js";
import type { Shard } from "./shard.js";

export { parseShard, type Shard } from "./shard.js";

/** One swept field and the values it takes. */
export interface SweepParameter {
  /** Normalised field path, e.g. `dns.ttl` or `servers[0].capacity`. */
  readonly path: string;
  readonly values: readonly SweepValue[];
}

/**
 * Everything that determines a sweep's numbers. Two runs with equal plans give
 * equal outputs, which is what lets --resume and `rrdns merge` trust files
 * written by other processes: they compare plans before mixing records.
 */
export interface SweepPlan {
  readonly command: "sweep" | "ttl";
  /** rrdns version: different versions may simulate differently, so they never mix. */
  readonly version: string;
  /** The base scenario, defaults filled in. */
  readonly scenario: Scenario;
  /** Grid axes; the grid is their Cartesian product, the first one varying slowest. */
  readonly parameters: readonly SweepParameter[];
  readonly replications: number;
  /** Base seed; replication r runs on replicationSeed(seed, r) at every grid point. */
  readonly seed: number;
  /** --duration override, or null for the scenario's. */
  readonly duration: number | null;
}

/** One run: grid point × replication. Task index = point × replications + replication. */
export interface SweepTask {
  readonly task: number;
  readonly point: number;
  readonly replication: number;
  readonly seed: number;
}

/** Grid points (product of the value lists' lengths). */
export function pointCount(plan: SweepPlan): number {
  return plan.parameters.reduce((n, p) => n * p.values.length, 1);
}

/** The value of each parameter at a grid point, in parameter order. */
export function pointValues(plan: SweepPlan, point: number): SweepValue[] {
  const out: SweepValue[] = new Array(plan.parameters.length);
  let rest = point;
  for (let i = plan.parameters.length - 1; i >= 0; i--) {
    const values = plan.parameters[i]!.values;
    out[i] = values[rest % values.length]!;
    rest = Math.floor(rest / values.length);
  }
  return out;
}

/** Runs of a plan: grid points × replications. */
export function runCount(plan: SweepPlan): number {
  return pointCount(plan) * plan.replications;
}

/**
 * Most runs one sweep may have. Every run's metrics are kept in memory and
 * written to sweep.json (about 1 KB a run), which a JavaScript string of
 * 512 MB must hold; 250,000 runs stay well inside that.
 */
export const MAX_SWEEP_RUNS = 250_000;

/** Bytes of sweep.json per run, measured on the bundled sweeps (for the error message). */
const JSON_BYTES_PER_RUN = 1100;

/**
 * Refuses, before anything is allocated or run, a plan too big to finish:
 * the message gives the estimate and the limit.
 */
export function checkPlanSize(plan: SweepPlan): void {
  const runs = runCount(plan);
  if (runs <= MAX_SWEEP_RUNS) return;
  const mb = Math.round((runs * JSON_BYTES_PER_RUN) / 1e6);
  throw new UserError(
    `--replications: ${pointCount(plan)} grid point${pointCount(plan) === 1 ? "" : "s"} × ${plan.replications} replications = ${runs} runs, ` +
      `more than the limit of ${MAX_SWEEP_RUNS} runs per sweep (every run's metrics are kept for sweep.json, about ${mb} MB here); ` +
      "use fewer replications or grid points, or split the grid over several sweeps",
  );
}

/** The task with index `task`. */
export function sweepTask(plan: SweepPlan, task: number): SweepTask {
  const replication = task % plan.replications;
  return {
    task,
    point: Math.floor(task / plan.replications),
    replication,
    seed: replicationSeed(plan.seed, replication),
  };
}

/**
 * The tasks of a plan (or of one shard of it), in index order, made one at a
 * time as they are consumed: nothing is allocated per task up front.
 */
export function* sweepTasks(plan: SweepPlan, shard?: Shard): Generator<SweepTask> {
  const total = runCount(plan);
  const start = shard ? shard.index : 0;
  const step = shard ? shard.count : 1;
  for (let task = start; task < total; task += step) yield sweepTask(plan, task);
}

/** Task indices of a plan (or shard) that `done` does not hold, in index order. */
export function* tasksNotIn(
  plan: SweepPlan,
  done: ReadonlySet<number>,
  shard?: Shard,
): Generator<SweepTask> {
  for (const task of sweepTasks(plan, shard)) if (!done.has(task.task)) yield task;
}

/** How many tasks a shard (or the whole plan) has. */
export function shardTaskCount(plan: SweepPlan, shard?: Shard): number {
  const total = runCount(plan);
  if (!shard) return total;
  return shard.index >= total ? 0 : Math.ceil((total - shard.index) / shard.count);
}

/** JSON with object keys sorted, so equal plans compare equal as strings. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj).sort()) if (obj[k] !== undefined) out[k] = sortKeys(obj[k]);
    return out;
  }
  return value;
}

export function samePlan(a: SweepPlan, b: SweepPlan): boolean {
  return stableStringify(a) === stableStringify(b);
}
