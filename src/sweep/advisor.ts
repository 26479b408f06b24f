import { fmt, fmtSummary } from "./format.js";
import { humanSeconds } from "./human.js";
import type { SweepOutput } from "./output.js";
import { paretoEfficient } from "./pareto.js";
import { type Summary, upperBound } from "./stats.js";

/** The planner's limits; each is checked against a metric's 95% CI upper bound. */
export interface TtlLimits {
  /** Seconds for a dead server's address to drain. */
  readonly maxDrain?: number;
  /** Authoritative queries per second. */
  readonly maxQps?: number;
  /** Busiest server over mean, per window. */
  readonly maxImbalance?: number;
  /** Failed visits over the run. */
  readonly maxFailedVisits?: number;
}

/** The four trade-off measures, all to be minimised. */
export const TRADE_OFFS = [
  {
    key: "qps",
    id: "dns.authoritativeQps",
    limit: "maxQps",
    flag: "--max-qps",
    label: "authoritative query rate",
    unit: "queries/s",
  },
  {
    key: "imbalance",
    id: "balance.window.maxOverMean",
    limit: "maxImbalance",
    flag: "--max-imbalance",
    label: "imbalance (max/mean per window)",
    unit: "×",
  },
  {
    key: "failedVisits",
    id: "totals.failedVisits",
    limit: "maxFailedVisits",
    flag: "--max-failed-visits",
    label: "failed visits",
    unit: "visits",
  },
  {
    key: "drain",
    id: "failures.drainSeconds",
    limit: "maxDrain",
    flag: "--max-drain",
    label: "time to drain",
    unit: "s",
  },
] as const;

export type TradeOffKey = (typeof TRADE_OFFS)[number]["key"];

export interface Violation {
  readonly key: TradeOffKey;
  /** The CI upper bound (or lone value) that broke the limit. */
  readonly bound: number;
  readonly limit: number;
  /** Drain only: some run's failed server never drained, so the time is a lower bound. */
  readonly censored: boolean;
}

export interface TtlRow {
  readonly ttl: number;
  readonly point: number;
  readonly metrics: Readonly<Record<TradeOffKey, Summary>>;
  /** Failures still drawing traffic when they ended (drain censored), per run. */
  readonly undrained: Summary;
  readonly pareto: boolean;
  readonly violations: readonly Violation[];
  readonly meetsLimits: boolean;
}

export interface TtlAdvice {
  /** By TTL, shortest first. */
  readonly rows: readonly TtlRow[];
  readonly limits: TtlLimits;
  /** False when no run had a server failure: drain time does not apply. */
  readonly drainApplicable: boolean;
  readonly recommendedTtl: number | null;
  /** One plain-language paragraph: the recommendation and why, or why there is none. */
  readonly explanation: string;
  /** Caveats worth printing under the table. */
  readonly notes: readonly string[];
}

/**
 * The TTL advisor. Marks the Pareto-efficient TTLs (minimising all four
 * measures by their means) and recommends, by a rule a planner can check:
 * the largest TTL (the lowest DNS cost) whose 95% CI upper bounds meet
 * every limit given. With one replication the lone values are used. Pure.
 */
export function adviseTtl(output: SweepOutput, limits: TtlLimits): TtlAdvice {
  const param = output.parameters[0];
  if (output.parameters.length !== 1 || param?.path !== "dns.ttl") {
    throw new Error("adviseTtl: expects a sweep over dns.ttl alone");
  }
  const drainApplicable = output.points.some(
    (p) => (p.summary["failures.drainSeconds"]?.n ?? 0) > 0,
  );
  const notes: string[] = [];
  const active = TRADE_OFFS.filter((t) => limits[t.limit] !== undefined);
  if (!drainApplicable) {
    notes.push(
      "The scenario has no server failure, so time to drain does not apply" +
        (limits.maxDrain !== undefined ? " and --max-drain was ignored." : "."),
    );
  }
  if (output.replications < 2) {
    notes.push(
      "With one replication there are no confidence intervals: limits were checked against single runs. Use --replications 10 or more.",
    );
  }

  const base = output.points
    .map((p) => {
      const metrics = Object.fromEntries(
        TRADE_OFFS.map((t) => [t.key, p.summary[t.id]!]),
      ) as Record<TradeOffKey, Summary>;
      const violations: Violation[] = [];
      const undrained = p.summary["failures.undrained"]!;
      for (const t of active) {
        const bound = upperBound(metrics[t.key]);
        const limit = limits[t.limit]!;
        // A failure that never drained has an unknown drain time, at least its outage: a
        // drain limit cannot be confirmed then, whatever the censored number says.
        const censored = t.key === "drain" && (undrained.mean ?? 0) > 0;
        if (bound !== null && (bound > limit || censored)) {
          violations.push({ key: t.key, bound, limit, censored });
        }
      }
      return {
        ttl: Number(p.parameters["dns.ttl"]),
        point: p.point,
        metrics,
        undrained,
        violations,
      };
    })
    .sort((a, b) => a.ttl - b.ttl);
  const pareto = paretoEfficient(base.map((r) => TRADE_OFFS.map((t) => r.metrics[t.key].mean)));
  const rows: TtlRow[] = base.map((r, i) => ({
    ...r,
    pareto: pareto[i]!,
    meetsLimits: r.violations.length === 0,
  }));
  if (rows.some((r) => r.undrained.mean !== null && r.undrained.mean > 0)) {
    notes.push(
      "Where a failed server still drew traffic when its outage ended, its drain time counts as the whole outage: those values are lower bounds (marked ≥).",
    );
  }
  if (drainApplicable && rows.every((r) => (r.undrained.mean ?? 0) > 0)) {
    notes.push(
      output.plan.scenario.dns.healthCheck === undefined
        ? "A failed server never stopped drawing traffic at any TTL: without a health check (dns.healthCheck) the authoritative server keeps handing out a dead address, so no TTL drains it."
        : "A failed server never stopped drawing traffic before its outage ended at any TTL tried.",
    );
  }
  const meeting = rows.filter((r) => r.meetsLimits);
  const chosen = meeting[meeting.length - 1];
  return {
    rows,
    limits,
    drainApplicable,
    recommendedTtl: chosen?.ttl ?? null,
    explanation: explain(rows, chosen, limits, drainApplicable, output),
    notes,
  };
}

