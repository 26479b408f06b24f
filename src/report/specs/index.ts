import type { Results } from "../../metrics/index.js";
import { authoritativeChart } from "./authoritative.js";
import { balanceChart } from "./balance.js";
import { connectionsCharts } from "./connections.js";
import { contentCharts } from "./content.js";
import { failuresChart } from "./failures.js";
import { fragmentationCharts } from "./fragmentation.js";
import { hitRatioChart } from "./hit-ratio.js";
import { queueingCharts } from "./queueing.js";
import { servedChart } from "./served.js";
import { sharesChart } from "./shares.js";
import type { Chart, ChartOptions } from "./types.js";

export type { Chart, ChartOptions, VegaLiteSpec } from "./types.js";

/**
 * Every chart of a run's report, in reading order. Pure. Static (for SVG and
 * PNG) unless `interactive` asks for the HTML report's hover tooltips.
 */
export function charts(r: Results, options: ChartOptions = {}): Chart[] {
  // A connection-pool run without visits: its per-server load (shares and
  // balance) and the connections charts, which draw the requests per server
  // with the pool's changes; the DNS charts of visits would be empty.
  if (r.connections && r.totals.visits === 0)
    return [sharesChart(r, options), balanceChart(r, options), ...connectionsCharts(r, options)];
  return [
    servedChart(r, options),
    sharesChart(r, options),
    failuresChart(r, options),
    balanceChart(r, options),
    authoritativeChart(r, options),
    hitRatioChart(r, options),
    // Servers with capacity only.
    ...queueingCharts(r, options),
    // Session fragmentation and content consistency, when configured.
    ...fragmentationCharts(r, options),
    ...contentCharts(r, options),
    // Connection pools, when configured.
    ...connectionsCharts(r, options),
  ];
}
