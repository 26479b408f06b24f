import { TRADE_OFFS, type TtlAdvice } from "./advisor.js";
import { fmtSummary } from "./format.js";
import { formatValue } from "./grid.js";
import { type HtmlFigure, htmlPage } from "./html.js";
import { humanSeconds } from "./human.js";
import { metricHeading } from "./metrics.js";
import { type SweepOutput, summaryCell } from "./output.js";

/** Facts every sweep page shows: enough to run it again. */
function planFacts(output: SweepOutput): [string, string][] {
  return [
    ["scenario", output.scenario],
    ...output.parameters.map((p): [string, string] => [
      `--set ${p.path}`,
      p.values.map(formatValue).join(", "),
    ]),
    ["replications", String(output.replications)],
    ["base seed", String(output.seed)],
    ["replication seeds", output.seeds.join(", ")],
    ["simulated seconds per run", String(output.duration)],
  ];
}

/** index.html of `rrdns sweep` and `rrdns merge`. */
export function sweepPage(output: SweepOutput, figures: readonly HtmlFigure[]): string {
  const metrics = output.metrics.filter((m) =>
    output.points.some((p) => (p.summary[m.id]?.n ?? 0) > 0),
  );
  return htmlPage({
    title: `Sweep: ${output.scenario}`,
    paragraphs: [
      ...(output.description ? [output.description] : []),
      `${output.points.length} grid points × ${output.replications} replications. Each number is the mean over the replications with its 95% confidence interval (Student t) in brackets. Replication r uses the same seed at every grid point, so differences between points are the parameters' doing, not noise. All values per replication are in sweep.json; sweep.csv has one row per point and metric.`,
    ],
    facts: planFacts(output),
    table: {
      caption: "mean [95% CI] per grid point",
      header: [...output.parameters.map((p) => p.path), ...metrics.map(metricHeading)],
      rows: output.points.map((p) => [
        ...output.parameters.map((q) => formatValue(p.parameters[q.path]!)),
        ...metrics.map((m) => summaryCell(p, m.id, fmtSummary)),
      ]),
    },
    figures,
    footer: `rrdns ${output.version}`,
  });
}

/** index.html of `rrdns ttl`. */
export function ttlPage(
  advice: TtlAdvice,
  output: SweepOutput,
  figures: readonly HtmlFigure[],
): string {
  const measures = TRADE_OFFS.filter((t) => t.key !== "drain" || advice.drainApplicable);
  const recommended = advice.rows.findIndex((r) => r.ttl === advice.recommendedTtl);
  return htmlPage({
    title: `TTL advisor: ${output.scenario}`,
    paragraphs: [
      ...(output.description ? [output.description] : []),
      advice.explanation,
      ...advice.notes,
    ],
    facts: planFacts(output),
    table: {
      caption:
        "mean [95% CI] per TTL; Pareto: no other TTL is better on one measure without being worse on another",
      header: ["TTL (s)", "", ...measures.map(metricHeading), "Pareto", "limits"],
      rows: advice.rows.map((r) => [
        String(r.ttl),
        humanSeconds(r.ttl),
        ...measures.map((t) =>
          t.key === "drain" && (r.undrained.mean ?? 0) > 0
            ? `≥ ${fmtSummary(r.metrics[t.key])}`
            : fmtSummary(r.metrics[t.key]),
        ),
        r.pareto ? "yes" : "",
        r.meetsLimits ? (r.ttl === advice.recommendedTtl ? "ok (recommended)" : "ok") : "no",
      ]),
    },
    highlight: recommended >= 0 ? [recommended] : [],
    figures,
    footer: `rrdns ${output.version}`,
  });
}
