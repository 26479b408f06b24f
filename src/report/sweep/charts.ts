import type { Chart } from "../specs/index.js";
import { sweepCharts } from "../specs/sweep-metric.js";
import { ttlTradeOffChart } from "../specs/sweep-ttl.js";
import { metricHeading } from "./format.js";
import type { SweepData, TtlAdviceData } from "./types.js";

/** The sweep's charts: one per metric against the swept parameter, with CI bands. */
export function sweepChartList(output: SweepData): Chart[] {
  return sweepCharts({
    ...output,
    metrics: output.metrics.map((m) => ({ ...m, heading: metricHeading(m) })),
  });
}

/** The TTL advisor's trade-off chart. */
export function ttlChart(advice: TtlAdviceData, output: SweepData): Chart {
  return ttlTradeOffChart({
    scenario: output.scenario,
    replications: output.replications,
    measures: advice.measures
      .filter((t) => t.key !== "drain" || advice.drainApplicable)
      .map((t) => ({ key: t.key, heading: metricHeading(t), limit: t.limit })),
    rows: advice.rows.map((r) => ({
      ...r,
      lowerBounds: (r.undrained.mean ?? 0) > 0 ? ["drain"] : [],
    })),
    recommendedTtl: advice.recommendedTtl,
  });
}
