import { exponential, type RandomStreams } from "../engine/index.js";
import type { Outage, OutageSegment } from "../metrics/index.js";
import type { FailureMode, Scenario } from "../scenario/index.js";
import { IntervalSet, mergeIntervals, type TaggedInterval } from "./intervals.js";
import { FAILURE_MODE_POLICIES } from "./policies/failure-mode.js";

/** Per server: when it is down, when its address is withdrawn from DNS, when it is taken over. */
export interface FailurePlan {
  readonly outages: readonly Outage[];
  /**
   * down[s]: the segments of server s's outages (a new segment where the mode
   * changes), each tagged with the index into `outages`.
   */
  readonly down: readonly IntervalSet[];
  /** attemptTimeouts[s][segment]: connect timeouts a failed attempt in that segment of down[s] costs. */
  readonly attemptTimeouts: readonly Uint8Array[];
  readonly withdrawn: readonly IntervalSet[];
  readonly takenOver: readonly IntervalSet[];
}

/** One failure as the scenario gives it, before overlaps are merged. */
interface RawFailure {
  readonly start: number;
  readonly end: number;
  readonly mode: FailureMode;
}

/**
 * Turns the scenario's scheduled and random failures into per-server outage
 * intervals, and derives from them the DNS reactions (health-check withdrawal,
 * IP takeover). Random failures are drawn from one stream per (failure spec,
 * server), so adding a failure elsewhere changes none of these draws.
 */
export function planFailures(s: Scenario, streams: RandomStreams, horizon: number): FailurePlan {
  const serverIndex = new Map(s.servers.map((sv, i) => [sv.address, i]));
  const raw: RawFailure[][] = s.servers.map(() => []);
  const seenSpecs = new Map<string, number>();
  s.failures.forEach((f) => {
    const mode = f.mode;
    if ("at" in f) {
      const i = serverIndex.get(f.server)!;
      raw[i]!.push({ start: f.at, end: f.at + f.duration, mode });
      return;
    }
    const targets = f.server === "all" ? s.servers.map((_, i) => i) : [serverIndex.get(f.server)!];
    // The stream is named by what the spec says (and how many identical specs
    // came before it), not by its position in the list: adding another failure
    // anywhere leaves this one's outages where they were.
    const key = `${f.server}/${f.mtbf}/${f.mttr}/${f.mode}`;
    const repeat = seenSpecs.get(key) ?? 0;
    seenSpecs.set(key, repeat + 1);
    for (const i of targets) {
      const rng = streams.stream(`failure:${key}#${repeat}`, i);
      let t = exponential(rng, 1 / f.mtbf);
      while (t < horizon) {
        const repair = exponential(rng, 1 / f.mttr);
        raw[i]!.push({ start: t, end: t + repair, mode });
        t += repair + exponential(rng, 1 / f.mtbf);
      }
    }
  });

  const outages: Outage[] = [];
  const down: IntervalSet[] = [];
  const attemptTimeouts: Uint8Array[] = [];
  const withdrawn: IntervalSet[] = [];
  const takenOver: IntervalSet[] = [];
  const hc = s.dns.healthCheck;
  raw.forEach((list, server) => {
    const merged = mergeOutages(list).filter((iv) => iv.start < horizon);
    const downList: TaggedInterval[] = [];
    const timeouts: number[] = [];
    const withdrawnList: TaggedInterval[] = [];
    const takeoverList: TaggedInterval[] = [];
    // Each server's checker runs on its own phase, as independent monitors do.
    const phase = hc ? streams.stream("health-check-phase", server)() * hc.interval : 0;
    for (const iv of merged) {
      const index = outages.length;
      let withdrawnAt = Number.POSITIVE_INFINITY;
      let restoredAt = Number.POSITIVE_INFINITY;
      if (hc) {
        const firstCheck = nextCheck(iv.start, phase, hc.interval);
        const decided = firstCheck + (hc.failures - 1) * hc.interval;
        if (decided < iv.end && decided < horizon) {
          withdrawnAt = decided;
          restoredAt = nextCheck(iv.end, phase, hc.interval) + (hc.recoveries - 1) * hc.interval;
          if (restoredAt >= horizon) restoredAt = Number.POSITIVE_INFINITY;
          withdrawnList.push({ start: withdrawnAt, end: restoredAt, tag: index });
        }
      }
      let takenOverAt = Number.POSITIVE_INFINITY;
      if (s.takeover && iv.start + s.takeover.delay < Math.min(iv.end, horizon)) {
        takenOverAt = iv.start + s.takeover.delay;
        takeoverList.push({ start: takenOverAt, end: iv.end, tag: index });
      }
      outages.push({
        server,
        start: iv.start,
        end: iv.end,
        mode: worstMode(iv.segments),
        segments: iv.segments,
        withdrawnAt,
        restoredAt,
        takenOverAt,
      });
      for (const segment of iv.segments) {
        downList.push({ start: segment.start, end: segment.end, tag: index });
        timeouts.push(FAILURE_MODE_POLICIES[segment.mode].connectTimeouts);
      }
    }
    down.push(new IntervalSet(downList));
    attemptTimeouts.push(Uint8Array.from(timeouts));
    withdrawn.push(new IntervalSet(mergeIntervals(withdrawnList)));
    takenOver.push(new IntervalSet(takeoverList));
  });
  return { outages, down, attemptTimeouts, withdrawn, takenOver };
}

