import type { Results } from "../../metrics/index.js";
import { duration, int, round4 } from "./format.js";
import { FAINT, frame, HEIGHT, MUTED, serverPalette, WIDTH } from "./theme.js";
import { closeRows, type TimeAxis } from "./time.js";
import type { ChartOptions, VegaLiteSpec } from "./types.js";

/**
 * Layers shared by the time charts. Each one brings its own inline data and
 * uses the chart's x encoding (same field name, title and scale), so that
 * vega-lite merges them into one axis instead of listing every field.
 */

const xAt = (axis: TimeAxis, field: string): VegaLiteSpec => ({ ...axis.x, field });

/** The palette colour of each address, as the server colour scale would map it. */
function colourOf(r: Results): (address: string) => string {
  const palette = serverPalette(r.servers.length);
  const index = new Map(r.servers.map((s, i) => [s.address, i]));
  return (address) => palette[index.get(address) ?? -1] ?? FAINT;
}

/** Grey band over the warm-up, whose numbers do not count in the summary. */
export function warmupLayers(r: Results, axis: TimeAxis): VegaLiteSpec[] {
  if (r.warmup <= 0) return [];
  const values = [
    { x0: 0, x1: round4(Math.min(r.warmup, r.duration) / axis.divisor), label: "warm-up" },
  ];
  const band: VegaLiteSpec = {
    data: { values },
    mark: { type: "rect", color: "#eef0f3" },
    encoding: {
      x: xAt(axis, "x0"),
      x2: { field: "x1" },
      tooltip: [{ field: "label", title: "period" }],
    },
  };
  // Label the band only where the label fits inside it.
  if ((r.warmup / r.duration) * WIDTH < 64) return [band];
  const label: VegaLiteSpec = {
    data: { values },
    mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, color: MUTED },
    encoding: { x: xAt(axis, "x0"), y: { value: 0 }, text: { field: "label" } },
  };
  return [band, label];
}

/**
 * Shaded outages, in the colour of the server that was down, and with
 * `withdrawn` a dotted rule where health-checked DNS withdrew its address.
 * Empty when nothing failed.
 */
export function outageLayers(r: Results, axis: TimeAxis, withdrawnRules = false): VegaLiteSpec[] {
  if (r.failures.length === 0) return [];
  const at = (s: number): number => round4(Math.min(s, r.duration) / axis.divisor);
  const colour = colourOf(r);
  const values = r.failures.map((f) => ({
    server: f.server,
    colour: colour(f.server),
    x0: at(f.start),
    x1: at(f.end),
    when: `${int(f.start)}–${int(f.end)} s (${duration(f.end - f.start)})`,
    mode: f.mode,
    failedAttempts: f.failedAttempts,
    failedVisits: f.failedVisits,
    drained: f.drainSeconds === null ? "no" : `after ${int(f.drainSeconds)} s`,
  }));
  const layers: VegaLiteSpec[] = [
    {
      data: { values },
      mark: { type: "rect" },
      encoding: {
        x: xAt(axis, "x0"),
        x2: { field: "x1" },
        // The colour is in the data (scale: null) rather than encoded through
        // the server scale: vega-lite would otherwise merge this layer's
        // legend with the chart's and drop both.
        fill: { field: "colour", type: "nominal", scale: null },
        opacity: { value: 0.14 },
        tooltip: [
          { field: "server", title: "outage of" },
          { field: "when", title: "when" },
          { field: "mode", title: "mode" },
          { field: "failedAttempts", title: "failed attempts", format: "," },
          { field: "failedVisits", title: "failed visits", format: "," },
          { field: "drained", title: "drained from DNS" },
        ],
      },
    },
  ];
  const withdrawn = r.failures
    .filter((f) => f.withdrawnAt !== null)
    .map((f) => ({
      server: f.server,
      colour: colour(f.server),
      x: at(f.withdrawnAt!),
      when: `${int(f.withdrawnAt!)} s, ${int(f.withdrawnAt! - f.start)} s after it failed`,
    }));
  if (withdrawnRules && withdrawn.length > 0)
    layers.push({
      data: { values: withdrawn },
      mark: { type: "rule", strokeDash: [2, 3], strokeWidth: 1.5 },
      encoding: {
        x: xAt(axis, "x"),
        stroke: { field: "colour", type: "nominal", scale: null },
        tooltip: [
          { field: "server", title: "withdrawn from DNS" },
          { field: "when", title: "at" },
        ],
      },
    });
  return layers;
}

/**
 * A vertical rule that follows the pointer and shows every series at that
 * time in its tooltip (vega-lite's multi-series tooltip pattern); only in
 * interactive charts (see ChartOptions).
 */
export function hoverLayers(
  options: ChartOptions,
  axis: TimeAxis,
  name: string,
  tooltip: readonly VegaLiteSpec[],
): VegaLiteSpec[] {
  if (!options.interactive) return [];
  const layer: VegaLiteSpec = {
    mark: { type: "rule", color: FAINT, strokeWidth: 1 },
    encoding: {
      x: axis.x,
      opacity: { condition: { param: name, empty: false, value: 1 }, value: 0 },
      tooltip: [{ field: "t", title: `time (${axis.unit})`, format: ",.4~f" }, ...tooltip],
    },
    params: [
      {
        name,
        select: {
          type: "point",
          fields: ["t"],
          nearest: true,
          on: "pointerover",
          clear: "pointerout",
        },
      },
    ],
  };
  return [layer];
}

