import type { Results } from "../metrics/index.js";
import { charts, type ReplicationsData, reportHtml, timeSeriesCsv } from "../report/index.js";

/**
 * The report's files (charts/*.svg, charts/*.png, index.html) for a result,
 * keyed by path relative to the output folder. Same results, same bytes.
 */
export async function reportFiles(
  results: Results,
  replications?: ReplicationsData,
  /** Called after each chart is rendered (the slow part), for a progress bar. */
  onChart: (done: number, total: number) => void = () => {},
): Promise<Map<string, string | Uint8Array>> {
  // vega, vega-lite and resvg load only for a report: `rrdns run --no-report` never pays for them.
  const { browserRuntime, renderSvg, svgToPng } = await import("../report/render/index.js");
  const files = new Map<string, string | Uint8Array>();
  const list = charts(results);
  for (const [i, chart] of list.entries()) {
    const svg = await renderSvg(chart.spec);
    files.set(`charts/${chart.name}.svg`, svg);
    files.set(`charts/${chart.name}.png`, svgToPng(svg));
    onChart(i + 1, list.length);
  }
  // The page gets the same charts plus hover tooltips.
  const interactive = charts(results, { interactive: true });
  files.set("index.html", reportHtml(results, interactive, browserRuntime(), replications));
  return files;
}

/** Whether a path in an output folder belongs to the report (redrawn by `rrdns report`). */
export function isReportFile(path: string): boolean {
  return path === "index.html" || path.startsWith("charts/");
}

/** results.json and timeseries.csv, plus the report unless `withReport` is false. */
export async function runFiles(
  results: Results,
  withReport: boolean,
  replications?: ReplicationsData,
): Promise<Map<string, string | Uint8Array>> {
  const files = new Map<string, string | Uint8Array>([
    ["results.json", `${JSON.stringify(results, null, 2)}\n`],
    ["timeseries.csv", timeSeriesCsv(results)],
  ]);
  if (withReport)
    for (const [name, data] of await reportFiles(results, replications)) files.set(name, data);
  return files;
}
