import { type ConnectionChangeResult, FINE_BUCKETS, type Results } from "../metrics/index.js";
import { type IntervalMethod, type Summary, summarizeSample } from "./statistics.js";

/**
 * The scalar metrics a replication or sweep reports, each read from Results.
 * The list is fixed (not user-chosen) so every output file has the same
 * columns and merged shards always agree. Each label is the one name of its
 * metric in every table, chart and sentence (the TTL advisor's included).
 */
export interface MetricDef {
  /** Stable id: the Results path it is read from, or a derived name. */
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  /** Which way is better, for reading charts and tables. */
  readonly better: "lower" | "higher";
  readonly doc: string;
  readonly read: (r: Results) => number | null;
  /** What kind of number it is, which decides its confidence interval (default: plain t). */
  readonly interval?: MetricInterval;
}

/**
 * A metric's interval method (statistics.ts), with what it needs from each
 * run: a share names the count it is a fraction of.
 */
export type MetricInterval =
  | { readonly kind: "mean"; readonly low?: number; readonly high?: number }
  | { readonly kind: "count" }
  | { readonly kind: "quantile"; readonly buckets: typeof FINE_BUCKETS }
  | { readonly kind: "share"; readonly trials: (r: Results) => number | null };

/** Never negative. */
const NON_NEGATIVE: MetricInterval = { kind: "mean", low: 0 };
/** In [0, 1], but not a count of successes (a maximum, an index). */
const UNIT_RANGE: MetricInterval = { kind: "mean", low: 0, high: 1 };

/** Metric id -> value for one run; null where the metric does not apply. */
export type MetricValues = Readonly<Record<string, number | null>>;

export const METRICS: readonly MetricDef[] = [
  byPath("totals.failedVisits", "failed visits", "visits", "lower", "Visits that failed.", {
    kind: "count",
  }),
  byPath(
    "dns.authoritativeQps",
    "authoritative query rate",
    "queries/s",
    "lower",
    "Queries reaching the authoritative server per second: the DNS cost of a short TTL.",
    NON_NEGATIVE,
  ),
  byPath(
    "dns.resolverHitRatio",
    "resolver hit ratio",
    "ratio",
    "higher",
    "Fraction of resolver lookups answered from cache.",
    { kind: "share", trials: (r) => r.dns.resolverLookups },
  ),
  byPath(
    "balance.window.maxOverMean",
    "imbalance per window (max/mean)",
    "ratio",
    "lower",
    "Busiest server's load over the mean, per balance window, averaged over windows.",
    { kind: "mean", low: 1 },
  ),
  byPath(
    "balance.window.jain",
    "Jain index per window",
    "index",
    "higher",
    "Jain's fairness index per balance window, averaged over windows (1 = even).",
    UNIT_RANGE,
  ),
  byPath(
    "balance.jain",
    "Jain index (whole run)",
    "index",
    "higher",
    "Jain's fairness index of the whole run's served requests.",
    UNIT_RANGE,
  ),
  byPath(
    "delay.meanSeconds",
    "mean connect delay",
    "s",
    "lower",
    "Mean seconds a visit lost to connect timeouts.",
    NON_NEGATIVE,
  ),
  byPath(
    "delay.p99Seconds",
    "p99 connect delay",
    "s",
    "lower",
    "99th percentile of the seconds a visit lost to connect timeouts (failover clients pay a dead address this way).",
  ),
  {
    id: "totals.failedVisitShare",
    label: "failed visit share",
    unit: "share",
    better: "lower",
    doc: "Failed visits over visits: unlike the count, it does not grow with the run's length.",
    read: (r) => (r.totals.visits > 0 ? r.totals.failedVisits / r.totals.visits : null),
  },
  {
    id: "totals.failedVisitsPerHour",
    label: "failed visits per hour",
    unit: "visits/h",
    better: "lower",
    doc: "Failed visits per hour of measured time (after the warm-up).",
    read: (r) => {
      const hours = (r.duration - r.warmup) / 3600;
      return hours > 0 ? r.totals.failedVisits / hours : null;
    },
  },
  {
    id: "servers.maxShare",
    label: "largest server share",
    unit: "share",
    better: "lower",
    doc: "Largest fraction of all served requests carried by one address.",
    interval: UNIT_RANGE,
    read: (r) => (r.servers.length === 0 ? null : Math.max(...r.servers.map((s) => s.share))),
  },
  {
    id: "failures.drainSeconds",
    label: "time to drain after a failure",
    unit: "s",
    better: "lower",
    doc: "Seconds until a dead address gets < 1% of its fair share, the longest over the run's failures. A failure that never drained counts as its whole outage (a lower bound; see failures.undrained). Missing when the run has no failure.",
    read: drainSeconds,
    interval: NON_NEGATIVE,
  },
  {
    id: "failures.undrained",
    label: "failures never drained",
    unit: "failures",
    better: "lower",
    doc: "Failures whose address still drew traffic when the outage ended (their drain time is censored). Missing when the run has no failure.",
    interval: NON_NEGATIVE,
    read: (r) => {
      const fs = failuresInRun(r);
      return fs.length === 0 ? null : fs.filter((f) => f.drainSeconds === null).length;
    },
  },
];

