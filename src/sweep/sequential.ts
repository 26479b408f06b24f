/*
 * Sequential stopping: a point (a server count, a TTL) is replicated only
 * until its 95% CI is clear of every limit it is judged against, then the
 * next one is tried. Seeds are taken in order (replication r always runs on
 * replicationSeed(seed, r)), so a point stopped after n runs has exactly the
 * first n runs of the unstopped plan: common random numbers across points
 * hold, and the numbers do not depend on how many workers ran them.
 */
import type { Summary } from "../run/index.js";

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
