import type { Results } from "../../metrics/index.js";
import { CHART_FONT_STACK } from "../font.js";
import { dejaVuWidth } from "../text-width.js";
import { resizeSpec } from "./resize.js";
import type { VegaLiteSpec } from "./types.js";

/**
 * Plot area of a chart, px: the full content width of a laptop screen (the
 * SVG with its axes is about 980 px; the pages scale it to their column, and
 * the HTML report redraws it at its box's width).
 */
export const WIDTH = 900;
export const HEIGHT = 240;
/** Plot width of the phone-sized copy the static pages show under 700 px. */
export const NARROW_WIDTH = 270;

export const INK = "#1f2933";
export const MUTED = "#52606d";
export const FAINT = "#9aa5b1";
/** Colour of series that are not a server (totals, DNS, balance). */
export const NEUTRAL = "#3e4c59";
/** Failed visits: a warning colour that is not in the server palette. */
export const ALERT = "#b42318";

/**
 * Server colours: Tableau 10, then its lighter companions. Each server keeps
 * its colour in every chart because every chart uses the same domain (the
 * addresses, in scenario order) and this range.
 */
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
  "#a0cbe8",
  "#ffbe7d",
  "#8cd17d",
  "#ff9d9a",
  "#86bcb6",
  "#f1ce63",
  "#d4a6c8",
  "#fabfd2",
  "#d7b5a6",
  "#79706e",
];

/** One colour per server, cycling through the palette past 20 servers. */
export function serverPalette(count: number): string[] {
  return Array.from({ length: count }, (_, i) => PALETTE[i % PALETTE.length]!);
}

/**
 * Past this many servers a legend is a wall of text; the shares chart names
 * them instead. Up to it, the interactive report picks a server's line out
 * by its legend entry.
 */
export const MAX_LEGEND_SERVERS = 16;

/** The colour encoding shared by every per-server mark. */
export function serverColor(r: Results, field = "server", legend = true): VegaLiteSpec {
  const domain = r.servers.map((s) => s.address);
  return {
    field,
    type: "nominal",
    title: "server",
    scale: { domain, range: serverPalette(domain.length) },
    legend: legend && domain.length <= MAX_LEGEND_SERVERS ? serverLegend(domain.length) : null,
  };
}

/** A legend above the plot: one row, or rows of six. */
function serverLegend(count: number): VegaLiteSpec {
  return {
    orient: "top",
    direction: "horizontal",
    columns: Math.min(count, 6),
    title: null,
    labelFontSize: 11,
    symbolStrokeWidth: 3,
  };
}

/** The look shared by every chart; the font matches the one resvg draws with. */
export const CONFIG: VegaLiteSpec = {
  font: CHART_FONT_STACK,
  background: "#ffffff",
  padding: { left: 8, right: 16, top: 12, bottom: 8 },
  view: { stroke: null },
  title: {
    anchor: "start",
    fontSize: 15,
    fontWeight: "bold",
    color: INK,
    subtitleFontSize: 12,
    subtitleColor: MUTED,
    subtitlePadding: 5,
    offset: 12,
  },
  axis: {
    labelFontSize: 11,
    labelColor: MUTED,
    titleFontSize: 12,
    titleFontWeight: "normal",
    titleColor: INK,
    titlePadding: 8,
    gridColor: "#e4e7eb",
    domainColor: FAINT,
    tickColor: FAINT,
  },
  legend: {
    labelColor: INK,
    labelFontSize: 11,
    titleColor: MUTED,
    titleFontSize: 11,
    titleFontWeight: "normal",
  },
  // Binned series are drawn as steps: see closeRows in time.ts.
  line: { strokeWidth: 1.6, strokeJoin: "round", interpolate: "step-after" },
  area: { interpolate: "step-after" },
};

/** A spec redrawn at the phone width, its caption wrapped again with DejaVu's widths. */
export function narrowSpec(spec: VegaLiteSpec, width = NARROW_WIDTH): VegaLiteSpec {
  return resizeSpec(spec, width, (text, px) => wrap(text, px));
}

/** Splits a caption into lines no wider than `width` px at the subtitle size. */
export function wrap(text: string, width: number, fontSize = 12): string[] {
  const lines: string[] = [];
  let line = "";
  // Split on ordinary spaces only: no-break spaces hold a number to its unit.
  for (const word of text.split(/[ \t\n]+/).filter((w) => w.length > 0)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && dejaVuWidth(candidate, fontSize) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The frame of every chart: schema, look, title and the caption saying what
 * to notice (as the subtitle, wrapped to the chart's width).
 */
export function frame(title: string, caption: string, width = WIDTH): VegaLiteSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: CONFIG,
    title: { text: title, subtitle: wrap(caption, width + 40) },
  };
}

/** Tooltip rows of a mean over replications and its 95% confidence interval (fields mean, low, high). */
export const MEAN_CI_TOOLTIP: readonly VegaLiteSpec[] = [
  { field: "mean", title: "mean", format: ",.4~g" },
  { field: "low", title: "95% CI low", format: ",.4~g" },
  { field: "high", title: "95% CI high", format: ",.4~g" },
];
