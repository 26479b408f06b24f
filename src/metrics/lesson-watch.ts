import type { LessonMetric } from "../scenario/index.js";
import type { Results } from "./results.js";

/** How each lesson metric is named to a reader, with its unit. */
export const LESSON_METRIC_LABELS: Record<LessonMetric, string> = {
  failedAttempts: "failed connection attempts",
  failedVisits: "visits with a failed request",
  unresolvedVisits: "unresolved visits",
  authoritativeQueries: "authoritative DNS queries",
  authoritativePeak: "authoritative queries in the busiest window",
  maxOverMean: "busiest server per window (× mean)",
  busiestShare: "busiest server's share",
  p99: "p99 response time (s)",
  meanResponse: "mean response time (s)",
  errors: "requests refused, dropped or timed out",
  drainSeconds: "seconds until the failed server's traffic drained",
  unservedRequests: "requests with no connection",
  failedConnects: "failed connects",
  fillSeconds: "seconds until the first added server got its share",
  rebalanceSeconds: "seconds until the pool was balanced again after the change",
};

/**
 * The value of a lesson metric in a run's results; null where the run has
 * none (no capacity for the response times, no failure for the drain, or a
 * drain that never ended).
 */
export function lessonMetricValue(r: Results, metric: LessonMetric): number | null {
  switch (metric) {
    case "failedAttempts":
      return r.totals.failedAttempts;
    case "failedVisits":
      return r.totals.failedVisits;
    case "unresolvedVisits":
      return r.totals.unresolvedVisits;
    case "authoritativeQueries":
      return r.dns.authoritativeQueries;
    case "authoritativePeak":
      return r.timeseries.authoritativeQueries.reduce((a, b) => Math.max(a, b), 0);
    case "maxOverMean":
      return r.balance.window.maxOverMean;
    case "busiestShare":
      return r.servers.reduce((a, s) => Math.max(a, s.share), 0);
    case "p99":
      return r.queueing?.totals.responseTime.p99 ?? null;
    case "meanResponse":
      return r.queueing?.totals.responseTime.mean ?? null;
    case "errors": {
      const q = r.queueing?.totals;
      return q ? q.refused + q.dropped + q.timedOut : null;
    }
    case "drainSeconds":
      return r.failures[0]?.drainSeconds ?? null;
    case "unservedRequests":
      return r.connections?.unserved ?? null;
    case "failedConnects":
      return r.connections?.failedConnects ?? null;
    case "fillSeconds":
      return r.connections?.changes.find((c) => c.kind !== "remove")?.fillTime ?? null;
    case "rebalanceSeconds":
      return r.connections?.changes[0]?.rebalanceTime ?? null;
  }
}
