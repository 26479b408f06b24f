import { binWeights, hasFullBin, type Results } from "../metrics/index.js";

/** The response-time statistics an SLO can bound. */
export const SLO_METRICS = ["mean", "p50", "p95", "p99", "p999"] as const;
export type SloMetric = (typeof SLO_METRICS)[number];

/**
 * One run of a capacity plan, reduced to what the planner judges and explains
 * (a few numbers, so little crosses the worker-thread boundary). Servers
 * down for the whole measured run are "dead" and left out of every fleet
 * figure: a dead server's idle capacity carries nothing.
 */
export interface PlanRun {
  /** Overall response-time statistics, seconds; null when nothing was answered. */
  readonly latency: Readonly<Record<SloMetric, number | null>>;
  readonly requests: number;
  readonly failed: number;
  /** Servers not down for the whole measured run. */
  readonly live: number;
  /** Mean utilisation over the live servers in their busiest full window. */
  readonly fleetPeak: number;
  /** The live server with the highest peak-window utilisation. */
  readonly busiest: {
    readonly index: number;
    /** Its utilisation in its busiest full window. */
    readonly peak: number;
    /** Its share of the requests the live servers served over the run. */
    readonly share: number;
    /** p99 response time at this server, seconds; null when it answered nothing. */
    readonly p99: number | null;
  };
  /** Whether the busiest server is the one a dead server's clients fail over to in cyclic order. */
  readonly busiestFollowsDead: boolean;
}

/** Servers down from the end of the warm-up to the horizon: indices into r.servers. */
export function deadServers(r: Results): Set<number> {
  const dead = new Set<number>();
  for (const f of r.failures) {
    if (f.start <= r.warmup && f.end >= r.duration) {
      const i = r.servers.findIndex((s) => s.address === f.server);
      if (i >= 0) dead.add(i);
    }
  }
  return dead;
}

/**
 * Where the clients of a dead server go: with cyclic answers every list is
 * a rotation of the server order, so the next address after a dead one is
 * always the next live server in that order.
 */
export function failoverTarget(
  dead: number,
  servers: number,
  isDead: (i: number) => boolean,
): number {
  for (let k = 1; k < servers; k++) {
    const i = (dead + k) % servers;
    if (!isDead(i)) return i;
  }
  return -1;
}

/** Reduces one run (of a scenario with servers with capacity) to a PlanRun. */
export function measurePlanRun(r: Results): PlanRun {
  const q = r.queueing;
  const rt = q?.totals.responseTime;
  const latency = {
    mean: rt?.mean ?? null,
    p50: rt?.p50 ?? null,
    p95: rt?.p95 ?? null,
    p99: rt?.p99 ?? null,
    p999: rt?.p999 ?? null,
  };
  const dead = deadServers(r);
  const series = q?.timeseries.utilisationByServer ?? [];
  const n = r.servers.length;
  const live = n - dead.size;
  // Over full windows only, like every extreme (bin-coverage.ts): a sliver's
  // utilisation is a second or two of one server.
  const bins = series[0]?.length ?? 0;
  const weights = binWeights(bins, r.timeseries.binSeconds, r.warmup, r.duration);
  const full = hasFullBin(weights);
  let fleetPeak = 0;
  let busiest = -1;
  let busiestPeak = -1;
  for (let b = 0; b < bins; b++) {
    if (full ? weights[b] !== 1 : !(weights[b]! > 0)) continue;
    let sum = 0;
    for (let i = 0; i < series.length; i++) {
      if (dead.has(i)) continue;
      const u = series[i]![b] ?? 0;
      sum += u;
      if (u > busiestPeak) {
        busiestPeak = u;
        busiest = i;
      }
    }
    if (live > 0) fleetPeak = Math.max(fleetPeak, sum / live);
  }
  if (busiest < 0) busiest = [...Array(n).keys()].find((i) => !dead.has(i)) ?? 0;
  let liveServed = 0;
  for (let i = 0; i < n; i++) if (!dead.has(i)) liveServed += r.servers[i]!.served;
  const share = liveServed > 0 ? r.servers[busiest]!.served / liveServed : 0;
  const followsDead = [...dead].some((d) => failoverTarget(d, n, (i) => dead.has(i)) === busiest);
  return {
    latency,
    requests: r.totals.requests,
    failed: r.totals.failed,
    live,
    fleetPeak,
    busiest: {
      index: busiest,
      peak: Math.max(0, busiestPeak),
      share,
      p99: q?.servers[busiest]?.responseTime.p99 ?? null,
    },
    busiestFollowsDead: followsDead,
  };
}
