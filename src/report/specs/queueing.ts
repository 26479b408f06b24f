import type { Results } from "../../metrics/index.js";
import { axisTop, duration, int, logLikeTicks, num, pct, rateScale } from "./format.js";
import { highlightedLines, hoverLayers, timeChart } from "./layers.js";
import { ALERT, FAINT, MUTED, NEUTRAL, serverColor } from "./theme.js";
import { ratePerSecond, type TimeAxis, timeAxis } from "./time.js";
import type { Chart, ChartOptions, VegaLiteSpec } from "./types.js";

/**
 * The charts of servers with capacity (only when results have `queueing`):
 * response-time p99 per server, utilisation per server against the capacity
 * line, and refusals, drops, timeouts and retries over time.
 */
export function queueingCharts(r: Results, options: ChartOptions = {}): Chart[] {
  if (!r.queueing) return [];
  return [responseTimeChart(r, options), utilisationChart(r, options), errorsChart(r, options)];
}

/** Per point: the worst of its bins (a merged point must not hide a bad bin's tail). */
function worst(axis: TimeAxis, series: readonly (number | null)[]): (number | null)[] {
  return axis.points.map((p) => {
    let w: number | null = null;
    for (let b = p.first; b < p.end; b++) {
      const v = series[b];
      if (v !== null && v !== undefined && (w === null || v > w)) w = v;
    }
    return w;
  });
}

/** Per point: the mean of its bins, weighted by the seconds each covers (all bins are one width). */
function average(axis: TimeAxis, series: readonly number[]): number[] {
  return axis.points.map((p) => {
    let sum = 0;
    for (let b = p.first; b < p.end; b++) sum += series[b] ?? 0;
    return p.end > p.first ? Math.round((sum / (p.end - p.first)) * 1e4) / 1e4 : 0;
  });
}

/** What a chart of per-server lines draws: one series per server, its y encoding, hover name and number format. */
interface ServerLines {
  readonly series: readonly (readonly (number | null)[])[];
  readonly y: VegaLiteSpec;
  readonly hover: string;
  readonly format: string;
}

/** Lines per server from wide rows (one column per server), with a hover tooltip. */
function perServerLines(
  r: Results,
  axis: TimeAxis,
  options: ChartOptions,
  { series, y, hover, format }: ServerLines,
): { rows: (Record<string, number | null> & { t: number })[]; layers: VegaLiteSpec[] } {
  const keys = r.servers.map((_, i) => `s${i}`);
  const rows = axis.points.map((p, j) => {
    const row: Record<string, number | null> & { t: number } = { t: p.t };
    keys.forEach((key, i) => {
      row[key] = series[i]?.[j] ?? null;
    });
    return row;
  });
  const names = keys.map((key, i) => ({ key, server: r.servers[i]!.address }));
  return {
    rows,
    layers: [
      highlightedLines(
        {
          transform: [
            { fold: keys, as: ["key", "value"] },
            { lookup: "key", from: { data: { values: names }, key: "key", fields: ["server"] } },
          ],
          mark: { type: "line" },
          encoding: { x: axis.x, y: { field: "value", ...y }, color: serverColor(r) },
        },
        options,
        `pick_${hover}`,
      ),
      ...hoverLayers(
        options,
        axis,
        hover,
        names
          .slice(0, 24)
          .map(({ key, server }) => ({ field: key, title: server, type: "quantitative", format })),
      ),
    ],
  };
}

function responseTimeChart(r: Results, options: ChartOptions): Chart {
  const q = r.queueing!;
  const axis = timeAxis(r, r.servers.length);
  const p99 = q.timeseries.p99ByServer.map((s) => worst(axis, s));
  // The timeout rule is drawn too, so the axis reaches it; ticks 1-2-5 per decade from 10 ms.
  const top = Math.max(q.requestTimeout, ...p99.flat().map((x) => x ?? 0));
  const { rows, layers } = perServerLines(r, axis, options, {
    series: p99,
    y: {
      type: "quantitative",
      title: "p99 response time (s, log-like scale)",
      scale: { type: "symlog", constant: 0.01, domain: [0, axisTop(top)], nice: false },
      axis: { values: logLikeTicks(top), format: "~g", labelOverlap: "greedy" },
    },
    hover: "hover_p99",
    format: ",.3f",
  });
  const timeout = q.requestTimeout;
  const worstServer = q.servers.reduce(
    (a, s, i) => ((s.responseTime.p99 ?? 0) > (q.servers[a]!.responseTime.p99 ?? 0) ? i : a),
    0,
  );
  const ws = q.servers[worstServer]!;
  const caption =
    ws.responseTime.p99 === null
      ? "No request was answered."
      : `Whole run: p99 ${num(q.totals.responseTime.p99 ?? 0)} s over all servers, worst ${ws.address} at ${num(ws.responseTime.p99)} s (p50 ${num(ws.responseTime.p50 ?? 0)} s). The dashed rule is the clients' timeout (${num(timeout)} s).`;
  return {
    name: "response-times",
    explain: `The 99th percentile of the response time (arrival at the server to its answer) per server in each ${duration(r.timeseries.binSeconds)} bin, on a log-like scale (where a point merges several bins, the worst of them). Percentiles come from log-bucket histograms, to within about 6% per bin. Above the dashed timeout line clients gave up.`,
    spec: timeChart(r, axis, rows, { title: "p99 response time per server", caption }, "outages", [
      ...layers,
      {
        mark: { type: "rule", color: ALERT, strokeDash: [4, 3] },
        encoding: { y: { datum: timeout } },
      },
    ]),
  };
}

