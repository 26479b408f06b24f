import { exponential, type RandomStreams } from "../engine/index.js";
import type { FailureMode, Scenario } from "../scenario/index.js";
import { IntervalSet, mergeIntervals, type TaggedInterval } from "./intervals.js";

/** One outage of one server, after merging overlaps. Times in seconds. */
export interface Outage {
  readonly server: number;
  readonly start: number;
  readonly end: number;
  readonly mode: FailureMode;
  /** When health-checked DNS withdrew the address (Infinity: never). */
  readonly withdrawnAt: number;
  /** When the address was published again (Infinity: never within the run). */
  readonly restoredAt: number;
  /** When another server took over the address (Infinity: no takeover). */
  readonly takenOverAt: number;
}

/** Per server: when it is down, when its address is withdrawn from DNS, when it is taken over. */
export interface FailurePlan {
  readonly outages: readonly Outage[];
  /** down[s]: intervals tagged with the index into `outages`. */
  readonly down: readonly IntervalSet[];
  readonly withdrawn: readonly IntervalSet[];
  readonly takenOver: readonly IntervalSet[];
}

const MODE_ORDER: readonly FailureMode[] = ["blackhole", "refused"];

/**
 * Turns the scenario's scheduled and random failures into per-server outage
 * intervals, and derives from them the DNS reactions (health-check withdrawal,
 * IP takeover). Random failures are drawn from one stream per (failure spec,
 * server), so adding a failure elsewhere changes none of these draws.
 */
export function planFailures(s: Scenario, streams: RandomStreams, horizon: number): FailurePlan {
  const serverIndex = new Map(s.servers.map((sv, i) => [sv.address, i]));
  const raw: TaggedInterval[][] = s.servers.map(() => []);
  const seenSpecs = new Map<string, number>();
  s.failures.forEach((f) => {
    const mode = MODE_ORDER.indexOf(f.mode);
    if ("at" in f) {
      const i = serverIndex.get(f.server)!;
      raw[i]!.push({ start: f.at, end: f.at + f.duration, tag: mode });
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
        raw[i]!.push({ start: t, end: t + repair, tag: mode });
        t += repair + exponential(rng, 1 / f.mtbf);
      }
    }
  });

  const outages: Outage[] = [];
  const down: IntervalSet[] = [];
  const withdrawn: IntervalSet[] = [];
  const takenOver: IntervalSet[] = [];
  const hc = s.dns.healthCheck;
  raw.forEach((list, server) => {
    const merged = mergeIntervals(list).filter((iv) => iv.start < horizon);
    const downList: TaggedInterval[] = [];
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
        mode: MODE_ORDER[iv.tag] ?? "blackhole",
        withdrawnAt,
        restoredAt,
        takenOverAt,
      });
      downList.push({ start: iv.start, end: iv.end, tag: index });
    }
    down.push(new IntervalSet(downList));
    withdrawn.push(new IntervalSet(mergeIntervals(withdrawnList)));
    takenOver.push(new IntervalSet(takeoverList));
  });
  return { outages, down, withdrawn, takenOver };
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
