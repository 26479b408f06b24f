import { spokenDuration } from "../specs/format.js";
import { dimensionless, fmt, fmtSummary, metricHeading, textTable } from "./format.js";
import type {
  SummaryData,
  TradeOffMeasureData,
  TtlAdviceData,
  TtlRowData,
  ViolationData,
} from "./types.js";

/*
 * The TTL advisor's words: the table for the terminal, the caveats and the
 * one-paragraph explanation of its recommendation. The decisions (Pareto,
 * limits, the recommended and the closest TTL, remedies) are made in
 * src/study/advisor.ts; this file only says them.
 */

/** The advice in words: the explanation paragraph and the notes under the table. */
export interface TtlAdviceProse {
  readonly explanation: string;
  readonly notes: readonly string[];
}

const CAVEATS: Readonly<Record<string, string>> = {
  "no-failure": "The scenario has no server failure, so time to drain does not apply.",
  "no-failure-drain-ignored":
    "The scenario has no server failure, so time to drain does not apply and --max-drain was ignored.",
  "one-replication":
    "With one replication there are no confidence intervals: limits were checked against single runs. Use --replications 10 or more.",
  "drain-censored":
    "Where a failed server still drew traffic when its outage ended, its drain time counts as the whole outage: those values are lower bounds (marked ≥).",
  "never-drained-without-health-check":
    "A failed server never stopped drawing traffic at any TTL: without a health check (dns.healthCheck) the authoritative server keeps handing out a dead address, so no TTL drains it.",
  "never-drained":
    "A failed server never stopped drawing traffic before its outage ended at any TTL tried.",
  "failed-visits-count":
    "--max-failed-visits is deprecated: it counts failed visits over the whole run, so it grows with --duration. Use --max-failed-share (a share of visits) or --max-failed-per-hour.",
};

const REMEDIES: Readonly<Record<string, string>> = {
  "health-check": "health-checked DNS (dns.healthCheck) withdraws a dead address",
  "failover-clients":
    "failover clients (clients.selection: failover) turn failed connections into delays",
};

export function ttlAdviceProse(advice: TtlAdviceData): TtlAdviceProse {
  return {
    explanation: explain(advice),
    notes: advice.caveats.map((c) => CAVEATS[c] ?? c),
  };
}

/** The advisor's table for the terminal, then its notes and the explanation. */
export function ttlAdviceText(advice: TtlAdviceData): string {
  const prose = ttlAdviceProse(advice);
  const header = ["TTL", "", ...advice.measures.map(metricHeading), "Pareto", "limits"];
  const rows = advice.rows.map((r) => [
    String(r.ttl),
    spokenDuration(r.ttl),
    ...advice.measures.map((t) => cell(r, t.key, r.metrics[t.key]!, advice.drainApplicable)),
    r.pareto ? "yes" : r.dominatedBy !== null ? `no (${r.dominatedBy})` : "no",
    r.meetsLimits ? (r.ttl === advice.recommendedTtl ? "ok ◀" : "ok") : "no",
  ]);
  const parts = [
    "TTL trade-off (mean [95% CI] over replications)",
    textTable(header, rows, 2),
    "",
    ...prose.notes.map((n) => `note: ${n}`),
    ...(prose.notes.length > 0 ? [""] : []),
    prose.explanation,
  ];
  return `${parts.join("\n")}\n`;
}

function cell(r: TtlRowData, key: string, s: SummaryData, drainApplicable: boolean): string {
  if (key === "drain") {
    if (!drainApplicable) return "n/a";
    if ((r.undrained.mean ?? 0) > 0) return `≥ ${fmtSummary(s)}`;
  }
  return fmtSummary(s);
}

/** `time to drain after a failure ≤ 600 s, failed visits ≤ 0 visits`. */
export function limitsText(measures: readonly TradeOffMeasureData[]): string {
  return measures
    .filter((t) => t.limit !== undefined)
    .map((t) => `${t.label} ≤ ${fmt(t.limit!)}${dimensionless(t.unit) ? "" : ` ${t.unit}`}`)
    .join(", ");
}

