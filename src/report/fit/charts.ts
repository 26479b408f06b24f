import { FAINT, INK, MUTED } from "../specs/theme.js";
import type { VegaLiteSpec } from "../specs/types.js";
import type { FitReportDistribution, FitReportRevisit } from "./types.js";

export interface FitChart {
  /** File stem: `<class>-<what>`. */
  readonly name: string;
  readonly title: string;
  readonly explain: string;
  readonly spec: VegaLiteSpec;
}

/** Plot width of a panel: two abreast fill a laptop screen's column. */
const PANEL_WIDTH = 470;

/** The series' legend above the plot, not over the curves. */
const TOP_LEGEND = {
  orient: "top",
  direction: "horizontal",
  title: null,
  labelColor: INK,
  columns: 2,
} as const;

/** What every fit chart's spec starts with: one panel of the report's width, its title and its rows. */
function panel(title: string, rows: readonly object[]) {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, color: INK, anchor: "start", fontSize: 13 },
    width: PANEL_WIDTH,
    height: 220,
    background: "white",
    data: { values: rows },
  };
}

/**
 * Tick values for a symmetric-log axis over [0, max]: 0, then 1, 2, 5 per
 * decade, thinned to 1 and 10 per decade past three decades, so labels never
 * run into each other (the default ticks of a symlog scale do: "7.07.5").
 */
export function symlogTicks(max: number): number[] {
  const ticks = [0];
  if (!(max > 0)) return ticks;
  const decades = Math.log10(Math.max(1, max));
  const steps = decades > 3 ? [1] : decades > 1.5 ? [1, 3] : [1, 2, 5];
  for (let p = 0; 10 ** p <= max * 1.0001; p++)
    for (const m of steps) {
      const v = m * 10 ** p;
      if (v <= max * 1.0001) ticks.push(v);
    }
  // Below 1 (a sample of fractions): a few ticks inside [0, max].
  if (max < 1) ticks.push(Number((max / 2).toPrecision(1)), Number(max.toPrecision(2)));
  return [...new Set(ticks)].sort((a, b) => a - b);
}

const FAMILY_COLOURS: Record<string, string> = {
  exponential: "#4e79a7",
  geometric: "#4e79a7",
  lognormal: "#f28e2b",
  pareto: "#59a14f",
};

/**
 * The empirical CDF of one sample (steps, dark) against each candidate's
 * fitted CDF read at the same points (the chosen family solid, the others
 * dashed), on a symmetric-log x axis so zeros and heavy tails both show.
 * Null when the sample is constant (nothing to fit).
 */