/**
 * The queueing metrics of servers with capacity (results.queueing): what
 * capacity planning is about. Only runs that have queueing report them, so a
 * run without capacity keeps the ten DNS metrics above and nothing else.
 */
export const QUEUEING_METRICS: readonly MetricDef[] = [
  byPath(
    "queueing.totals.responseTime.mean",
    "mean response time",
    "s",
    "lower",
    "Mean response time of the accepted requests (arrival at the server to the answer).",
  ),
  byPath(
    "queueing.totals.responseTime.p50",
    "p50 response time",
    "s",
    "lower",
    "Median response time, read from the whole-run histogram (its 95% CI includes the bucket's ±0.8%).",
    { kind: "quantile", buckets: FINE_BUCKETS },
  ),
  byPath(
    "queueing.totals.responseTime.p99",
    "p99 response time",
    "s",
    "lower",
    "99th percentile response time, read from the whole-run histogram (its 95% CI includes the bucket's ±0.8%).",
    { kind: "quantile", buckets: FINE_BUCKETS },
  ),
  {
    id: "queueing.busiestUtilisation",
    label: "busiest server's utilisation",
    unit: "share",
    better: "lower",
    doc: "Whole-run utilisation (busy workers) of the busiest live server; a server down for the whole measured period is left out.",
    read: (r) => {
      const live = liveQueueServers(r);
      return live.length === 0 ? null : Math.max(...live.map((s) => s.utilisation));
    },
    interval: UNIT_RANGE,
  },
  {
    id: "queueing.fleetUtilisation",
    label: "fleet utilisation",
    unit: "share",
    better: "lower",
    doc: "Busy worker-seconds over all live servers' worker-seconds; a server down for the whole measured period is left out (it counts as neither busy nor idle).",
    read: (r) =>
      weightedMean(
        liveQueueServers(r),
        (s) => s.utilisation,
        (s) => s.workers,
      ),
    interval: UNIT_RANGE,
  },
  {
    id: "queueing.meanWait",
    label: "mean wait in queue",
    unit: "s",
    better: "lower",
    doc: "Mean seconds an accepted request waited before service, over all servers (Wq).",
    read: (r) =>
      weightedMean(
        r.queueing?.servers ?? [],
        (s) => s.meanWait,
        (s) => s.accepted,
      ),
    interval: NON_NEGATIVE,
  },
  shareOfAttempts(
    "refused",
    "refused share",
    "Attempts refused by a full queue, over all attempts.",
  ),
  shareOfAttempts(
    "dropped",
    "dropped share",
    "Attempts dropped by a full queue (the client waited its timeout), over all attempts.",
  ),
  shareOfAttempts(
    "timedOut",
    "timed-out share",
    "Attempts answered later than the client's timeout, over all attempts.",
  ),
  {
    id: "totals.failedShare",
    label: "failed request share",
    unit: "share",
    better: "lower",
    doc: "Requests that failed after every attempt, over all requests.",
    read: (r) => (r.totals.requests > 0 ? r.totals.failed / r.totals.requests : null),
    interval: { kind: "share", trials: (r) => r.totals.requests },
  },
];

