import type { Results } from "../metrics/index.js";

/** The per-bin time series as tidy-wide CSV: one row per bin. Pure. */
export function timeSeriesCsv(r: Results): string {
  const ts = r.timeseries;
  const addresses = r.servers.map((s) => s.address);
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
      ]
        .map((x) => (typeof x === "number" ? String(x) : x))
        .join(","),
    );
  }
  return `${rows.join("\n")}\n`;
}
