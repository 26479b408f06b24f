import { csvLine } from "./format.js";
import type { ReplicationsData, SweepData, TtlAdviceData } from "./types.js";

/*
 * The CSV files of sweeps and replicated runs. Every cell goes through
 * csvField, which neutralises text a spreadsheet would run as a formula
 * (swept values and paths come from the command line and scenario files).
 */

/** sweep.csv, tidy: one row per grid point and metric. */
export function sweepCsv(output: SweepData): string {
  const params = output.parameters.map((p) => p.path);
  const header = ["point", ...params, "metric", "unit", "n", "mean", "sd", "ci95_low", "ci95_high"];
  const rows = [csvLine(header)];
  for (const point of output.points) {
    for (const m of output.metrics) {
      const s = point.summary[m.id]!;
      rows.push(
        csvLine([
          point.point,
          ...params.map((p) => point.parameters[p] ?? null),
          m.id,
          m.unit,
          s.n,
          s.mean,
          s.sd,
          s.ci95Low,
          s.ci95High,
        ]),
      );
    }
  }
  return `${rows.join("\n")}\n`;
}

/** ttl.csv: one row per TTL with each measure's mean and CI, the Pareto mark and the limit check. */
export function ttlCsv(advice: TtlAdviceData): string {
  const header = [
    "ttl",
    ...advice.measures.flatMap((t) => [`${t.key}_mean`, `${t.key}_ci95_low`, `${t.key}_ci95_high`]),
    "undrained_mean",
    "n",
    "pareto",
    "meets_limits",
    "recommended",
  ];
  const lines = [header.join(",")];
  for (const r of advice.rows) {
    lines.push(
      csvLine([
        r.ttl,
        ...advice.measures.flatMap((t) => {
          const s = r.metrics[t.key]!;
          return [s.mean, s.ci95Low, s.ci95High];
        }),
        r.undrained.mean,
        r.metrics[advice.measures[0]!.key]!.n,
        r.pareto,
        r.meetsLimits,
        r.ttl === advice.recommendedTtl,
      ]),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** replications.csv: one row per metric and replication, tidy. */
export function replicationsCsv(rep: ReplicationsData): string {
  const lines = ["metric,unit,replication,seed,value"];
  for (const m of rep.metrics) {
    m.values.forEach((v, r) => {
      lines.push(csvLine([m.id, m.unit, r, rep.seeds[r] ?? null, v]));
    });
  }
  return `${lines.join("\n")}\n`;
}

/** replications-summary.csv: one row per key metric, its mean, sd and 95% CI over the replications. */
export function replicationsSummaryCsv(rep: ReplicationsData): string {
  const lines = ["metric,label,unit,n,mean,sd,ci95_low,ci95_high"];
  for (const m of rep.metrics) {
    const s = m.summary;
    lines.push(csvLine([m.id, m.label, m.unit, s.n, s.mean, s.sd, s.ci95Low, s.ci95High]));
  }
  return `${lines.join("\n")}\n`;
}
