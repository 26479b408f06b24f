import type { Results } from "../../metrics/index.js";
import { int, num, rateScale } from "./format.js";
import { hoverLayers, referenceRule, timeChart } from "./layers.js";
import { NEUTRAL } from "./theme.js";
import { ratePerSecond, timeAxis } from "./time.js";
import type { Chart, ChartOptions, VegaLiteSpec } from "./types.js";

/** Queries reaching the authoritative server per second: what the caches let through. */
export function authoritativeChart(r: Results, options: ChartOptions = {}): Chart {
  const axis = timeAxis(r, 2);
  const queries = ratePerSecond(axis, r.timeseries.authoritativeQueries);
  const visits = ratePerSecond(axis, r.timeseries.visits);
  const values = axis.points.map((p, j) => ({ t: p.t, q: queries[j] ?? 0, v: visits[j] ?? 0 }));
  const peak = Math.max(0, ...queries);
  const y: VegaLiteSpec = {
    field: "q",
    type: "quantitative",
    title: "authoritative queries (queries/s)",
    scale: rateScale(peak),
  };
  const mean = r.dns.authoritativeQps;
  return {
    name: "authoritative",
    explain:
      "Queries per second that reached the authoritative DNS server, i.e. the resolvers' cache misses. Their rate is set by the TTL and the number of resolvers, not by the number of visits. Grey bands are periods when the authoritative server was unreachable.",
    spec: timeChart(
      r,
      axis,
      values,
      { title: "Authoritative DNS queries", caption: authoritativeCaption(r) },
      "dns",
      [
        {
          mark: {
            type: "area",
            line: { color: NEUTRAL, strokeWidth: 1.5 },
            color: NEUTRAL,
            opacity: 0.18,
          },
          encoding: { x: axis.x, y },
        },
        ...(mean > 0 ? [referenceRule(mean, `mean ${num(mean, 2)} queries/s`, y)] : []),
        ...hoverLayers(options, axis, "hover_authoritative", [
          { field: "q", title: "authoritative queries/s", type: "quantitative", format: ",.2f" },
          { field: "v", title: "visits/s", type: "quantitative", format: ",.1f" },
        ]),
      ],
    ),
  };
}

function authoritativeCaption(r: Results): string {
  const q = r.dns.authoritativeQps;
  if (r.dns.authoritativeQueries === 0)
    return "No authoritative queries in the measured period: every answer came from a cache.";
  const measured = r.duration - r.warmup;
  const visitRate = measured > 0 ? r.totals.visits / measured : 0;
  const perQuery =
    r.dns.authoritativeQueries > 0 ? r.totals.visits / r.dns.authoritativeQueries : 0;
  return `Mean ${num(q, 2)} queries/s (dashed) while clients made ${num(visitRate, 1)} visits/s: one authoritative query per ${int(perQuery)} visits, thanks to ${int(r.dns.resolvers)} caching resolvers.`;
}
