/*
 * Sequential stopping: a point (a server count, a TTL) is replicated only
 * until its 95% CI is clear of every limit it is judged against, then the
 * next one is tried. Seeds are taken in order (replication r always runs on
 * replicationSeed(seed, r)), so a point stopped after n runs has exactly the
 * first n runs of the unstopped plan: common random numbers across points
 * hold, and the numbers do not depend on how many workers ran them.
 */
import type { MetricValues, Summary } from "../run/index.js";
import type { TaskRecord } from "./execute.js";
import { pointCount, type SweepPlan, type SweepTask, sweepTask } from "./plan.js";

/** Fewest replications before a point may stop: two give a CI, three a usable one (t = 4.3, not 12.7). */
export const MIN_REPLICATIONS = 3;

/** Where a metric's 95% CI lies against an upper limit. */
export type LimitVerdict = "meets" | "breaks" | "open";

/**
 * "meets": the CI's upper bound is within the limit; "breaks": its lower
 * bound is beyond it; "open": the interval straddles the limit (or there is
 * no interval yet), so more replications could still decide it.
 */
export function limitVerdict(s: Summary, limit: number): LimitVerdict {
  if (s.ci95High === null || s.ci95Low === null) return "open";
  if (s.ci95High <= limit) return "meets";
  if (s.ci95Low > limit) return "breaks";
  return "open";
}

/** The replication counts a point is judged at, in order: MIN, MIN + 1, ..., most. */
export function firstLook(most: number): number {
  return Math.min(MIN_REPLICATIONS, most);
}

/**
 * The next round of a sequentially stopped sweep: for each grid point, the
 * replications its records lack up to the first look (3), then one more
 * while `decided` says the runs so far (in seed order) leave a limit open,
 * up to the plan's replications. Empty when every point is decided.
 */
export function nextRound(
  plan: SweepPlan,
  records: readonly TaskRecord[],
  decided: (values: readonly MetricValues[]) => boolean,
): SweepTask[] {
  const byPoint = new Map<number, Map<number, MetricValues>>();
  for (const r of records) {
    const runs = byPoint.get(r.point) ?? new Map<number, MetricValues>();
    byPoint.set(r.point, runs);
    runs.set(r.replication, r.metrics);
  }
  const tasks: SweepTask[] = [];
  const first = firstLook(plan.replications);
  for (let point = 0; point < pointCount(plan); point++) {
    const runs = byPoint.get(point) ?? new Map<number, MetricValues>();
    const prefix: MetricValues[] = [];
    while (runs.has(prefix.length)) prefix.push(runs.get(prefix.length)!);
    let want: number;
    if (prefix.length < first) want = first;
    else if (prefix.length >= plan.replications || decided(prefix)) continue;
    else want = prefix.length + 1;
    for (let r = prefix.length; r < want; r++)
      if (!runs.has(r)) tasks.push(sweepTask(plan, point * plan.replications + r));
  }
  return tasks;
}
