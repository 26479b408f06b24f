import type { FailureMode } from "../scenario/index.js";

/** A stretch of an outage during which one failure mode holds. Times in seconds. */
export interface OutageSegment {
  readonly start: number;
  readonly end: number;
  readonly mode: FailureMode;
}

/**
 * One outage of one server: a continuous time during which it is down, after
 * overlapping and touching failures are merged. The model plans them and
 * metrics reports them; both read this one record. Times in seconds from the
 * run's start; Infinity means never.
 *
 * Overlapping failures of different modes stay one outage (the server is down
 * throughout, so health checks and takeover see one failure), and `segments`
 * keeps the mode per sub-interval, the mode of highest precedence winning
 * where several hold (blackhole over refused). `mode` is the outage's worst
 * mode, the one of highest precedence among its segments.
 */
export interface Outage {
  readonly server: number;
  readonly start: number;
  readonly end: number;
  readonly mode: FailureMode;
  /** Disjoint, in time order, covering [start, end); adjacent ones differ in mode. */
  readonly segments: readonly OutageSegment[];
  /** When health-checked DNS withdrew the address (Infinity: never). */
  readonly withdrawnAt: number;
  /** When the address was published again (Infinity: never within the run). */
  readonly restoredAt: number;
  /** When another server took over the address (Infinity: no takeover). */
  readonly takenOverAt: number;
}
