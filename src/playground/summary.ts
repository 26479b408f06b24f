import type { Results } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";

/** One shown total: its field id (as in TOTALS), the number and its text. */
export interface ShownTotal {
  readonly id: string;
  readonly value: number | null;
  readonly text: string;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** The totals a pane shows, from (partial or final) results. */
export function totalsOf(r: Results): ShownTotal[] {
  const ratio = r.balance.window.maxOverMean;
  const p99 = r.queueing?.totals.responseTime.p99 ?? null;
  const utilisation = r.queueing?.totals.utilisation ?? null;
  return [
    { id: "visits", value: r.totals.visits, text: int(r.totals.visits) },
    { id: "requests", value: r.totals.requests, text: int(r.totals.requests) },
    { id: "served", value: r.totals.served, text: int(r.totals.served) },
    { id: "failedAttempts", value: r.totals.failedAttempts, text: int(r.totals.failedAttempts) },
    { id: "failedVisits", value: r.totals.failedVisits, text: int(r.totals.failedVisits) },
    {
      id: "authoritativeQueries",
      value: r.dns.authoritativeQueries,
      text: int(r.dns.authoritativeQueries),
    },
    {
      id: "hitRatio",
      value: r.dns.resolverHitRatio,
      text: (r.dns.resolverHitRatio * 100).toFixed(1),
    },
    { id: "maxOverMean", value: ratio, text: ratio === null ? "–" : ratio.toFixed(3) },
    // Servers with capacity only; null (and the row hidden) otherwise.
    { id: "p99", value: p99, text: p99 === null ? "–" : seconds(p99) },
    {
      id: "utilisation",
      value: utilisation,
      text: utilisation === null ? "–" : (utilisation * 100).toFixed(1),
    },
  ];
}

/** A response time as the CLI's summary writes it: milliseconds, in seconds. */
function seconds(x: number): string {
  return x.toFixed(3);
}

/**
 * How many caching resolvers the run has, as the model builds them: one per
 * explicit weight when there are weights (`count` is then unused, though its
 * default of 1000 is still filled in), plus one per client of each session
 * class that has its own.
 */
export function resolverText(s: Scenario): string {
  const shared = s.resolvers.weights?.length ?? s.resolvers.count;
  const classes = s.clients.sessions?.classes ?? [];
  const own = classes.filter((c) => c.resolver === "own").reduce((sum, c) => sum + c.clients, 0);
  const n = (x: number) => x.toLocaleString("en-US");
  if (own === 0) return `${n(shared)} resolver${shared === 1 ? "" : "s"}`;
  if (classes.every((c) => c.resolver === "own")) return `${n(own)} resolvers, one per client`;
  return `${n(shared)} shared resolvers + ${n(own)} clients' own`;
}

/** A line naming the settings that lessons and comparisons change most. */
export function settingSummary(s: Scenario): string {
  const b = s.resolvers.behaviour;
  const mix =
    typeof b === "string"
      ? b
      : b.map((x) => `${x.behaviour} ${Math.round(x.share * 100)}%`).join(" / ");
  return [
    `${s.servers.length} servers`,
    `TTL ${s.dns.ttl} s`,
    `${s.dns.order} answers${s.dns.healthCheck ? ", health-checked" : ""}`,
    `${resolverText(s)} (${mix})`,
    `clients: ${s.clients.selection}${s.clients.cache ? ", with caches" : ""}`,
    `seed ${s.seed}`,
  ].join(" · ");
}

/**
 * Results as a live chart should draw them mid-run: only the time bins the
 * run has completed, so each line stops at the present instead of dropping
 * to zero for the bins still to come, and the duration cut to the end of
 * the last of them, so the charts' captions (mean rates per second of the
 * run) are rates of what was simulated. Totals are untouched. Before the
 * first bin completes the results are drawn as they are.
 */
export function reachedSoFar(r: Results, now: number): Results {
  const ts = r.timeseries;
  const bins = ts.start.filter((start) => start + ts.binSeconds <= now).length;
  if (bins === ts.start.length || bins === 0) return r;
  const cut = <T>(xs: readonly T[]) => xs.slice(0, bins);
  const end = Math.max(ts.start[bins - 1]! + ts.binSeconds, r.warmup + ts.binSeconds);
  return {
    ...r,
    duration: end,
    // The one rate summarize divides by the whole run; the charts' caption shows it.
    dns: { ...r.dns, authoritativeQps: r.dns.authoritativeQueries / (now - r.warmup) },
    timeseries: {
      ...ts,
      start: cut(ts.start),
      servedByServer: ts.servedByServer.map(cut),
      attemptsByServer: ts.attemptsByServer.map(cut),
      failedAttemptsByServer: ts.failedAttemptsByServer.map(cut),
      loadByServer: ts.loadByServer.map(cut),
      visits: cut(ts.visits),
      requests: cut(ts.requests),
      failedRequests: cut(ts.failedRequests),
      failedVisits: cut(ts.failedVisits),
      unresolvedVisits: cut(ts.unresolvedVisits),
      authoritativeQueries: cut(ts.authoritativeQueries),
      resolverLookups: cut(ts.resolverLookups),
      resolverHits: cut(ts.resolverHits),
      staleAnswers: cut(ts.staleAnswers),
      maxOverMean: cut(ts.maxOverMean),
      cov: cut(ts.cov),
      jain: cut(ts.jain),
    },
    ...(r.queueing ? { queueing: queueingReached(r.queueing, cut) } : {}),
  };
}

/** The queueing series cut to the same bins. */
function queueingReached(
  q: NonNullable<Results["queueing"]>,
  cut: <T>(xs: readonly T[]) => T[],
): NonNullable<Results["queueing"]> {
  const ts = q.timeseries;
  return {
    ...q,
    timeseries: {
      utilisationByServer: ts.utilisationByServer.map(cut),
      meanQueueByServer: ts.meanQueueByServer.map(cut),
      meanResponseByServer: ts.meanResponseByServer.map(cut),
      p50ByServer: ts.p50ByServer.map(cut),
      p95ByServer: ts.p95ByServer.map(cut),
      p99ByServer: ts.p99ByServer.map(cut),
      p99: cut(ts.p99),
      refused: cut(ts.refused),
      dropped: cut(ts.dropped),
      timedOut: cut(ts.timedOut),
      retries: cut(ts.retries),
    },
  };
}