/**
 * Merges one server's overlapping or touching failures into continuous
 * outages, each split into segments by the mode that holds: where failures
 * of different modes overlap, the one of highest precedence (a sweep over
 * their start and end times, counting the failures of each mode under way).
 */
export function mergeOutages(
  failures: readonly RawFailure[],
): { start: number; end: number; segments: OutageSegment[] }[] {
  const edges: { t: number; mode: FailureMode; delta: number }[] = [];
  for (const f of failures) {
    if (!(f.end > f.start)) continue;
    edges.push({ t: f.start, mode: f.mode, delta: 1 }, { t: f.end, mode: f.mode, delta: -1 });
  }
  edges.sort((a, b) => a.t - b.t);
  const active = new Map<FailureMode, number>();
  const outages: { start: number; end: number; segments: OutageSegment[] }[] = [];
  let segments: OutageSegment[] = [];
  let open: { start: number; mode: FailureMode } | undefined;
  for (let i = 0; i < edges.length; ) {
    const t = edges[i]!.t;
    // Every edge at one instant first, so a failure ending where another starts merges with it.
    for (; i < edges.length && edges[i]!.t === t; i++) {
      const e = edges[i]!;
      active.set(e.mode, (active.get(e.mode) ?? 0) + e.delta);
    }
    let mode: FailureMode | undefined;
    for (const [m, count] of active) {
      if (
        count > 0 &&
        (!mode || FAILURE_MODE_POLICIES[m].precedence > FAILURE_MODE_POLICIES[mode].precedence)
      )
        mode = m;
    }
    if (open && open.mode === mode) continue;
    if (open) segments.push({ start: open.start, end: t, mode: open.mode });
    open = mode ? { start: t, mode } : undefined;
    if (!open && segments.length > 0) {
      outages.push({ start: segments[0]!.start, end: t, segments });
      segments = [];
    }
  }
  return outages;
}

/** The mode of highest precedence among an outage's segments. */
function worstMode(segments: readonly OutageSegment[]): FailureMode {
  let worst = segments[0]!.mode;
  for (const s of segments)
    if (FAILURE_MODE_POLICIES[s.mode].precedence > FAILURE_MODE_POLICIES[worst].precedence)
      worst = s.mode;
  return worst;
}

/** First check time >= t on the grid phase + k·interval. */
function nextCheck(t: number, phase: number, interval: number): number {
  return phase + Math.ceil((t - phase) / interval) * interval;
}

/** Authoritative-server outages as an interval set. */
export function planAuthoritativeOutages(s: Scenario): IntervalSet {
  return new IntervalSet(
    mergeIntervals(s.dns.outages.map((o, i) => ({ start: o.at, end: o.at + o.duration, tag: i }))),
  );
}
