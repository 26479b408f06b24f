import type { Results } from "../metrics/index.js";

/** A column per prefix and server, `<prefix>_<address>`, prefix by prefix. */
function perServer(addresses: readonly string[], ...prefixes: string[]): string[] {
  return prefixes.flatMap((prefix) => addresses.map((a) => `${prefix}_${a}`));
}

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
    ...perServer(addresses, "served", "failed_attempts", "load"),
    // Servers with capacity only.
    ...(q
      ? [
          "refused",
          "dropped",
          "timed_out",
          "retries",
          "p99_s",
          ...perServer(addresses, "utilisation", "mean_queue", "p99_s"),
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
