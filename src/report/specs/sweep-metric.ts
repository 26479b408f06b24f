import { round4 } from "./format.js";
import { sweepXAxis } from "./sweep-axis.js";
import type { SweepChartData } from "./sweep-types.js";
import { frame, HEIGHT, NEUTRAL, serverPalette, WIDTH } from "./theme.js";
import type { Chart, VegaLiteSpec } from "./types.js";

/**
 * Metrics whose value at a point is only a lower bound where another metric
 * is positive: a drain time where a failed server still drew traffic when its
 * outage ended counts the whole outage (the summary's "undrained" share).
 */
export const LOWER_BOUND_WHERE: Readonly<Record<string, string>> = {
  "failures.drainSeconds": "failures.undrained",
  // Pool runs: a milestone never reached counts as the rest of the run.
  "connections.fillSeconds": "connections.unfilled",
  "connections.rebalanceSeconds": "connections.unbalanced",
  "connections.drainSeconds": "connections.undrained",
};

/** The legend entry and caption sentence for points that are lower bounds. */
export const LOWER_BOUND_LABEL = "≥ lower bound (see caption)";
export const LOWER_BOUND_NOTE =
  "Open triangles are lower bounds (≥): there a failed server still drew traffic when its outage ended, so the drain time is at least the outage, not the value drawn.";

/**
 * One chart per metric of a sweep: the mean across replications against the
 * swept parameter, with its 95% confidence interval as a band (or error bars
 * when the parameter is not a number). Other swept parameters become one
 * coloured series per combination. Pure; empty for a one-point sweep.
 */
export function sweepCharts(output: SweepChartData): Chart[] {
  const axis = sweepXAxis(output);
  if (!axis) return [];
  const others = output.parameters.filter((p) => p !== axis.parameter && p.values.length > 1);
  const charts: Chart[] = [];
  for (const metric of output.metrics) {
    const values = output.points.flatMap((p) => {
      const s = p.summary[metric.id];
      if (!s || s.mean === null) return [];
      const censoredBy = LOWER_BOUND_WHERE[metric.id];
      const bound =
        censoredBy !== undefined && (p.summary[censoredBy]?.mean ?? 0) > 0 ? "lower" : "measured";
      return [
        {
          x: p.parameters[axis.parameter.path]!,
          series:
            others.map((q) => `${q.path}=${String(p.parameters[q.path]!)}`).join(", ") || "all",
          mean: round4(s.mean),
          low: round4(s.ci95Low ?? s.mean),
          high: round4(s.ci95High ?? s.mean),
          n: s.n,
          bound,
        },
      ];
    });
    if (values.length === 0) continue;
    const censored = values.some((v) => v.bound === "lower");
    const seriesNames = [...new Set(values.map((v) => v.series))];
    const color: VegaLiteSpec =
      others.length === 0
        ? { value: NEUTRAL }
        : {
            field: "series",
            type: "nominal",
            title: null,
            scale: { domain: seriesNames, range: serverPalette(seriesNames.length) },
            legend: {
              orient: "top",
              direction: "horizontal",
              columns: Math.min(seriesNames.length, 4),
              title: null,
              symbolOpacity: 1,
            },
          };
    const yTitle = metric.heading;
    // The domain spans the intervals, not just the means, so no band or bar is clipped.
    const lo = Math.min(...values.map((v) => v.low));
    const hi = Math.max(...values.map((v) => v.high));
    // A flat line (every point the same, e.g. a drain censored at the outage everywhere) gets an
    // axis from 0 with round ticks instead of one tick reading "600.000000".
    const scale =
      lo === hi
        ? { domain: [Math.min(0, lo), Math.max(1, hi * 1.2)], nice: true }
        : { zero: false, nice: true, domain: [lo, hi] };
    const y = { field: "mean", type: "quantitative", title: yTitle, scale };
    const yLow = { field: "low", type: "quantitative", title: yTitle, scale };
    // Side by side, not on top of each other, when x is a category.
    const offset: VegaLiteSpec =
      !axis.numeric && others.length > 0 ? { xOffset: { field: "series" } } : {};
    const tooltip = [
      { field: "x", title: axis.parameter.path },
      ...(others.length > 0 ? [{ field: "series", title: "series" }] : []),
      { field: "mean", title: "mean", format: ",.4~g" },
      { field: "low", title: "95% CI low", format: ",.4~g" },
      { field: "high", title: "95% CI high", format: ",.4~g" },
      { field: "n", title: "replications" },
    ];
    const interval: VegaLiteSpec = axis.numeric
      ? {
          mark: { type: "area", opacity: 0.18, interpolate: "linear" },
          encoding: { x: axis.encoding, y: yLow, y2: { field: "high" }, color },
        }
      : {
          mark: { type: "rule", strokeWidth: 1.5 },
          encoding: { x: axis.encoding, ...offset, y: yLow, y2: { field: "high" }, color },
        };
    const line: VegaLiteSpec[] = axis.numeric
      ? [
          {
            mark: { type: "line", interpolate: "linear" },
            encoding: { x: axis.encoding, y, color },
          },
        ]
      : [];
    charts.push({
      name: `sweep-${slug(metric.id)}`,
      explain: `${metric.doc} Mean over ${output.replications} replications at each value of ${axis.parameter.path}; the shaded band (or bar) is the 95% confidence interval of the mean. ${metric.better === "lower" ? "Lower" : "Higher"} is better.${censored ? ` ${LOWER_BOUND_NOTE}` : ""}`,
      spec: {
        ...frame(
          `${capitalise(metric.label)} against ${axis.parameter.path}`,
          `${output.scenario}: mean and 95% confidence interval over ${output.replications} replications (common random numbers across points). ${metric.better === "lower" ? "Lower" : "Higher"} is better.${censored ? " Open triangles: lower bounds (≥)." : ""}`,
        ),
        width: WIDTH,
        height: HEIGHT,
        data: { values },
        layer: [
          interval,
          ...line,
          // Measured points (none when every point is a lower bound: no empty layer).
          ...(values.some((v) => v.bound === "measured")
            ? [
                {
                  ...(censored ? { transform: [{ filter: "datum.bound === 'measured'" }] } : {}),
                  mark: { type: "point", filled: true, size: 36 },
                  encoding: { x: axis.encoding, ...offset, y, color, tooltip },
                },
              ]
            : []),
          // A censored value is drawn as what it is: an open triangle pointing up, "at least this".
          ...(censored
            ? [
                {
                  transform: [{ filter: "datum.bound === 'lower'" }],
                  mark: { type: "point", filled: false, size: 80, strokeWidth: 1.8 },
                  encoding: {
                    x: axis.encoding,
                    ...offset,
                    y,
                    color,
                    shape: {
                      datum: LOWER_BOUND_LABEL,
                      type: "nominal",
                      scale: { domain: [LOWER_BOUND_LABEL], range: ["triangle-up"] },
                      legend: {
                        orient: "top",
                        title: null,
                        symbolFillColor: "#ffffff",
                        labelLimit: 0,
                      },
                    },
                    tooltip: [...tooltip, { field: "bound", title: "value" }],
                  },
                },
              ]
            : []),
        ],
      },
    });
  }
  return charts;
}

/** `dns.authoritativeQps` -> `dns-authoritative-qps`: lowercase letters and dashes. */
export function slug(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
