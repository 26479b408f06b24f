import type { Results } from "../metrics/index.js";

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
}

/** Metric id -> value for one run; null where the metric does not apply. */
export type MetricValues = Readonly<Record<string, number | null>>;

export const METRICS: readonly MetricDef[] = [
  byPath("totals.failedVisits", "failed visits", "visits", "lower", "Visits that failed."),
  byPath(
    "dns.authoritativeQps",
    "authoritative query rate",
    "queries/s",
    "lower",
    "Queries reaching the authoritative server per second: the DNS cost of a short TTL.",
  ),
  byPath(
    "dns.resolverHitRatio",
    "resolver hit ratio",
    "ratio",
    "higher",
    "Fraction of resolver lookups answered from cache.",
  ),
  byPath(
    "balance.window.maxOverMean",
    "imbalance per window (max/mean)",
    "ratio",
    "lower",
    "Busiest server's load over the mean, per balance window, averaged over windows.",
  ),
  byPath(
    "balance.window.jain",
    "Jain index per window",
    "index",
    "higher",
    "Jain's fairness index per balance window, averaged over windows (1 = even).",
  ),
  byPath(
    "balance.jain",
    "Jain index (whole run)",
    "index",
    "higher",
    "Jain's fairness index of the whole run's served requests.",
  ),
  byPath(
    "delay.meanSeconds",
    "mean connect delay",
    "s",
    "lower",
    "Mean seconds a visit lost to connect timeouts.",
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
    read: (r) => (r.servers.length === 0 ? null : Math.max(...r.servers.map((s) => s.share))),
  },
  {
    id: "failures.drainSeconds",
    label: "time to drain after a failure",
    unit: "s",
    better: "lower",
    doc: "Seconds until a dead address gets < 1% of its fair share, the longest over the run's failures. A failure that never drained counts as its whole outage (a lower bound; see failures.undrained). Missing when the run has no failure.",
    read: drainSeconds,
  },
  {
    id: "failures.undrained",
    label: "failures never drained",
    unit: "failures",
    better: "lower",
    doc: "Failures whose address still drew traffic when the outage ended (their drain time is censored). Missing when the run has no failure.",
    read: (r) => {
      const fs = failuresInRun(r);
      return fs.length === 0 ? null : fs.filter((f) => f.drainSeconds === null).length;
    },
  },
];

export function metricById(id: string): MetricDef {
  const m = METRICS.find((d) => d.id === id);
  if (!m) throw new Error(`unknown metric ${id}`);
  return m;
}

/** Every metric of one run. */
export function extractMetrics(r: Results): MetricValues {
  const out: Record<string, number | null> = {};
  for (const m of METRICS) {
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
): MetricDef {
  const keys = path.split(".");
  return {
    id: path,
    label,
    unit,
    better,
    doc,
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
