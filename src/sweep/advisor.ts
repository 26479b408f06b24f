import { metricById, type Summary, upperBound } from "../run/index.js";
import type { SweepOutput } from "./output.js";
import { paretoEfficient } from "./pareto.js";

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

/**
 * The four trade-off measures, all to be minimised. Each is a sweep metric
 * and goes by that metric's label and unit everywhere (one name per metric).
 */
export const TRADE_OFFS = [
  { key: "qps", id: "dns.authoritativeQps", limit: "maxQps", flag: "--max-qps" },
  {
    key: "imbalance",
    id: "balance.window.maxOverMean",
    limit: "maxImbalance",
    flag: "--max-imbalance",
  },
  {
    key: "failedVisits",
    id: "totals.failedVisits",
    limit: "maxFailedVisits",
    flag: "--max-failed-visits",
  },
  { key: "drain", id: "failures.drainSeconds", limit: "maxDrain", flag: "--max-drain" },
] as const;

export type TradeOffKey = (typeof TRADE_OFFS)[number]["key"];

/** A trade-off measure as tables, charts and prose show it: its metric's label and unit, and the limit. */
export interface TradeOffMeasure {
  readonly key: TradeOffKey;
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly flag: string;
  readonly limit: number | undefined;
}

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

/** Something the reader must know to trust the table; worded by the report. */
export type TtlCaveat =
  | "no-failure"
  | "no-failure-drain-ignored"
  | "one-replication"
  | "drain-censored"
  | "never-drained-without-health-check"
  | "never-drained";

/** A change of setup (not of TTL) that would help with the limits broken. */
export type TtlRemedy = "health-check" | "failover-clients";

export interface TtlAdvice {
  /** By TTL, shortest first. */
  readonly rows: readonly TtlRow[];
  readonly limits: TtlLimits;
  /** The four measures in table order (drain included even where it does not apply). */
  readonly measures: readonly TradeOffMeasure[];
  /** False when no run had a server failure: drain time does not apply. */
  readonly drainApplicable: boolean;
  readonly recommendedTtl: number | null;
  /** When no TTL meets the limits: the one that comes closest (fewest, then smallest overshoots). */
  readonly closest: TtlRow | null;
  /** When no TTL meets the limits: setup changes that address what the closest breaks. */
  readonly remedies: readonly TtlRemedy[];
  readonly caveats: readonly TtlCaveat[];
  /** Balance window of the scenario, seconds (the imbalance measure is per window). */
  readonly window: number;
}

/**
 * The TTL advisor. Marks the Pareto-efficient TTLs (minimising all four
 * measures by their means) and recommends, by a rule a planner can check:
 * the largest TTL (the lowest DNS cost) whose 95% CI upper bounds meet
 * every limit given. With one replication the lone values are used. Pure;
 * the words are the report's (src/report/sweep/advisor-text.ts).
 */
export function adviseTtl(output: SweepOutput, limits: TtlLimits): TtlAdvice {
  const param = output.parameters[0];
  if (output.parameters.length !== 1 || param?.path !== "dns.ttl") {
    throw new Error("adviseTtl: expects a sweep over dns.ttl alone");
  }
  const scenario = output.plan.scenario;
  const drainApplicable = output.points.some(
    (p) => (p.summary["failures.drainSeconds"]?.n ?? 0) > 0,
  );
  const caveats: TtlCaveat[] = [];
  const active = TRADE_OFFS.filter((t) => limits[t.limit] !== undefined);
  if (!drainApplicable) {
    caveats.push(limits.maxDrain !== undefined ? "no-failure-drain-ignored" : "no-failure");
  }
  if (output.replications < 2) caveats.push("one-replication");

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
    caveats.push("drain-censored");
  }
  if (drainApplicable && rows.every((r) => (r.undrained.mean ?? 0) > 0)) {
    caveats.push(
      scenario.dns.healthCheck === undefined
        ? "never-drained-without-health-check"
        : "never-drained",
    );
  }
  const meeting = rows.filter((r) => r.meetsLimits);
  const chosen = meeting[meeting.length - 1];
  const closest = chosen ? null : closestRow(rows);
  const broken = new Set(closest?.violations.map((v) => v.key));
  const remedies: TtlRemedy[] = [];
  if (closest) {
    if (
      scenario.dns.healthCheck === undefined &&
      (broken.has("drain") || broken.has("failedVisits"))
    )
      remedies.push("health-check");
    const selection = scenario.clients.selection;
    if (broken.has("failedVisits") && (selection === "first" || selection === "random"))
      remedies.push("failover-clients");
  }
  return {
    rows,
    limits,
    measures: TRADE_OFFS.map((t) => {
      const metric = metricById(t.id);
      return {
        key: t.key,
        id: t.id,
        label: metric.label,
        unit: metric.unit,
        flag: t.flag,
        limit: limits[t.limit],
      };
    }),
    drainApplicable,
    recommendedTtl: chosen?.ttl ?? null,
    closest,
    remedies,
    caveats,
    window: scenario.window,
  };
}

/** Fewest limits broken, then the smallest relative overshoot, then the longest TTL. */
function closestRow(rows: readonly TtlRow[]): TtlRow | null {
  const overshoot = (r: TtlRow): number =>
    r.violations.reduce(
      (sum, v) => sum + (v.bound - v.limit) / Math.max(Math.abs(v.limit), 1e-9),
      0,
    );
  const sorted = [...rows].sort(
    (a, b) =>
      a.violations.length - b.violations.length || overshoot(a) - overshoot(b) || b.ttl - a.ttl,
  );
  return sorted[0] ?? null;
}
