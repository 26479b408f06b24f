import { extent, round4 } from "./format.js";
import { LOWER_BOUND_LABEL, LOWER_BOUND_NOTE } from "./sweep-metric.js";
import type { TtlChartData } from "./sweep-types.js";
import { ALERT, frame, HEIGHT, MEAN_CI_TOOLTIP, NEUTRAL, WIDTH } from "./theme.js";
import type { Chart, VegaLiteSpec } from "./types.js";

/** Green of the recommended TTL: not in the server palette, not the alert red. */
const CHOSEN = "#1b7f3b";

/**
 * The TTL advisor's chart: one panel per trade-off measure against TTL (log
 * scale), mean and 95% CI band, Pareto-efficient TTLs as filled dots, the
 * user's limits as dashed red lines and the recommended TTL as a green rule.
 * Pure.
 */
export function ttlTradeOffChart(data: TtlChartData): Chart {
  const { measures, scenario, replications } = data;
  const ttls = data.rows.map((r) => r.ttl);
  // Any censored value anywhere: every panel gets the same shape legend (vega-lite merges them).
  const censored = data.rows.some((r) => (r.lowerBounds ?? []).length > 0);
  const [min, max] = extent(ttls);
  const x: VegaLiteSpec = {
    field: "ttl",
    type: "quantitative",
    title: "TTL (s, log scale)",
    scale:
      min > 0
        ? { type: "log", nice: false, domain: [min, max] }
        : { type: "symlog", nice: false, domain: [min, max] },
    axis: { values: ttls, labelExpr: "format(datum.value, '~s')", grid: true, labelOverlap: true },
  };
  const panels = measures.map((t) => {
    const values = data.rows.flatMap((r) => {
      const s = r.metrics[t.key];
      if (!s || s.mean === null) return [];
      return [
        {
          ttl: r.ttl,
          mean: round4(s.mean),
          low: round4(s.ci95Low ?? s.mean),
          high: round4(s.ci95High ?? s.mean),
          efficiency: r.pareto ? "Pareto-efficient" : "dominated",
          limits: r.meetsLimits ? "meets the limits" : "breaks a limit",
          bound: (r.lowerBounds ?? []).includes(t.key) ? LOWER_BOUND_LABEL : "measured",
        },
      ];
    });
    const title = t.heading;
    // A flat line (no failed visits anywhere) gets a readable axis instead of 0.000000.
    const first = values[0]?.mean ?? 0;
    const flat = values.every((v) => v.low === v.high && v.mean === first);
    // DNS cost falls by orders of magnitude over the TTLs: on a linear axis
    // everything from an hour up looks like 0, so it gets a log axis.
    const logY = t.key === "qps" && !flat && values.every((v) => v.low > 0);
    const scale = flat
      ? { domain: [Math.min(0, first), Math.max(1, first * 2)] }
      : logY
        ? { type: "log", nice: false }
        : { zero: false };
    const y = (field: string): VegaLiteSpec => ({
      field,
      type: "quantitative",
      title: logY ? `${title} (log scale)` : title,
      scale,
      ...(logY ? { axis: { format: "~g", labelOverlap: true } } : {}),
    });
    const layers: VegaLiteSpec[] = [
      {
        mark: { type: "area", opacity: 0.18, color: NEUTRAL, interpolate: "linear" },
        encoding: { x, y: y("low"), y2: { field: "high" } },
      },
      {
        mark: { type: "line", color: NEUTRAL, interpolate: "linear" },
        encoding: { x, y: y("mean") },
      },
      {
        mark: { type: "point", size: 60, strokeWidth: 1.8 },
        encoding: {
          x,
          y: y("mean"),
          color: { value: NEUTRAL },
          fill: {
            field: "efficiency",
            type: "nominal",
            title: null,
            scale: { domain: ["Pareto-efficient", "dominated"], range: [NEUTRAL, "#ffffff"] },
            // The same legend in every panel: vega-lite merges them into one.
            legend: { orient: "top", direction: "horizontal", title: null },
          },
          // A censored drain is drawn as what it is, a lower bound: a triangle pointing up.
          ...(censored
            ? {
                shape: {
                  field: "bound",
                  type: "nominal",
                  title: null,
                  scale: {
                    domain: ["measured", LOWER_BOUND_LABEL],
                    range: ["circle", "triangle-up"],
                  },
                  legend: {
                    orient: "top",
                    direction: "horizontal",
                    title: null,
                    values: [LOWER_BOUND_LABEL],
                  },
                },
              }
            : {}),
          tooltip: [
            { field: "ttl", title: "TTL (s)" },
            ...MEAN_CI_TOOLTIP,
            { field: "efficiency", title: "Pareto" },
            { field: "limits", title: "limits" },
            ...(censored ? [{ field: "bound", title: "value" }] : []),
          ],
        },
      },
    ];
    const limit = t.limit;
    if (limit !== undefined) {
      layers.push({
        data: { values: [{ limit, label: `limit ${limit}` }] },
        mark: { type: "rule", color: ALERT, strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: {
          y: { field: "limit", type: "quantitative" },
          tooltip: [{ field: "label", title: "your limit" }],
        },
      });
    }
    if (data.recommendedTtl !== null) {
      layers.push({
        data: { values: [{ ttl: data.recommendedTtl, label: "recommended" }] },
        mark: { type: "rule", color: CHOSEN, strokeWidth: 2, opacity: 0.8 },
        encoding: { x, tooltip: [{ field: "label", title: "TTL" }] },
      });
    }
    return { width: WIDTH, height: Math.round(HEIGHT * 0.7), data: { values }, layer: layers };
  });
  const verdict =
    data.recommendedTtl === null
      ? "No TTL meets every limit."
      : `Recommended: ${data.recommendedTtl} s (green), the longest TTL whose 95% CI upper bounds meet every limit (red dashes).`;
  return {
    name: "ttl-trade-off",
    explain: `What each TTL costs and buys: DNS queries fall as the TTL grows, while imbalance, failed visits and time to drain after a failure grow. Filled dots are Pareto-efficient TTLs; bands are 95% confidence intervals.${censored ? ` ${LOWER_BOUND_NOTE.replace("Open triangles", "Triangles")}` : ""}`,
    spec: {
      ...frame(
        "TTL trade-off",
        `${scenario}: mean and 95% CI over ${replications} replications per TTL. ${verdict}`,
      ),
      vconcat: panels,
      spacing: 18,
    },
  };
}
