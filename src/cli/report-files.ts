import type { Results } from "../metrics/index.js";
import { charts, reportHtml, timeSeriesCsv } from "../report/index.js";

/**
 * The report's files (charts/*.svg, charts/*.png, index.html) for a result,
 * keyed by path relative to the output folder. Same results, same bytes.
 */
export async function reportFiles(results: Results): Promise<Map<string, string | Uint8Array>> {
  // vega, vega-lite and resvg load only for a report: `rrdns run --no-report` never pays for them.
  const { browserRuntime, renderSvg, svgToPng } = await import("../report/render/index.js");
  const files = new Map<string, string | Uint8Array>();
  for (const chart of charts(results)) {
    const svg = await renderSvg(chart.spec);
    files.set(`charts/${chart.name}.svg`, svg);
    files.set(`charts/${chart.name}.png`, svgToPng(svg));
  }
  // The page gets the same charts plus hover tooltips.
  const interactive = charts(results, { interactive: true });
  files.set("index.html", reportHtml(results, interactive, browserRuntime()));
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
): Promise<Map<string, string | Uint8Array>> {
  const files = new Map<string, string | Uint8Array>([
    ["results.json", `${JSON.stringify(results, null, 2)}\n`],
    ["timeseries.csv", timeSeriesCsv(results)],
  ]);
  if (withReport) for (const [name, data] of await reportFiles(results)) files.set(name, data);
  return files;
}
