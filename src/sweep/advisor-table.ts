import { TRADE_OFFS, type TtlAdvice, type TtlRow } from "./advisor.js";
import { csvField, fmtSummary, textTable } from "./format.js";
import { humanSeconds } from "./human.js";
import { metricHeading } from "./metrics.js";
import type { Summary } from "./stats.js";

/** The advisor's table for the terminal, then its notes and the explanation. */
export function ttlAdviceText(advice: TtlAdvice): string {
  const header = ["TTL", "", ...TRADE_OFFS.map(metricHeading), "Pareto", "limits"];
  const rows = advice.rows.map((r) => [
    String(r.ttl),
    humanSeconds(r.ttl),
    ...TRADE_OFFS.map((t) => cell(r, t.key, r.metrics[t.key], advice.drainApplicable)),
    r.pareto ? "yes" : "",
    r.meetsLimits ? (r.ttl === advice.recommendedTtl ? "ok ◀" : "ok") : "no",
  ]);
  const parts = [
    "TTL trade-off (mean [95% CI] over replications)",
    textTable(header, rows, 2),
    "",
    ...advice.notes.map((n) => `note: ${n}`),
    ...(advice.notes.length > 0 ? [""] : []),
    advice.explanation,
  ];
  return `${parts.join("\n")}\n`;
}

function cell(r: TtlRow, key: string, s: Summary, drainApplicable: boolean): string {
  if (key === "drain") {
    if (!drainApplicable) return "n/a";
    if ((r.undrained.mean ?? 0) > 0) return `≥ ${fmtSummary(s)}`;
  }
  return fmtSummary(s);
}

/** ttl.csv: one row per TTL with each measure's mean and CI, the Pareto mark and the limit check. */
export function ttlCsv(advice: TtlAdvice): string {
  const header = [
    "ttl",
    ...TRADE_OFFS.flatMap((t) => [`${t.key}_mean`, `${t.key}_ci95_low`, `${t.key}_ci95_high`]),
    "undrained_mean",
    "n",
    "pareto",
    "meets_limits",
    "recommended",
  ];
  const lines = [header.join(",")];
  for (const r of advice.rows) {
    lines.push(
      [
        r.ttl,
        ...TRADE_OFFS.flatMap((t) => {
          const s = r.metrics[t.key];
          return [s.mean, s.ci95Low, s.ci95High];
        }),
        r.undrained.mean,
        r.metrics.qps.n,
        r.pareto,
        r.meetsLimits,
        r.ttl === advice.recommendedTtl,
      ]
        .map(csvField)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