function utilisationChart(r: Results, options: ChartOptions): Chart {
  const q = r.queueing!;
  const axis = timeAxis(r, r.servers.length);
  const util = q.timeseries.utilisationByServer.map((s) => average(axis, s));
  const { rows, layers } = perServerLines(r, axis, options, {
    series: util,
    y: {
      type: "quantitative",
      title: "utilisation (busy workers / workers)",
      axis: { format: "%" },
      scale: { domain: [0, 1.05] },
    },
    hover: "hover_util",
    format: ".1%",
  });
  const busiest = q.servers.reduce(
    (a, s, i) => (s.utilisation > q.servers[a]!.utilisation ? i : a),
    0,
  );
  const b = q.servers[busiest]!;
  return {
    name: "utilisation",
    explain: `The share of each server's workers busy in each ${duration(r.timeseries.binSeconds)} bin. The dashed line at 100% is the capacity (workers / mean service time requests per second): a server that sits on it has a growing queue, and refuses or drops once the queue is full.`,
    spec: timeChart(
      r,
      axis,
      rows,
      {
        title: "Utilisation per server",
        caption: `Whole run: ${pct(q.totals.utilisation)} on average; busiest ${b.address} at ${pct(b.utilisation)} (capacity ${num(b.capacityPerSecond)} req/s, mean queue ${num(b.meanQueue)}).`,
      },
      "outages",
      [
        ...layers,
        {
          mark: { type: "rule", color: NEUTRAL, strokeWidth: 1.5, strokeDash: [6, 3] },
          encoding: { y: { datum: 1 } },
        },
      ],
    ),
  };
}

function errorsChart(r: Results, options: ChartOptions): Chart {
  const q = r.queueing!;
  const ts = q.timeseries;
  const axis = timeAxis(r, 4);
  const kinds = [
    { key: "refused", label: "refused", series: ts.refused, color: ALERT },
    { key: "dropped", label: "dropped", series: ts.dropped, color: "#d97706" },
    { key: "timedOut", label: "timed out", series: ts.timedOut, color: MUTED },
    { key: "retries", label: "retries", series: ts.retries, color: FAINT },
  ];
  const rates = kinds.map((k) => ratePerSecond(axis, k.series));
  const rows = axis.points.map((p, j) => {
    const row: Record<string, number> & { t: number } = { t: p.t };
    kinds.forEach((k, i) => {
      row[k.key] = rates[i]?.[j] ?? 0;
    });
    return row;
  });
  const peak = Math.max(0, ...rates.flat());
  const t = q.totals;
  const attempts = r.totals.attempts;
  return {
    name: "errors",
    explain: `Attempts at live servers that failed, per second: refused by a full queue, dropped by one (the client waits its timeout), answered later than the client's timeout, and the retries clients made after them (${q.onError}, at most ${q.retries} per request).`,
    spec: timeChart(
      r,
      axis,
      rows,
      {
        title: "Refusals, drops, timeouts and retries",
        caption: `Whole run: ${int(t.refused)} refused, ${int(t.dropped)} dropped, ${int(t.timedOut)} timed out (${pct(attempts > 0 ? (t.refused + t.dropped + t.timedOut) / attempts : 0)} of attempts), ${int(t.retries)} retries.`,
      },
      "outages",
      [
        {
          transform: [{ fold: kinds.map((k) => k.key), as: ["kind", "rate"] }],
          mark: { type: "line" },
          encoding: {
            x: axis.x,
            y: {
              field: "rate",
              type: "quantitative",
              title: "per second (1/s)",
              scale: rateScale(peak),
            },
            color: {
              field: "kind",
              type: "nominal",
              scale: { domain: kinds.map((k) => k.key), range: kinds.map((k) => k.color) },
              legend: {
                orient: "top",
                direction: "horizontal",
                title: null,
                labelExpr: "datum.label === 'timedOut' ? 'timed out' : datum.label",
              },
            },
          },
        },
        ...hoverLayers(
          options,
          axis,
          "hover_errors",
          kinds.map((k) => ({
            field: k.key,
            title: k.label,
            type: "quantitative",
            format: ",.2f",
          })),
        ),
      ],
    ),
  };
}
