import type { Results } from "../../metrics/index.js";
import { int, pct, round4 } from "./format.js";
import { hoverLayers, referenceRule, timeChart } from "./layers.js";
import { NEUTRAL } from "./theme.js";
import { ratePerSecond, ratio, timeAxis } from "./time.js";
import type { Chart, ChartOptions, VegaLiteSpec } from "./types.js";

/** The share of resolver lookups answered from cache, over time. */
export function hitRatioChart(r: Results, options: ChartOptions = {}): Chart {
  const axis = timeAxis(r, 2);
  const ts = r.timeseries;
  const hits = ratio(axis, ts.resolverHits, ts.resolverLookups);
  const lookups = ratePerSecond(axis, ts.resolverLookups);
  const values = axis.points.map((p, j) => ({ t: p.t, h: hits[j] ?? null, l: lookups[j] ?? 0 }));
  const overall = r.dns.resolverHitRatio;
  // Hit ratios live near 100%: start the axis just below the lowest point
  // (on a 5% step) so that the dips after each TTL expiry are visible.
  const known = hits.filter((h): h is number => h !== null);
  const low = Math.min(overall, ...(known.length > 0 ? known : [overall]));
  const floor = Math.max(0, Math.min(0.95, Math.floor((low - 0.01) * 20) / 20));
  const y: VegaLiteSpec = {
    field: "h",
    type: "quantitative",
    title: "cache hit ratio (% of lookups)",
    scale: { domain: [round4(floor), 1], nice: false },
    axis: { format: ".0%" },
  };
  return {
    name: "hit-ratio",
    explain:
      "The share of resolver lookups answered from the resolvers' caches in each bin. Every miss becomes an authoritative query; the axis starts near the lowest value, not at 0%.",
    spec: timeChart(
      r,
      axis,
      values,
      { title: "Resolver cache hit ratio", caption: hitRatioCaption(r) },
      "dns",
      [
        { mark: { type: "line", color: NEUTRAL }, encoding: { x: axis.x, y } },
        ...(r.dns.resolverLookups > 0
          ? [referenceRule(overall, `overall ${pct(overall)}`, y)]
          : []),
        ...hoverLayers(options, axis, "hover_hit_ratio", [
          { field: "h", title: "hit ratio", type: "quantitative", format: ".2%" },
          { field: "l", title: "resolver lookups/s", type: "quantitative", format: ",.1f" },
        ]),
      ],
    ),
  };
}

function hitRatioCaption(r: Results): string {
  const d = r.dns;
  if (d.resolverLookups === 0)
    return "No resolver lookups in the measured period: clients answered everything from their own caches.";
  const stale = d.staleAnswers > 0 ? ` ${int(d.staleAnswers)} answers were served stale.` : "";
  return `Overall ${pct(d.resolverHitRatio)} of ${int(d.resolverLookups)} resolver lookups were answered from cache (dashed); the misses are the authoritative queries.${stale}`;
}
