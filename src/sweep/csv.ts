import { csvField } from "./format.js";
import type { SweepOutput } from "./output.js";

/** sweep.csv, tidy: one row per grid point and metric. */
export function sweepCsv(output: SweepOutput): string {
  const params = output.parameters.map((p) => p.path);
  const header = ["point", ...params, "metric", "unit", "n", "mean", "sd", "ci95_low", "ci95_high"];
  const rows = [header.map(csvField).join(",")];
  for (const point of output.points) {
    for (const m of output.metrics) {
      const s = point.summary[m.id]!;
      rows.push(
        [
          point.point,
          ...params.map((p) => point.parameters[p] ?? null),
          m.id,
          m.unit,
          s.n,
          s.mean,
          s.sd,
          s.ci95Low,
          s.ci95High,
        ]
          .map(csvField)
          .join(","),
      );
    }
  }
  return `${rows.join("\n")}\n`;
}
