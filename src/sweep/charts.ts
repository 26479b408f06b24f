import { sweepCharts } from "../report/specs/sweep-metric.js";
import { ttlTradeOffChart } from "../report/specs/sweep-ttl.js";
import type { Chart } from "../report/specs/types.js";
import { TRADE_OFFS, type TtlAdvice } from "./advisor.js";
import { metricHeading } from "./metrics.js";
import type { SweepOutput } from "./output.js";

/** The sweep's charts: one per metric against the swept parameter, with CI bands. */
export function sweepChartList(output: SweepOutput): Chart[] {
  return sweepCharts({
    ...output,
    metrics: output.metrics.map((m) => ({ ...m, heading: metricHeading(m) })),
  });
}

/** The TTL advisor's trade-off chart. */
export function ttlChart(advice: TtlAdvice, output: SweepOutput): Chart {
  return ttlTradeOffChart({
    scenario: output.scenario,
    replications: output.replications,
    measures: TRADE_OFFS.filter((t) => t.key !== "drain" || advice.drainApplicable).map((t) => ({
      key: t.key,
      heading: metricHeading(t),
      limit: advice.limits[t.limit],
    })),
    rows: advice.rows,
    recommendedTtl: advice.recommendedTtl,
  });
}
