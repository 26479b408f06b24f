import type { SweepData, SweepPointData } from "../report/index.js";
import {
  type MetricValues,
  replicationSeeds,
  type Summary,
  studyMetrics,
  summarizeMetric,
} from "../run/index.js";
import type { TaskRecord } from "./execute.js";
import type { SweepValue } from "./grid.js";
import { pointCount, pointValues, type SweepParameter, type SweepPlan } from "./plan.js";

export interface SweepReplication {
  readonly replication: number;
  readonly seed: number;
  readonly metrics: MetricValues;
}

/** A grid point as sweep.json holds it: what the report reads (SweepPointData), and its runs. */
export interface SweepPointOutput extends SweepPointData {
  readonly parameters: Readonly<Record<string, SweepValue>>;
  readonly summary: Readonly<Record<string, Summary>>;
  readonly replications: readonly SweepReplication[];
}

/**
 * sweep.json: every point, its parameters, per-replication values and seeds,
 * summaries. Its fields are the report's SweepData (one definition: the
 * report draws what is written), narrowed to the study's types.
 */
export interface SweepOutput extends SweepData {
  readonly rrdns: "sweep";
  readonly parameters: readonly SweepParameter[];
  readonly points: readonly SweepPointOutput[];
  /** Everything needed to run the sweep again. */
  readonly plan: SweepPlan;
}

/** Task indices the records do not cover yet. */
export function missingTasks(plan: SweepPlan, records: readonly TaskRecord[]): number[] {
  const total = pointCount(plan) * plan.replications;
  const have = new Set(records.map((r) => r.task));
  const missing: number[] = [];
  for (let t = 0; t < total; t++) if (!have.has(t)) missing.push(t);
  return missing;
}

/**
 * Builds the sweep's output from its finished tasks, in any order and from
 * any mix of processes: the result depends only on the plan and the values.
 */
export function buildSweepOutput(
  plan: SweepPlan,
  records: readonly TaskRecord[],
  options: { readonly sequential?: boolean } = {},
): SweepOutput {
  const byTask = new Map(records.map((r) => [r.task, r]));
  const seeds = replicationSeeds(plan.seed, plan.replications);
  // A sequentially stopped sweep (src/study/sequential.ts) runs each point on
  // the first seeds only, as many as its CIs needed: a prefix, never a gap.
  const runsAt = (point: number): number => {
    let n = 0;
    while (n < plan.replications && byTask.has(point * plan.replications + n)) n++;
    return n;
  };
  if (options.sequential) {
    for (let point = 0; point < pointCount(plan); point++)
      if (runsAt(point) === 0) throw new Error(`buildSweepOutput: point ${point} has no run`);
  } else {
    const missing = missingTasks(plan, records);
    if (missing.length > 0) throw new Error(`buildSweepOutput: ${missing.length} tasks missing`);
  }
  // A pool scenario's sweep measures the pool metrics, any other the DNS ones.
  const metrics = studyMetrics(plan.scenario);
  const points: SweepPointOutput[] = [];
  for (let point = 0; point < pointCount(plan); point++) {
    const values = pointValues(plan, point);
    const replications: SweepReplication[] = seeds
      .slice(0, runsAt(point))
      .map((seed, replication) => {
        const record = byTask.get(point * plan.replications + replication)!;
        const row: Record<string, number | null> = {};
        for (const m of metrics) row[m.id] = record.metrics[m.id] ?? null;
        return { replication, seed, metrics: row };
      });
    const summary: Record<string, Summary> = {};
    for (const m of metrics)
      summary[m.id] = summarizeMetric(
        m,
        replications.map((r) => r.metrics[m.id] ?? null),
      );
    const parameters: Record<string, SweepValue> = {};
    plan.parameters.forEach((p, i) => {
      parameters[p.path] = values[i]!;
    });
    points.push({ point, parameters, summary, replications });
  }
  return {
    rrdns: "sweep",
    version: plan.version,
    scenario: plan.scenario.name,
    description: plan.scenario.description,
    seed: plan.seed,
    duration: plan.duration ?? plan.scenario.duration,
    replications: plan.replications,
    seeds,
    parameters: plan.parameters,
    metrics: metrics.map(({ id, label, unit, better, doc }) => ({ id, label, unit, better, doc })),
    points,
    plan,
  };
}