/** A metric of METRICS by id (shared by the pool list, so one id is one definition). */
const visitMetric = (id: string): MetricDef => METRICS.find((m) => m.id === id)!;

/**
 * The metrics of a connection-pool run (scenario `connections`): what the
 * questions about pools are (is the load even, how fast do new servers fill
 * and removed ones drain, what does it cost in connections and lookups, how
 * many requests found no connection). The visit metrics (failed visits,
 * connect delays, resolver hit ratio) have nothing to measure in a pool run.
 * Times to a milestone that never came count as the time from the change to
 * the end of the run, a lower bound, flagged by their `un…` companion.
 */
export const POOL_METRICS: readonly MetricDef[] = [
  visitMetric("balance.window.maxOverMean"),
  visitMetric("balance.window.jain"),
  visitMetric("servers.maxShare"),
  milestoneMetric(
    "fill",
    "add",
    "fill time (slowest added server)",
    "Seconds from a server's addition to the DNS answer until its share of the request rate first reached fillShare of a fair share, the longest over the servers added during the run. A server never filled counts as the rest of the run (a lower bound; see connections.unfilled). Missing when no server is added.",
  ),
  censoredCount(
    "fill",
    "add",
    "added servers never filled",
    "Servers added during the run that had not reached their fill share by its end.",
  ),
  milestoneMetric(
    "rebalance",
    null,
    "time to rebalance",
    "Seconds from a pool change until every server in the answer carried within ±(1 − fillShare) of a fair share and withdrawn servers none, the longest over the run's changes. A pool never rebalanced counts as the rest of the run (a lower bound; see connections.unbalanced). Missing when the pool does not change.",
  ),
  censoredCount(
    "rebalance",
    null,
    "changes never rebalanced",
    "Pool changes after which the pool was not balanced again by the end of the run.",
  ),
  milestoneMetric(
    "drain",
    "remove",
    "drain time (slowest removed server)",
    "Seconds from a server's removal from the DNS answer until its last connection closed, the longest over the servers removed during the run. One never drained counts as the rest of the run (a lower bound; see connections.undrained). Missing when no server is removed.",
  ),
  censoredCount(
    "drain",
    "remove",
    "removed servers never drained",
    "Servers removed during the run that still had connections at its end.",
  ),
  {
    id: "connections.churnPerSecond",
    label: "connection churn",
    unit: "connections/s",
    better: "lower",
    doc: "Connections opened per second of the run: what reconnecting (age and request limits, idle timeouts, re-resolution) costs the servers in handshakes.",
    read: (r) =>
      r.connections && r.duration > 0 ? r.connections.connectionsOpened / r.duration : null,
    interval: NON_NEGATIVE,
  },
  {
    id: "connections.lookupsPerSecond",
    label: "client lookups",
    unit: "lookups/s",
    better: "lower",
    doc: "Lookups the clients made per second of the run (a runtime's cached answer is not one): the DNS cost of the runtime.",
    read: (r) => (r.connections && r.duration > 0 ? r.connections.resolutions / r.duration : null),
    interval: NON_NEGATIVE,
  },
  {
    id: "connections.unservedShare",
    label: "requests with no connection",
    unit: "share",
    better: "lower",
    doc: "Requests that found their client with no open connection, over all requests the clients made.",
    read: (r) => {
      const c = r.connections;
      const all = c ? c.requests + c.unserved : 0;
      return c && all > 0 ? c.unserved / all : null;
    },
    interval: {
      kind: "share",
      trials: (r) => (r.connections ? r.connections.requests + r.connections.unserved : null),
    },
  },
  {
    id: "connections.failedConnects",
    label: "failed connects",
    unit: "connects",
    better: "lower",
    doc: "Connects refused because the server had reset its connections (a withdrawn server past its grace).",
    read: (r) => r.connections?.failedConnects ?? null,
    interval: { kind: "count" },
  },
];

