import { metricHeading, summaryCell, terminalText, textTable, valueText } from "./format.js";
import type { SweepData } from "./types.js";

/** The headline metrics shown on the terminal; sweep.csv has them all. */
const HEADLINE = [
  "dns.authoritativeQps",
  "balance.window.maxOverMean",
  "totals.failedVisits",
  "failures.drainSeconds",
] as const;

/** A pool scenario's sweep: balance, how fast the pool settles, what it costs, what is lost. */
const POOL_HEADLINE = [
  "balance.window.maxOverMean",
  "connections.fillSeconds",
  "connections.rebalanceSeconds",
  "connections.drainSeconds",
  "connections.churnPerSecond",
  "connections.unservedShare",
] as const;

/** A compact table of the sweep for the terminal: one row per grid point; scenario text made terminal-safe. */
export function sweepText(output: SweepData): string {
  const pool = output.metrics.some((m) => m.id.startsWith("connections."));
  const shown = (pool ? POOL_HEADLINE : HEADLINE).filter((id: string) =>
    output.points.some((p) => (p.summary[id]?.n ?? 0) > 0),
  );
  const metric = (id: string) => output.metrics.find((m) => m.id === id)!;
  const header = [
    ...output.parameters.map((p) => terminalText(p.path)),
    ...shown.map((id) => metricHeading(metric(id))),
  ];
  const rows = output.points.map((p) => [
    ...output.parameters.map((q) => terminalText(valueText(p.parameters[q.path]!))),
    ...shown.map((id) => summaryCell(p, id)),
  ]);
  const title =
    `rrdns sweep · ${terminalText(output.scenario)} · ${output.points.length} points × ${output.replications} replications` +
    ` · ${output.duration} s each · seed ${output.seed}`;
  const censored = (id: string) => output.points.some((p) => (p.summary[id]?.mean ?? 0) > 0);
  const note = censored("failures.undrained")
    ? "\n≥: a failed server still drew traffic when its outage ended, so the drain time is at least the outage\n"
    : ["connections.unfilled", "connections.unbalanced", "connections.undrained"].some(censored)
      ? "\n≥: in some run an added server never filled, the pool never rebalanced or a removed server never drained by the end, so the time is at least the rest of the run\n"
      : "";
  return `${title}\nmean [95% CI]\n${textTable(header, rows, output.parameters.length)}\n${note}`;
}