export function cdfChart(
  className: string,
  key: string,
  d: FitReportDistribution,
): FitChart | null {
  if (d.chosen === undefined || d.values.length < 2) return null;
  const rows: { x: number; p: number; series: string; chosen: boolean }[] = [];
  d.values.forEach((x, i) => {
    rows.push({ x, p: round(d.empirical[i]!), series: "log (empirical)", chosen: true });
  });
  for (const c of d.candidates) {
    d.values.forEach((x, i) => {
      rows.push({
        x,
        p: round(c.cdf[i]!),
        series: `${c.family}${c.family === d.chosen ? " (chosen)" : ""}`,
        chosen: c.family === d.chosen,
      });
    });
  }
  const domain = [
    "log (empirical)",
    ...d.candidates.map((c) => `${c.family}${c.family === d.chosen ? " (chosen)" : ""}`),
  ];
  const range = [INK, ...d.candidates.map((c) => FAMILY_COLOURS[c.family] ?? MUTED)];
  const best = d.candidates.find((c) => c.family === d.chosen)!;
  const title = `${className}: ${d.label}`;
  return {
    name: `${className}-${key}`,
    title,
    explain: `Empirical CDF of ${d.n.toLocaleString("en-US")} observations (${d.unit}) against the fitted laws; ${d.chosen} has the lowest AIC (KS distance ${best.ks.toFixed(3)}).`,
    spec: {
      ...panel(title, rows),
      mark: { type: "line", interpolate: "step-after", strokeWidth: 1.6 },
      encoding: {
        x: {
          field: "x",
          type: "quantitative",
          scale: { type: "symlog" },
          title: `${d.unit} (log-like scale)`,
          axis: {
            values: symlogTicks(Math.max(...d.values)),
            format: "~s",
            labelOverlap: "greedy",
            labelFontSize: 11,
            gridColor: "#eef0f2",
            labelColor: MUTED,
            titleColor: MUTED,
          },
        },
        y: {
          field: "p",
          type: "quantitative",
          scale: { domain: [0, 1] },
          title: "P(X ≤ x)",
          axis: { gridColor: "#eef0f2", labelColor: MUTED, titleColor: MUTED },
        },
        color: {
          field: "series",
          type: "nominal",
          scale: { domain, range },
          legend: TOP_LEGEND,
        },
        strokeDash: {
          field: "chosen",
          type: "nominal",
          scale: {
            domain: [true, false],
            range: [
              [1, 0],
              [4, 3],
            ],
          },
          legend: null,
        },
      },
      config: { view: { stroke: FAINT } },
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** The log's return curve against the fitted workload's, with and without return visits. */
export function returnCurveChart(className: string, r: FitReportRevisit): FitChart {
  const rows: { lag: number; share: number; series: string }[] = [];
  const series: [string, FitReportRevisit["log"]][] = [
    ["log", r.log],
    ["fitted, with return visits", r.fitted],
    ["fitted, without return visits", r.without],
  ];
  for (const [name, c] of series)
    c.returned.forEach((n, i) => {
      if (c.atRisk[i]! > 0) rows.push({ lag: i + 1, share: round(n / c.atRisk[i]!), series: name });
    });
  const title = `${className}: return curve`;
  return {
    name: `${className}-return-curve`,
    title,
    explain: `Of the hosts that start a session in a window, the share that start one again k windows later: the log against the fitted workload simulated with the log's windows (revisit probability ${r.probability}, mean gap ${r.gap} s), and without return visits.`,
    spec: {
      ...panel(title, rows),
      mark: { type: "line", point: true, strokeWidth: 1.6 },
      encoding: {
        x: {
          field: "lag",
          type: "quantitative",
          title: "lag k (windows later)",
          axis: { tickMinStep: 1, gridColor: "#eef0f2", labelColor: MUTED, titleColor: MUTED },
        },
        y: {
          field: "share",
          type: "quantitative",
          scale: { zero: true },
          title: "share of hosts back",
          axis: { gridColor: "#eef0f2", labelColor: MUTED, titleColor: MUTED },
        },
        color: {
          field: "series",
          type: "nominal",
          scale: {
            domain: series.map(([n]) => n),
            range: [INK, FAMILY_COLOURS.lognormal!, MUTED],
          },
          legend: TOP_LEGEND,
        },
      },
      config: { view: { stroke: FAINT } },
    },
  };
}

/** Every chart of a fit: four per class (pages, objects, think time, object gap), constant samples left out. */
export function fitCharts(fit: {
  readonly classes: readonly {
    readonly name: string;
    readonly pages: FitReportDistribution;
    readonly objects: FitReportDistribution;
    readonly thinkTime: FitReportDistribution;
    readonly objectGap: FitReportDistribution;
    readonly revisit?: FitReportRevisit;
    readonly lawsOf?: string;
  }[];
}): FitChart[] {
  const out: FitChart[] = [];
  for (const c of fit.classes) {
    if (c.revisit) out.push(returnCurveChart(c.name, c.revisit));
    // A class drawing another's laws (one-shot visitors) would only repeat its charts.
    if (c.lawsOf !== undefined) continue;
    for (const [key, d] of [
      ["pages", c.pages],
      ["objects", c.objects],
      ["think-time", c.thinkTime],
      ["object-gap", c.objectGap],
    ] as const) {
      const chart = cdfChart(c.name, key, d);
      if (chart) out.push(chart);
    }
  }
  return out;
}
