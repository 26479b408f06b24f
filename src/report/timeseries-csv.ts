import type { Results } from "../metrics/index.js";

/** The per-bin time series as tidy-wide CSV: one row per bin. Pure. */
export function timeSeriesCsv(r: Results): string {
  const ts = r.timeseries;
  const addresses = r.servers.map((s) => s.address);
  const q = r.queueing?.timeseries;
  const header = [
    "start_s",
    "visits",
    "requests",
    "failed_requests",
    "failed_visits",
    "unresolved_visits",
    "authoritative_queries",
    "resolver_lookups",
    "resolver_hits",
    "stale_answers",
    "max_over_mean",
    "cov",
    "jain",
    ...addresses.map((a) => `served_${a}`),
    ...addresses.map((a) => `failed_attempts_${a}`),
    ...addresses.map((a) => `load_${a}`),
    // Servers with capacity only.
    ...(q
      ? [
          "refused",
          "dropped",
          "timed_out",
          "retries",
          "p99_s",
          ...addresses.map((a) => `utilisation_${a}`),
          ...addresses.map((a) => `mean_queue_${a}`),
          ...addresses.map((a) => `p99_s_${a}`),
        ]
      : []),
  ];
  const rows = [header.join(",")];
  const cell = (x: number | null): string => (x === null ? "" : String(x));
  for (let b = 0; b < ts.start.length; b++) {
    rows.push(
      [
        ts.start[b]!,
        ts.visits[b]!,
        ts.requests[b]!,
        ts.failedRequests[b]!,
        ts.failedVisits[b]!,
        ts.unresolvedVisits[b]!,
        ts.authoritativeQueries[b]!,
        ts.resolverLookups[b]!,
        ts.resolverHits[b]!,
        ts.staleAnswers[b]!,
        cell(ts.maxOverMean[b]!),
        cell(ts.cov[b]!),
        cell(ts.jain[b]!),
        ...ts.servedByServer.map((s) => s[b]!),
        ...ts.failedAttemptsByServer.map((s) => s[b]!),
        ...ts.loadByServer.map((s) => s[b]!),
        ...(q
          ? [
              q.refused[b]!,
              q.dropped[b]!,
              q.timedOut[b]!,
              q.retries[b]!,
              cell(q.p99[b]!),
              ...q.utilisationByServer.map((s) => s[b]!),
              ...q.meanQueueByServer.map((s) => s[b]!),
              ...q.p99ByServer.map((s) => cell(s[b]!)),
            ]
          : []),
      ]
        .map((x) => (typeof x === "number" ? String(x) : x))
        .join(","),
    );
  }
  return `${rows.join("\n")}\n`;
}
