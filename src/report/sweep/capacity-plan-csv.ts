import type { CapacityPlanChartData } from "./capacity-plan-chart.js";
import { csvLine } from "./format.js";
import type { SummaryData } from "./types.js";

const STATS = [
  ["latency", "s"],
  ["errors", "share"],
  ["busiestUtilisation", "share"],
  ["meanUtilisation", "share"],
] as const;

/** A non-finite mean ("none answered") is written as an empty cell, like a missing one. */
const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

/** plan.csv, tidy: one row per candidate count and statistic. */
export function capacityPlanCsv(plan: CapacityPlanChartData): string {
  const rows = [
    csvLine([
      "servers",
      "metric",
      "unit",
      "n",
      "mean",
      "sd",
      "ci95_low",
      "ci95_high",
      "meets",
      "recommended",
    ]),
  ];
  for (const c of plan.candidates) {
    for (const [key, unit] of STATS) {
      const s = c[key] as SummaryData;
      const metric = key === "latency" ? plan.options.slo.metric : key;
      rows.push(
        csvLine([
          c.servers,
          metric,
          unit,
          s.n,
          finite(s.mean),
          finite(s.sd),
          finite(s.ci95Low),
          finite(s.ci95High),
          c.meets,
          c.servers === plan.recommended,
        ]),
      );
    }
  }
  return `${rows.join("\n")}\n`;
}
