import { binWeights, FINE_BUCKETS, hasFullBin, type Results } from "../metrics/index.js";
import {
  type IntervalMethod,
  replicationSeeds,
  runScenario,
  type Summary,
  summarizeSample,
  upperBound,
} from "../run/index.js";
import { type Scenario, UserError } from "../scenario/index.js";

/** The response-time statistic an SLO bounds. */
export const SLO_METRICS = ["mean", "p50", "p95", "p99", "p999"] as const;
export type SloMetric = (typeof SLO_METRICS)[number];

export interface Slo {
  readonly metric: SloMetric;
  /** Seconds. */
  readonly limit: number;
}

/** Parses "p99<0.5s", "p95<200ms", "mean<1": seconds unless the unit says ms. */
export function parseSlo(text: string): Slo {
  const m = /^\s*(mean|p50|p95|p99|p99\.9|p999)\s*<\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(text);
  if (!m)
    throw new UserError(
      `--slo ${text}: expected e.g. "p99<0.5s" (mean, p50, p95, p99 or p99.9; s or ms)`,
    );
  const metric = (m[1] === "p99.9" ? "p999" : m[1]) as SloMetric;
  const value = Number(m[2]);
  const limit = m[3] === "ms" ? value / 1000 : value;
  if (!(limit > 0)) throw new UserError(`--slo ${text}: the limit must be positive`);
  return { metric, limit };
}

/** Parses "2..16" (inclusive) or a single count. */
export function parseServerRange(text: string): { from: number; to: number } {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+))?\s*$/.exec(text);
  const from = m ? Number(m[1]) : Number.NaN;
  const to = m ? Number(m[2] ?? m[1]) : Number.NaN;
  if (!m || from < 1 || to < from || to > 256)
    throw new UserError(`--servers ${text}: expected a range such as 2..16 (1 to 256 servers)`);
  return { from, to };
}

/** Parses "0.1%" or "0.001" as a fraction of requests. */
export function parseFraction(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(text);
  const x = m ? Number(m[1]) / (m[2] ? 100 : 1) : Number.NaN;
  if (!m || !(x >= 0 && x <= 1))
    throw new UserError(`${flag} ${text}: expected a share such as 0.1% or 0.001`);
  return x;
}

