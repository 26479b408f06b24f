import type { Results } from "../../metrics/index.js";
import { duration, num } from "./format.js";
import { dnsOutageLayers, hoverLayers, referenceRule, warmupLayers } from "./layers.js";
import { frame, NEUTRAL, WIDTH } from "./theme.js";
import { closeRows, mean, timeAxis } from "./time.js";
import type { Chart, ChartOptions, VegaLiteSpec } from "./types.js";

const PANEL_HEIGHT = 120;

/**
 * Balance per window, two panels sharing the time axis: Jain's fairness index
 * (1 = even, 1/N = everything on one server) and max/mean (1 = even).
 */
export function balanceChart(r: Results, options: ChartOptions = {}): Chart {
  const axis = timeAxis(r, 2);
  const ts = r.timeseries;
  const jain = mean(axis, ts.jain);
  const maxOverMean = mean(axis, ts.maxOverMean);
  const values = axis.points.map((p, j) => ({
    t: p.t,
    j: jain[j] ?? null,
    m: maxOverMean[j] ?? null,
  }));
  const tooltip = [
    { field: "j", title: "Jain's index", type: "quantitative", format: ".3f" },
    { field: "m", title: "max/mean", type: "quantitative", format: ".3f" },
  ];
  const jainY: VegaLiteSpec = {
    field: "j",
    type: "quantitative",
    title: ["Jain's index", "(1 = even)"],
    scale: { domain: [jainFloor(jain), 1], nice: false },
  };
  const maxY: VegaLiteSpec = {
    field: "m",
    type: "quantitative",
    title: ["max / mean", "(1 = even)"],
    scale: { domain: [1, Math.max(1.1, ...known(maxOverMean))], nice: true },
  };
  const topX = { ...axis.x, axis: { title: null, labels: false, ticks: false, grid: false } };
  const panel = (y: VegaLiteSpec, x: VegaLiteSpec, hover: string, top: boolean): VegaLiteSpec => ({
    width: WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      // The warm-up band in both panels, its label only in the top one.
      ...warmupLayers(r, axis).slice(0, top ? 2 : 1),
      ...dnsOutageLayers(r, axis),
      referenceRule(1, "perfectly even", y),
      { mark: { type: "line", color: NEUTRAL }, encoding: { x, y } },
      ...hoverLayers(options, { ...axis, x }, hover, tooltip),
    ],
  });
  return {
    name: "balance",
    explain: `How evenly the servers shared the requests in each ${duration(ts.binSeconds)} window. Jain's fairness index is (Σx)² / (N·Σx²): 1 when every server served the same, 1/N when one server served everything. Max/mean is the busiest server's load over the average: 1 is even, 2 means the busiest carried twice its fair share.${r.connections ? " With a pool that changes, each window counts the servers in the DNS answer during it and any other that still carried requests: a server not yet added is not idle capacity." : ""}`,
    spec: {
      ...frame("Load balance per window", balanceCaption(r)),
      data: { values: closeRows(axis, values) },
      spacing: 14,
      vconcat: [panel(jainY, topX, "hover_jain", true), panel(maxY, axis.x, "hover_max", false)],
      resolve: { scale: { x: "shared" } },
    },
  };
}

const known = (xs: readonly (number | null)[]): number[] =>
  xs.filter((x): x is number => x !== null);

/**
 * Explicit domains: with one server both indices are exactly 1 throughout,
 * and a data-driven domain would collapse to [1, 1]. Jain's index starts on a
 * 0.05 step below the lowest window, and never shows less than 0.9–1.
 */
function jainFloor(jain: readonly (number | null)[]): number {
  const low = Math.min(1, ...known(jain));
  return Math.max(0, Math.min(0.9, Math.floor((low - 0.01) * 20) / 20));
}

function balanceCaption(r: Results): string {
  if (r.servers.length === 1) return "A single server: balance is perfect by definition.";
  const b = r.balance;
  const w = b.window;
  if (w.jain === null || w.maxOverMean === null)
    return "No requests were served, so there is no balance to measure.";
  const whole =
    b.jain !== null && b.maxOverMean !== null
      ? ` Over the whole run: Jain ${num(b.jain, 3)}, max/mean ${num(b.maxOverMean)}; averages over long periods hide short-term imbalance.`
      : "";
  const worst = w.worstMaxOverMean === null ? "" : ` (worst ${num(w.worstMaxOverMean)})`;
  return `Per ${duration(w.seconds)} window, Jain's index averaged ${num(w.jain, 3)} and max/mean ${num(w.maxOverMean)}${worst}.${whole}`;
}
