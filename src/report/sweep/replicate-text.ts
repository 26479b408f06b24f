import { fmt, metricHeading, textTable } from "./format.js";
import type { ReplicationsData } from "./types.js";

/** The terminal table for `rrdns run --replications N`: each key metric's mean, sd and 95% CI. */
export function replicationsText(rep: ReplicationsData): string {
  const undrained = rep.metrics.find((m) => m.id === "failures.undrained")?.summary.mean ?? 0;
  const censored = (id: string): boolean => id === "failures.drainSeconds" && undrained > 0;
  const rows = rep.metrics
    .filter((m) => m.summary.n > 0)
    .map((m) => [
      metricHeading(m),
      `${censored(m.id) ? "≥ " : ""}${fmt(m.summary.mean)}`,
      fmt(m.summary.sd),
      m.summary.ci95Low === null ? "–" : `[${fmt(m.summary.ci95Low)}, ${fmt(m.summary.ci95High)}]`,
      String(m.summary.n),
    ]);
  const missing = rep.metrics.filter((m) => m.summary.n === 0).map((m) => m.label);
  const lines = [
    `${rep.replications} replications · seeds ${rep.seeds.join(", ")}`,
    textTable(["metric", "mean", "sd", "95% CI", "n"], rows),
  ];
  if (missing.length > 0) lines.push(`not applicable: ${missing.join(", ")}`);
  if (undrained > 0) {
    lines.push(
      "≥: a failed server still drew traffic when its outage ended; its drain time counts as the outage",
    );
  }
  return `${lines.join("\n")}\n`;
}