function explain(advice: TtlAdviceData): string {
  const { rows, measures, drainApplicable, window } = advice;
  const chosen = rows.find((r) => r.ttl === advice.recommendedTtl && r.meetsLimits);
  const given = limitsText(measures);
  const label = (v: ViolationData): TradeOffMeasureData => measures.find((t) => t.key === v.key)!;
  const violationText = (v: ViolationData): string =>
    v.censored
      ? `${label(v).label} (a failed server was still drawing traffic when its outage ended, after ${fmt(v.bound)} s, so ≤ ${fmt(v.limit)} s cannot be confirmed)`
      : `${label(v).label} (upper bound ${fmt(v.bound)} > ${fmt(v.limit)})`;
  if (!chosen) {
    const closest = advice.closest;
    const broken = closest ? listText(closest.violations.map(violationText)) : "";
    const remedies = advice.remedies.map((r) => REMEDIES[r] ?? r);
    return (
      `No TTL in the sweep meets every limit you gave (${given}). ` +
      (closest
        ? `The closest is ${ttlText(closest.ttl)}, which still breaks ${closest.violations.length === 1 ? "the limit on " : "the limits on "}${broken}. `
        : "") +
      (remedies.length > 0
        ? `Relax a limit, try TTLs outside the range swept, or change the setup rather than the TTL: ${listText(remedies)}.`
        : "Relax a limit, or try TTLs outside the range swept.")
    );
  }
  const m = chosen.metrics;
  const drain = !drainApplicable
    ? "the scenario has no server failure, so time to drain does not apply"
    : (chosen.undrained.mean ?? 0) > 0
      ? `a failed server was still drawing traffic when its outage ended in some runs (time to drain at least ${fmtSummary(m.drain!)} s)`
      : `a failed server stops drawing traffic after ${fmtSummary(m.drain!)} s`;
  const state =
    `At ${ttlText(chosen.ttl)}, in means with 95% confidence intervals in brackets, the authoritative server answers ${fmtSummary(m.qps!)} queries/s, ` +
    `the busiest server carries on average ${fmtSummary(m.imbalance!)} times the mean load per ${window} s window, ` +
    `${fmtShare(m.failedShare!)} of visits fail, a visit loses ${fmtSummary(m.delayMean!)} s on average to connect timeouts (p99 ${fmtSummary(m.delayP99!)} s), and ${drain}.`;
  const longer = rows.find((r) => r.ttl > chosen.ttl);
  const next = longer
    ? ` The next longer TTL tried, ${ttlText(longer.ttl)}, breaks ${longer.violations.length === 1 ? "the limit" : "the limits"} on ${listText(longer.violations.map(violationText))}.`
    : " It is the longest TTL tried; longer ones were not simulated.";
  const objectives = listText(advice.objectives.map((k) => measureOf(advice, k)?.label ?? k));
  const pareto = chosen.pareto
    ? ` It is Pareto-efficient on ${objectives}: no other TTL tried is better on one of them without being worse on another.`
    : ` It is not Pareto-efficient on ${objectives} (${ttlText(chosen.dominatedBy!)} is at least as good on every one of their means and better on one), but the rule puts DNS cost first among TTLs that meet the limits.`;
  if (given === "") {
    return (
      `You gave no limits, so every TTL qualifies and the rule picks the largest, ${ttlText(chosen.ttl)}, the lowest DNS cost. ` +
      state +
      pareto +
      " Give --max-drain, --max-qps, --max-imbalance, --max-failed-share, --max-failed-per-hour, --max-delay-mean or --max-delay-p99 to say what you need, and the advisor will pick the longest TTL that meets them."
    );
  }
  return (
    `Recommended TTL: ${ttlText(chosen.ttl)}. It is the largest TTL tried, so the lowest DNS cost, ` +
    `whose 95% confidence upper bounds meet every limit you gave (${given}). ` +
    state +
    next +
    pareto
  );
}

function measureOf(advice: TtlAdviceData, key: string): TradeOffMeasureData | undefined {
  return advice.allMeasures.find((t) => t.key === key);
}

/** A share as a percentage with its CI: `0.81% [0.7%, 0.92%]`. */
function fmtShare(s: SummaryData): string {
  const pct = (x: number) => `${fmt(x * 100)}%`;
  if (s.mean === null) return "n/a";
  if (s.ci95Low === null || s.ci95High === null) return pct(s.mean);
  return `${pct(s.mean)} [${pct(s.ci95Low)}, ${pct(s.ci95High)}]`;
}

function ttlText(ttl: number): string {
  return ttl >= 60 ? `${fmt(ttl)} s (${spokenDuration(ttl)})` : `${fmt(ttl)} s`;
}

/** `a`, `a and b`, `a, b and c`. */
function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
