import type { Results } from "../../metrics/index.js";
import { duration, num } from "./format.js";
import {
  dnsOutageLayers,
  highlightedLines,
  hoverLayers,
  outageLayers,
  timeChart,
  warmupLayers,
} from "./layers.js";
import { frame, MAX_LEGEND_SERVERS, serverColor, WIDTH } from "./theme.js";
import { closeRows, ratePerSecond, type TimeAxis, timeAxis } from "./time.js";
import type { Chart, ChartOptions, VegaLiteSpec } from "./types.js";

/**
 * Above this many servers a static drawing (PNG, SVG: no hover to pick a
 * line out) shows one small panel per server instead of one tangle of lines.
 */
export const SMALL_MULTIPLES_ABOVE = 6;
const PANEL_COLUMNS = 4;

/** Requests each server served per second over time, one line per server. */
export function servedChart(r: Results, options: ChartOptions = {}): Chart {
  const n = r.servers.length;
  const axis = timeAxis(r, n);
  const keys = r.servers.map((_, i) => `s${i}`);
  const rates = r.timeseries.servedByServer.map((series) => ratePerSecond(axis, series));
  // Wide rows (one per point, a column per server) feed both the lines,
  // through fold, and the hover tooltip that lists every server at once.
  const values = axis.points.map((p, j) => {
    const row: Record<string, number> & { t: number } = { t: p.t };
    keys.forEach((key, i) => {
      row[key] = rates[i]?.[j] ?? 0;
    });
    return row;
  });
  const names = keys.map((key, i) => ({ key, server: r.servers[i]!.address }));
  const y = { field: "rate", type: "quantitative", title: "requests served (req/s)" };
  if (!options.interactive && n > SMALL_MULTIPLES_ABOVE)
    return {
      name: "served",
      explain: `Requests each server served, per second, in each ${duration(r.timeseries.binSeconds)} bin: one panel per server (in its colour, the other servers in grey behind it), every panel on the same axes. With perfectly even round-robin DNS the panels would look alike; coloured bands are server outages, grey ones periods when the authoritative DNS server was unreachable.`,
      spec: smallMultiples(r, axis, values, keys, names, y),
    };
  return {
    name: "served",
    explain: `Requests each server served, per second, in each ${duration(r.timeseries.binSeconds)} bin. With perfectly even round-robin DNS the lines would lie on top of each other; coloured bands are server outages, grey ones periods when the authoritative DNS server was unreachable.`,
    spec: timeChart(
      r,
      axis,
      values,
      { title: "Requests served per server", caption: servedCaption(r) },
      "outages",
      [
        highlightedLines(
          {
            transform: [
              { fold: keys, as: ["key", "rate"] },
              { lookup: "key", from: { data: { values: names }, key: "key", fields: ["server"] } },
            ],
            mark: { type: "line" },
            encoding: { x: axis.x, y, color: serverColor(r) },
          },
          options,
          "pick_served",
        ),
        ...hoverLayers(
          options,
          axis,
          "hover_served",
          names.slice(0, 24).map(({ key, server }) => ({
            field: key,
            title: server,
            type: "quantitative",
            format: ",.1f",
          })),
        ),
      ],
    ),
  };
}

/**
 * One panel per server on shared x and y scales: its own line in its colour
 * over the others' in light grey, with the run's warm-up and outage bands.
 */
function smallMultiples(
  r: Results,
  axis: TimeAxis,
  rows: readonly (Record<string, number> & { t: number })[],
  keys: readonly string[],
  names: readonly { key: string; server: string }[],
  served: VegaLiteSpec,
): VegaLiteSpec {
  let y = served;
  const x = { ...(axis.x as Record<string, unknown>), axis: { tickCount: 4, grid: false } };
  // The unit once per panel, short: the chart's title says what is counted.
  y = { ...y, title: "req/s" };
  const backdrop = [
    ...warmupLayers(r, axis),
    ...dnsOutageLayers(r, axis),
    ...outageLayers(r, axis, false),
  ];
  const panel = (server: string): VegaLiteSpec => ({
    width: Math.floor((WIDTH - 40 * (PANEL_COLUMNS - 1)) / PANEL_COLUMNS),
    height: 90,
    title: { text: server, fontSize: 12, anchor: "start" },
    layer: [
      ...backdrop,
      {
        transform: [{ filter: { not: { field: "server", equal: server } } }],
        mark: { type: "line", color: "#c9ced6", strokeWidth: 0.8 },
        encoding: { x, y, detail: { field: "server", type: "nominal" } },
      },
      {
        transform: [{ filter: { field: "server", equal: server } }],
        mark: { type: "line", strokeWidth: 1.6 },
        encoding: { x, y, color: serverColor(r, "server", false) },
      },
    ],
  });
  return {
    ...frame(
      "Requests served per server",
      `${servedCaption(r)} One panel per server, all on the same axes; grey: the other servers.`,
    ),
    data: { values: closeRows(axis, rows) },
    transform: [
      { fold: keys, as: ["key", "rate"] },
      { lookup: "key", from: { data: { values: names }, key: "key", fields: ["server"] } },
    ],
    columns: PANEL_COLUMNS,
    concat: names.map((n) => panel(n.server)),
    resolve: { scale: { x: "shared", y: "shared" } },
    spacing: 16,
  };
}

function servedCaption(r: Results): string {
  if (r.servers.length === 1) return "A single server carries every request.";
  if (r.totals.served === 0) return "No requests were served in this scenario.";
  const w = r.balance.window;
  let text = "With an even split the lines would coincide.";
  if (r.servers.length > MAX_LEGEND_SERVERS)
    text = `With an even split the ${r.servers.length} lines would coincide (colours as in the shares chart).`;
  if (w.maxOverMean !== null && w.worstMaxOverMean !== null) {
    text += ` Per ${duration(w.seconds)} window the busiest server carried ${num(w.maxOverMean)}× the mean load on average and ${num(w.worstMaxOverMean)}× at worst`;
    text +=
      r.balance.maxOverMean === null
        ? "."
        : `; over the whole run, ${num(r.balance.maxOverMean)}×.`;
  }
  return text;
}
