import { fmtSummary, textTable } from "./format.js";
import { formatValue } from "./grid.js";
import { metricHeading } from "./metrics.js";
import { type SweepOutput, summaryCell } from "./output.js";

/** The headline metrics shown on the terminal; sweep.csv has them all. */
const HEADLINE = [
  "dns.authoritativeQps",
  "balance.window.maxOverMean",
  "totals.failedVisits",
  "failures.drainSeconds",
] as const;

/** A compact table of the sweep for the terminal: one row per grid point. */
export function sweepText(output: SweepOutput): string {
  const shown = HEADLINE.filter((id) => output.points.some((p) => (p.summary[id]?.n ?? 0) > 0));
  const metric = (id: string) => output.metrics.find((m) => m.id === id)!;
  const header = [
    ...output.parameters.map((p) => p.path),
    ...shown.map((id) => metricHeading(metric(id))),
  ];
  const rows = output.points.map((p) => [
    ...output.parameters.map((q) => formatValue(p.parameters[q.path]!)),
    ...shown.map((id) => summaryCell(p, id, fmtSummary)),
  ]);
  const title =
    `rrdns sweep · ${output.scenario} · ${output.points.length} points × ${output.replications} replications` +
    ` · ${output.duration} s each · seed ${output.seed}`;
  const censored = output.points.some((p) => (p.summary["failures.undrained"]?.mean ?? 0) > 0);
  const note = censored
    ? "\n≥: a failed server still drew traffic when its outage ended, so the drain time is at least the outage\n"
    : "";
  return `${title}\nmean [95% CI]\n${textTable(header, rows, output.parameters.length)}\n${note}`;
}