/** `time to drain ≤ 600 s, failed visits ≤ 0`. */
export function limitsText(limits: TtlLimits): string {
  return TRADE_OFFS.filter((t) => limits[t.limit] !== undefined)
    .map((t) => `${t.label} ≤ ${fmt(limits[t.limit]!)}${t.unit === "×" ? "" : ` ${t.unit}`}`)
    .join(", ");
}

function explain(
  rows: readonly TtlRow[],
  chosen: TtlRow | undefined,
  limits: TtlLimits,
  drainApplicable: boolean,
  output: SweepOutput,
): string {
  const given = limitsText(limits);
  const window = output.plan.scenario.window;
  if (!chosen) {
    // Closest: fewest limits broken, then the smallest relative overshoot.
    const overshoot = (r: TtlRow): number =>
      r.violations.reduce(
        (sum, v) => sum + (v.bound - v.limit) / Math.max(Math.abs(v.limit), 1e-9),
        0,
      );
    const closest = [...rows].sort(
      (a, b) =>
        a.violations.length - b.violations.length || overshoot(a) - overshoot(b) || b.ttl - a.ttl,
    )[0];
    const broken = closest ? listText(closest.violations.map(violationText)) : "";
    const scenario = output.plan.scenario;
    const brokenKeys = new Set(closest?.violations.map((v) => v.key));
    const remedies = [
      ...(scenario.dns.healthCheck === undefined &&
      (brokenKeys.has("drain") || brokenKeys.has("failedVisits"))
        ? ["health-checked DNS (dns.healthCheck) withdraws a dead address"]
        : []),
      ...(brokenKeys.has("failedVisits") &&
      (scenario.clients.selection === "first" || scenario.clients.selection === "random")
        ? ["failover clients (clients.selection: failover) turn failed connections into delays"]
        : []),
    ];
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
      ? `a failed server was still drawing traffic when its outage ended in some runs (time to drain at least ${fmtSummary(m.drain)} s)`
      : `a failed server stops drawing traffic after ${fmtSummary(m.drain)} s`;
  const state =
    `At ${ttlText(chosen.ttl)}, in means with 95% confidence intervals in brackets, the authoritative server answers ${fmtSummary(m.qps)} queries/s, ` +
    `the busiest server carries on average ${fmtSummary(m.imbalance)} times the mean load per ${window} s window, ` +
    `${fmtSummary(m.failedVisits)} visits fail over the run, and ${drain}.`;
  const longer = rows.find((r) => r.ttl > chosen.ttl);
  const next = longer
    ? ` The next longer TTL tried, ${ttlText(longer.ttl)}, breaks ${longer.violations.length === 1 ? "the limit" : "the limits"} on ${listText(longer.violations.map(violationText))}.`
    : " It is the longest TTL tried; longer ones were not simulated.";
  const pareto = chosen.pareto
    ? " It is Pareto-efficient: no other TTL tried is better on one measure without being worse on another."
    : " It is not Pareto-efficient (another TTL is at least as good on every measure's mean and better on one), but the rule puts DNS cost first among TTLs that meet the limits.";
  if (given === "") {
    return (
      `You gave no limits, so every TTL qualifies and the rule picks the largest, ${ttlText(chosen.ttl)}, the lowest DNS cost. ` +
      state +
      pareto +
      " Give --max-drain, --max-qps, --max-imbalance or --max-failed-visits to say what you need, and the advisor will pick the longest TTL that meets them."
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

function ttlText(ttl: number): string {
  return ttl >= 60 ? `${fmt(ttl)} s (${humanSeconds(ttl)})` : `${fmt(ttl)} s`;
}

function violationText(v: Violation): string {
  const t = TRADE_OFFS.find((x) => x.key === v.key)!;
  if (v.censored) {
    return `${t.label} (a failed server was still drawing traffic when its outage ended, after ${fmt(v.bound)} s, so ≤ ${fmt(v.limit)} s cannot be confirmed)`;
  }
  return `${t.label} (upper bound ${fmt(v.bound)} > ${fmt(v.limit)})`;
}

/** `a`, `a and b`, `a, b and c`. */
function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
