import type { Results } from "../../metrics/index.js";
import { duration, num } from "./format.js";
import { highlightedLines, hoverLayers, timeChart } from "./layers.js";
import { MAX_LEGEND_SERVERS, serverColor } from "./theme.js";
import { ratePerSecond, timeAxis } from "./time.js";
import type { Chart, ChartOptions } from "./types.js";

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