/** The metrics a run reports: the pool ones for a pool run, else the DNS ones, and the queueing ones when its servers have capacity. */
export function metricsFor(r: Results): readonly MetricDef[] {
  if (r.connections) return POOL_METRICS;
  return r.queueing ? [...METRICS, ...QUEUEING_METRICS] : METRICS;
}

/**
 * The metrics a study of a scenario measures (sweep, merge, task files): the
 * pool ones when the scenario has connection pools, else the DNS ones. Only
 * `connections` is read, so a task file's header (the plan's scenario as
 * JSON) can be asked too.
 */
export function studyMetrics(scenario: { readonly connections?: unknown }): readonly MetricDef[] {
  return scenario.connections ? POOL_METRICS : METRICS;
}

type Milestone = "fill" | "drain" | "rebalance";

/** The pool changes that took effect during the run (kind: only those; null: every one). */
function changesOf(r: Results, kind: "add" | "remove" | null): ConnectionChangeResult[] {
  return (r.connections?.changes ?? []).filter(
    (c) => c.at < r.duration && (kind === null || c.kind === kind),
  );
}

function milestoneOf(c: ConnectionChangeResult, milestone: Milestone): number | null {
  return milestone === "fill" ? c.fillTime : milestone === "drain" ? c.drainTime : c.rebalanceTime;
}

/** The longest time to a milestone over the run's changes; one never reached counts as the rest of the run. */
function milestoneMetric(
  milestone: Milestone,
  kind: "add" | "remove" | null,
  label: string,
  doc: string,
): MetricDef {
  return {
    id: `connections.${milestone}Seconds`,
    label,
    unit: "s",
    better: "lower",
    doc,
    interval: NON_NEGATIVE,
    read: (r) => {
      const changes = changesOf(r, kind);
      if (changes.length === 0) return null;
      let worst = 0;
      for (const c of changes)
        worst = Math.max(worst, milestoneOf(c, milestone) ?? r.duration - c.at);
      return worst;
    },
  };
}

/** How many of the run's changes never reached the milestone (their time above is censored). */
function censoredCount(
  milestone: Milestone,
  kind: "add" | "remove" | null,
  label: string,
  doc: string,
): MetricDef {
  const id = { fill: "unfilled", drain: "undrained", rebalance: "unbalanced" }[milestone];
  return {
    id: `connections.${id}`,
    label,
    unit: "changes",
    better: "lower",
    doc: `${doc} Missing when there is none to reach.`,
    interval: NON_NEGATIVE,
    read: (r) => {
      const changes = changesOf(r, kind);
      // Rebalance is one milestone per change time, shared by its entries.
      const distinct =
        kind === null ? [...new Map(changes.map((c) => [c.at, c])).values()] : changes;
      return distinct.length === 0
        ? null
        : distinct.filter((c) => milestoneOf(c, milestone) === null).length;
    },
  };
}

/**
 * Summarises one metric over replications with its interval method: the
 * one place a metric's kind is turned into a confidence interval. `trials`
 * (from metricTrials, one per value) give a share its pooled count.
 */
export function summarizeMetric(
  m: MetricDef,
  values: readonly (number | null)[],
  trials?: readonly (number | null)[],
): Summary {
  return summarizeSample(values, intervalMethod(m.interval, trials));
}

