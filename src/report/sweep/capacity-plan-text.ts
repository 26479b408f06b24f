import type { SummaryData } from "./types.js";

/** What the capacity plan table shows: plain data (src/sweep/capacity-plan.ts computes it). */
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
    readonly meets: boolean;
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
  const lines = [
    `rrdns plan · SLO ${o.slo.metric} < ${o.slo.limit} s, errors ≤ ${(o.maxErrors * 100).toFixed(3)}% · ${o.replications} replications per count (95% CIs)${o.nPlusOne ? " · N+1: one server down" : ""}`,
    "",
    `${"servers".padStart(7)}  ${`${o.slo.metric} s`.padEnd(28)}  ${"errors %".padEnd(28)}  ${"peak util % (busiest)".padEnd(24)}  ${"peak util % (fleet)".padEnd(24)}  verdict`,
  ];
  for (const c of plan.candidates) {
    lines.push(
      `${String(c.servers).padStart(7)}  ${ci(c.latency, 3).padEnd(28)}  ${ci(c.errors, 3, 100).padEnd(28)}  ${ci(c.busiestUtilisation, 1, 100).padEnd(24)}  ${ci(c.meanUtilisation, 1, 100).padEnd(24)}  ${c.meets ? "meets" : "fails"}`,
    );
  }
  lines.push("", plan.reason);
  return `${lines.join("\n")}\n`;
}
