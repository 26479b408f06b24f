import type { SummaryData } from "./types.js";

/** What the capacity plan table shows: plain data (src/study/capacity-plan.ts computes it). */
export interface CapacityPlanData {
  readonly options: {
    readonly slo: { readonly metric: string; readonly limit: number };
    readonly maxErrors: number;
    readonly replications: number;
    readonly nPlusOne: boolean;
  };
  readonly candidates: readonly {
    readonly servers: number;
    readonly latency: SummaryData;
    readonly errors: SummaryData;
    readonly busiestUtilisation: SummaryData;
    readonly meanUtilisation: SummaryData;
    readonly imbalance: SummaryData;
    readonly busiestP99: SummaryData;
    readonly replications: number;
    readonly meets: boolean;
    readonly cause: string | null;
  }[];
  readonly reason: string;
}

const ci = (s: SummaryData, digits: number, scale = 1): string => {
  if (s.mean === null) return "n/a";
  if (!Number.isFinite(s.mean)) return "none answered";
  const m = (s.mean * scale).toFixed(digits);
  if (s.ci95Low === null || s.ci95High === null) return m;
  return `${m} [${(s.ci95Low * scale).toFixed(digits)}, ${(s.ci95High * scale).toFixed(digits)}]`;
};

/** The plan as a table of candidates and a recommendation, for the terminal. */
export function capacityPlanText(plan: CapacityPlanData): string {
  const o = plan.options;
  const columns: readonly (readonly [string, number])[] = [
    ["servers", 7],
    [`${o.slo.metric} s`, 22],
    ["errors %", 22],
    ["busiest peak %", 20],
    ["busiest p99 s", 22],
    ["busiest share ×N", 19],
    ["live fleet peak %", 20],
    ["runs", 4],
  ];
  const row = (cells: readonly string[], verdict: string): string =>
    `${cells.map((cell, i) => (i === 0 ? cell.padStart(columns[i]![1]) : cell.padEnd(columns[i]![1]))).join("  ")}  ${verdict}`;
  const lines = [
    `rrdns plan · SLO ${o.slo.metric} < ${o.slo.limit} s, errors ≤ ${(o.maxErrors * 100).toFixed(3)}% · up to ${o.replications} replications per count, fewer once the 95% CIs clear the limits${o.nPlusOne ? " · N+1: one server down" : ""}`,
    "",
    row(
      columns.map(([name]) => name),
      "verdict",
    ),
  ];
  for (const c of plan.candidates) {
    lines.push(
      row(
        [
          String(c.servers),
          ci(c.latency, 3),
          ci(c.errors, 3, 100),
          ci(c.busiestUtilisation, 1, 100),
          ci(c.busiestP99, 3),
          ci(c.imbalance, 2),
          ci(c.meanUtilisation, 1, 100),
          String(c.replications),
        ],
        c.meets ? "meets" : `fails (${c.cause ?? "?"})`,
      ),
    );
  }
  lines.push("", plan.reason);
  return `${lines.join("\n")}\n`;
}