function intervalMethod(
  i: MetricInterval | undefined,
  trials: readonly (number | null)[] | undefined,
): IntervalMethod {
  if (!i) return { kind: "mean" };
  if (i.kind === "share") return trials ? { kind: "share", trials } : { kind: "share" };
  return i;
}

/** What a share metric is a fraction of, in one run; null for other metrics. */
export function metricTrials(m: MetricDef, r: Results): number | null {
  return m.interval?.kind === "share" ? m.interval.trials(r) : null;
}

function shareOfAttempts(
  key: "refused" | "dropped" | "timedOut",
  label: string,
  doc: string,
): MetricDef {
  return {
    id: `queueing.${key}Share`,
    label,
    unit: "share",
    better: "lower",
    doc,
    read: (r) =>
      r.queueing && r.totals.attempts > 0 ? r.queueing.totals[key] / r.totals.attempts : null,
    interval: { kind: "share", trials: (r) => r.totals.attempts },
  };
}

/** Queueing servers not down for the whole measured period (warm-up to horizon). */
/** Σ value × weight / Σ weight over the servers that have a value; null when the weights sum to 0. */
function weightedMean<S>(
  servers: readonly S[],
  value: (s: S) => number | null,
  weight: (s: S) => number,
): number | null {
  let sum = 0;
  let total = 0;
  for (const s of servers) {
    const v = value(s);
    if (v === null) continue;
    const w = weight(s);
    sum += v * w;
    total += w;
  }
  return total > 0 ? sum / total : null;
}

function liveQueueServers(r: Results): NonNullable<Results["queueing"]>["servers"] {
  const dead = new Set(
    r.failures.filter((f) => f.start <= r.warmup && f.end >= r.duration).map((f) => f.server),
  );
  if (dead.has("all")) return [];
  return (r.queueing?.servers ?? []).filter((s) => !dead.has(s.address));
}

export function metricById(id: string): MetricDef {
  const m = [...METRICS, ...QUEUEING_METRICS, ...POOL_METRICS].find((d) => d.id === id);
  if (!m) throw new Error(`unknown metric ${id}`);
  return m;
}

/** Every metric of one run (of `metrics`, by default the DNS ones every output has). */
export function extractMetrics(r: Results, metrics: readonly MetricDef[] = METRICS): MetricValues {
  const out: Record<string, number | null> = {};
  for (const m of metrics) {
    const v = m.read(r);
    out[m.id] = v === null || !Number.isFinite(v) ? null : v;
  }
  return out;
}

function byPath(
  path: string,
  label: string,
  unit: string,
  better: "lower" | "higher",
  doc: string,
  interval: MetricInterval = NON_NEGATIVE,
): MetricDef {
  const keys = path.split(".");
  return {
    id: path,
    label,
    unit,
    better,
    doc,
    interval,
    read: (r) => {
      let node: unknown = r;
      for (const k of keys) {
        if (node === null || typeof node !== "object") return null;
        node = (node as Record<string, unknown>)[k];
      }
      return typeof node === "number" ? node : null;
    },
  };
}

/** Failures that started inside the measured run (later ones have nothing to drain yet). */
function failuresInRun(r: Results): Results["failures"] {
  return r.failures.filter((f) => f.start < r.duration);
}

/**
 * Longest drain over the run's failures. A failure that never drained is
 * counted as its outage length (cut at the horizon): that is what planners
 * see (traffic still hit the dead address for the whole outage), it keeps
 * long TTLs from looking good by dropping their worst cases, and it makes the
 * metric saturate rather than vanish as the TTL grows.
 */
function drainSeconds(r: Results): number | null {
  const fs = failuresInRun(r);
  if (fs.length === 0) return null;
  let worst = 0;
  for (const f of fs) {
    const value = f.drainSeconds ?? Math.min(f.end, r.duration) - f.start;
    worst = Math.max(worst, value);
  }
  return worst;
}