function nextAddress(address: string, step: number): string {
  const parts = address.split(".").map(Number);
  let n = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  n = (n + step) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * The scenario with n servers: the first n of its own, then copies of its
 * first server (same capacity and overrides) at the next addresses. Failures
 * of servers left out are dropped. With `nPlusOne` the first server is down
 * for the whole run (connections refused), so the others carry the load as
 * DNS allows: with plain round robin the dead address is still handed out
 * and failover clients move on, with health-checked DNS it is withdrawn.
 */
export function withServers(s: Scenario, n: number, nPlusOne: boolean): Scenario {
  const template = s.servers[0]!;
  const taken = new Set(s.servers.map((sv) => sv.address));
  const servers = s.servers.slice(0, n);
  let step = 1;
  while (servers.length < n) {
    let address = nextAddress(template.address, step++);
    while (taken.has(address)) address = nextAddress(template.address, step++);
    taken.add(address);
    servers.push({ ...template, address });
  }
  const kept = new Set(servers.map((sv) => sv.address));
  const failures = s.failures.filter((f) => f.server === "all" || kept.has(f.server));
  if (nPlusOne)
    failures.push({ server: servers[0]!.address, at: 0, duration: s.duration, mode: "refused" });
  return { ...s, servers, failures };
}

export interface PlanOptions {
  readonly slo: Slo;
  /** Most failed requests, as a share of all requests. */
  readonly maxErrors: number;
  readonly servers: { readonly from: number; readonly to: number };
  readonly nPlusOne: boolean;
  readonly replications: number;
  readonly seed: number;
}

export interface PlanCandidate {
  readonly servers: number;
  /** The SLO statistic of the overall response time, over replications. */
  readonly latency: Summary;
  /** Failed requests / requests. */
  readonly errors: Summary;
  /**
   * Peak-window utilisation: of the busiest server in its busiest window, and
   * of the fleet as a whole (mean over servers) in its busiest window. Far
   * apart, DNS split the load unevenly; close, the load itself is too high.
   */
  readonly busiestUtilisation: Summary;
  readonly meanUtilisation: Summary;
  /** Per-window max/mean balance of the load (DNS imbalance). */
  readonly windowImbalance: Summary;
  /** The 95% CI's upper bounds meet both limits. */
  readonly meets: boolean;
}

export interface CapacityPlan {
  readonly options: PlanOptions;
  readonly candidates: readonly PlanCandidate[];
  /** Smallest server count that meets the SLO, or null. */
  readonly recommended: number | null;
  /** Plain words: what forced the count (or why none works). */
  readonly reason: string;
}

/** Utilisations and response times: never negative (a peak window's utilisation can pass 1). */
const NON_NEGATIVE: IntervalMethod = { kind: "mean", low: 0 };

/**
 * Finds the smallest number of servers that meets the SLO: every count in
 * the range is run with `replications` seeds, and a count meets the SLO when
 * the upper bound of the 95% CI of both the response-time statistic and the
 * error share is within its limit. Pure; `onRun` reports progress.
 */
export function planCapacity(
  s: Scenario,
  options: PlanOptions,
  onRun: (done: number, total: number) => void = () => {},
  /** Each count's summary as soon as its replications are in (the CLI streams it). */
  onCandidate: (candidate: PlanCandidate) => void = () => {},
): CapacityPlan {
  const candidates: PlanCandidate[] = [];
  const total = (options.servers.to - options.servers.from + 1) * options.replications;
  let done = 0;
  for (let n = options.servers.from; n <= options.servers.to; n++) {
    const scenario = withServers(s, n, options.nPlusOne);
    const runs: Results[] = [];
    // The same seeds as `rrdns run --replications` and sweeps (common random numbers across counts).
    for (const seed of replicationSeeds(options.seed, options.replications)) {
      runs.push(runScenario(scenario, { seed }));
      onRun(++done, total);
    }
    const candidate = summarizeCandidate(n, runs, options);
    candidates.push(candidate);
    onCandidate(candidate);
    // Past the first count that meets the SLO, larger ones only cost more.
    if (candidate.meets) break;
  }
  const recommended = candidates.find((c) => c.meets)?.servers ?? null;
  return { options, candidates, recommended, reason: explain(s, candidates, options, recommended) };
}

function summarizeCandidate(n: number, runs: readonly Results[], o: PlanOptions): PlanCandidate {
  const q = (r: Results) => r.queueing;
  const latency = summarizeSample(
    runs.map((r) => {
      const v = q(r)?.totals.responseTime[o.slo.metric];
      // No request answered at all: as bad as it gets.
      return v ?? Number.POSITIVE_INFINITY;
    }),
    // The mean is exact; quantiles are histogram buckets, with their resolution in the CI.
    o.slo.metric === "mean" ? NON_NEGATIVE : { kind: "quantile", buckets: FINE_BUCKETS },
  );
  const errors = summarizeSample(
    runs.map((r) => (r.totals.requests > 0 ? r.totals.failed / r.totals.requests : 0)),
    { kind: "share", trials: runs.map((r) => r.totals.requests) },
  );
  const busiest = summarizeSample(
    runs.map((r) => peakUtilisation(r).busiest),
    NON_NEGATIVE,
  );
  const meanUtil = summarizeSample(
    runs.map((r) => peakUtilisation(r).fleet),
    NON_NEGATIVE,
  );
  const imbalance = summarizeSample(
    runs.map((r) => r.balance.window.maxOverMean),
    { kind: "mean", low: 1 },
  );
  const latencyHigh = upperBound(latency);
  const errorsHigh = upperBound(errors);
  // summarizeSample leaves non-finite values out, so a replication that answered
  // nothing (Infinity above) must fail the count here, not vanish from its sample.
  const meets =
    latency.n === runs.length &&
    latencyHigh !== null &&
    latencyHigh <= o.slo.limit &&
    errorsHigh !== null &&
    errorsHigh <= o.maxErrors;
  return {
    servers: n,
    latency,
    errors,
    busiestUtilisation: busiest,
    meanUtilisation: meanUtil,
    windowImbalance: imbalance,
    meets,
  };
}

/**
 * The busiest server's busiest window, and the fleet's busiest window (mean
 * over servers): over full windows only, like every extreme (bin-coverage.ts),
 * since a sliver's utilisation is a second or two of one server.
 */
function peakUtilisation(r: Results): { busiest: number; fleet: number } {
  const series = r.queueing?.timeseries.utilisationByServer ?? [];
  let busiest = 0;
  let fleet = 0;
  const bins = series[0]?.length ?? 0;
  const weights = binWeights(bins, r.timeseries.binSeconds, r.warmup, r.duration);
  const full = hasFullBin(weights);
  for (let b = 0; b < bins; b++) {
    if (full ? weights[b] !== 1 : !(weights[b]! > 0)) continue;
    let sum = 0;
    for (const s of series) {
      const u = s[b] ?? 0;
      sum += u;
      if (u > busiest) busiest = u;
    }
    fleet = Math.max(fleet, series.length > 0 ? sum / series.length : 0);
  }
  return { busiest, fleet };
}

/** Which effect forced the count: judged on the largest count that still failed. */
function explain(
  s: Scenario,
  candidates: readonly PlanCandidate[],
  o: PlanOptions,
  recommended: number | null,
): string {
  const sloText = `${o.slo.metric} < ${o.slo.limit} s`;
  if (recommended === null) {
    const hint =
      o.nPlusOne && s.clients.selection === "first" && !s.dns.healthCheck
        ? " With one server down, clients that do not fail over (selection first) lose the dead address's share whatever the count, since plain round-robin DNS keeps handing it out: use failover clients or health-checked DNS."
        : " Try a wider --servers range or faster servers.";
    return `No count from ${o.servers.from} to ${o.servers.to} meets ${sloText} with at most ${o.maxErrors * 100}% errors.${hint}`;
  }
  const failing = candidates.filter((c) => !c.meets).at(-1);
  if (!failing)
    return `${recommended} servers (the smallest in the range) already meet ${sloText}.`;
  const busiest = failing.busiestUtilisation.mean ?? 0;
  const mean = failing.meanUtilisation.mean ?? 0;
  const imbalance = failing.windowImbalance.mean ?? 1;
  let effect: string;
  if (o.nPlusOne)
    effect = `with one server down for the whole run (N+1), ${failing.servers} servers leave ${failing.servers - 1} to carry the load`;
  // The busiest server far above the fleet: DNS, not the total load, decided.
  else if (busiest > 0.8 && busiest > 1.5 * mean)
    effect = `DNS imbalance: at ${failing.servers} servers the busiest one reaches ${pct(busiest)} of its capacity in its busiest window while the fleet as a whole peaks at ${pct(mean)} (per-window max/mean ${imbalance.toFixed(2)}, from frozen or skewed resolvers)`;
  else
    effect = `${hasPeak(s) ? "the peak load" : "the load"}: at ${failing.servers} servers the whole fleet reaches ${pct(mean)} of its capacity in its busiest window${hasPeak(s) ? " (the scenario's peak)" : ""}`;
  return `${recommended} servers are the fewest that meet ${sloText}; what forced it: ${effect}.`;
}

function hasPeak(s: Scenario): boolean {
  return typeof s.clients.rate === "object";
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
