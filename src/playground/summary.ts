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
  ];
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
    `${s.resolvers.count} resolvers (${mix})`,
    `clients: ${s.clients.selection}${s.clients.cache ? ", with caches" : ""}`,
    `seed ${s.seed}`,
  ].join(" · ");
}