/**
 * Picks one server's line out of many: in the interactive report, pointing at
 * a server in the legend (or at its line) draws that line bold and fades the
 * others, so 16 servers stay readable. Static charts are unchanged. Spread
 * the result into the per-server line layer: its params and encodings.
 */
export function serverHighlight(
  options: ChartOptions,
  name: string,
): { params?: VegaLiteSpec[]; opacity?: VegaLiteSpec; strokeWidth?: VegaLiteSpec } {
  if (!options.interactive) return {};
  return {
    params: [
      {
        name,
        select: { type: "point", fields: ["server"], on: "pointerover", clear: "pointerout" },
        bind: { legend: "pointerover" },
      },
    ],
    opacity: { condition: { param: name, value: 1, empty: true }, value: 0.15 },
    strokeWidth: { condition: { param: name, value: 2.6, empty: false }, value: 1.6 },
  };
}

/** A per-server line layer, with the highlight of serverHighlight in the interactive report. */
export function highlightedLines(
  layer: VegaLiteSpec & { encoding: VegaLiteSpec },
  options: ChartOptions,
  name: string,
): VegaLiteSpec {
  const h = serverHighlight(options, name);
  if (!h.params) return layer;
  return {
    ...layer,
    params: h.params,
    encoding: { ...layer.encoding, opacity: h.opacity, strokeWidth: h.strokeWidth },
  };
}

/**
 * A dashed horizontal reference line (a mean, an ideal). It has no label in
 * the plot, where it would collide with the data; the caption names it and
 * its tooltip repeats it. `y` is the chart's y encoding, so the axis title
 * and scale stay the chart's own.
 */
export function referenceRule(value: number, label: string, y: VegaLiteSpec): VegaLiteSpec {
  return {
    data: { values: [{ ref: round4(value), label }] },
    mark: { type: "rule", color: MUTED, strokeDash: [5, 4], strokeWidth: 1.2 },
    encoding: { y: { ...y, field: "ref" }, tooltip: [{ field: "label", title: "reference" }] },
  };
}

/** Periods when the authoritative server was down, read from the scenario as run. */
export function dnsOutageLayers(r: Results, axis: TimeAxis): VegaLiteSpec[] {
  const values = dnsOutages(r.scenarioSpec).map((o) => ({
    x0: round4(Math.min(o.at, r.duration) / axis.divisor),
    x1: round4(Math.min(o.at + o.duration, r.duration) / axis.divisor),
    when: `${int(o.at)}–${int(o.at + o.duration)} s (${duration(o.duration)})`,
  }));
  if (values.length === 0) return [];
  return [
    {
      data: { values },
      mark: { type: "rect", color: MUTED, opacity: 0.16 },
      encoding: {
        x: xAt(axis, "x0"),
        x2: { field: "x1" },
        tooltip: [{ field: "when", title: "authoritative DNS unreachable" }],
      },
    },
  ];
}

/** `scenarioSpec.dns.outages`, tolerating a results file whose scenario lacks them. */
export function dnsOutages(spec: unknown): { at: number; duration: number }[] {
  const outages = (spec as { dns?: { outages?: unknown } } | null)?.dns?.outages;
  if (!Array.isArray(outages)) return [];
  return outages.flatMap((o: unknown) => {
    const { at, duration } = (o ?? {}) as { at?: unknown; duration?: unknown };
    // scenarioSpec is not checked by the results schema: take only outages a
    // scenario could hold (finite, non-negative), so a tampered one cannot
    // stretch the chart.
    const valid = (x: unknown): x is number => typeof x === "number" && x >= 0 && x < 1e12;
    return valid(at) && valid(duration) ? [{ at, duration }] : [];
  });
}

/** Which background bands a time chart draws under its own layers. */
export type Backdrop = "dns" | "outages" | "outages-and-withdrawals";

/**
 * The frame every time chart shares: title and caption, size, data rows
 * closed at the horizon, and the background bands (warm-up, authoritative
 * outages, server outages) under the chart's own layers.
 */
export function timeChart(
  r: Results,
  axis: TimeAxis,
  rows: readonly { readonly t: number }[],
  text: { readonly title: string; readonly caption: string },
  backdrop: Backdrop,
  layers: readonly VegaLiteSpec[],
): VegaLiteSpec {
  return {
    ...frame(text.title, text.caption),
    width: WIDTH,
    height: HEIGHT,
    data: { values: closeRows(axis, rows) },
    layer: [
      ...warmupLayers(r, axis),
      ...dnsOutageLayers(r, axis),
      ...(backdrop === "dns" ? [] : outageLayers(r, axis, backdrop === "outages-and-withdrawals")),
      ...layers,
    ],
  };
}
