import type {
  TradeOffMeasureData,
  TtlAdviceData,
  TtlRowData,
  ViolationData,
} from "../report/index.js";
import { metricById, type Summary, summarizeSample, upperBound } from "../run/index.js";
import type { SweepOutput } from "./output.js";
import { paretoEfficient } from "./pareto.js";
import { limitVerdict } from "./sequential.js";

/** The planner's limits; each is checked against a metric's 95% CI upper bound. */
export interface TtlLimits {
  /** Seconds for a dead server's address to drain. */
  readonly maxDrain?: number;
  /** Authoritative queries per second. */
  readonly maxQps?: number;
  /** Busiest server over mean, per window. */
  readonly maxImbalance?: number;
  /** Failed visits over visits. */
  readonly maxFailedShare?: number;
  /** Failed visits per hour of measured time. */
  readonly maxFailedPerHour?: number;
  /** Mean seconds a visit loses to connect timeouts. */
  readonly maxDelayMean?: number;
  /** 99th percentile of the seconds a visit loses to connect timeouts. */
  readonly maxDelayP99?: number;
  /**
   * Deprecated: failed visits over the whole run, a count that grows with
   * --duration. Kept so old commands still run; use maxFailedShare or
   * maxFailedPerHour.
   */
  readonly maxFailedVisits?: number;
}

/**
 * The trade-off measures, all to be minimised. Each is a sweep metric and
 * goes by that metric's label and unit everywhere (one name per metric).
 * `core` ones are always shown; the others only when a limit is given.
 */
export const TRADE_OFFS = [
  { key: "qps", id: "dns.authoritativeQps", limit: "maxQps", flag: "--max-qps", core: true },
  {
    key: "imbalance",
    id: "balance.window.maxOverMean",
    limit: "maxImbalance",
    flag: "--max-imbalance",
    core: true,
  },
  {
    key: "failedShare",
    id: "totals.failedVisitShare",
    limit: "maxFailedShare",
    flag: "--max-failed-share",
    core: true,
  },
  {
    key: "failedPerHour",
    id: "totals.failedVisitsPerHour",
    limit: "maxFailedPerHour",
    flag: "--max-failed-per-hour",
    core: false,
  },
  {
    key: "failedVisits",
    id: "totals.failedVisits",
    limit: "maxFailedVisits",
    flag: "--max-failed-visits",
    core: false,
  },
  {
    key: "delayMean",
    id: "delay.meanSeconds",
    limit: "maxDelayMean",
    flag: "--max-delay-mean",
    core: false,
  },
  {
    key: "delayP99",
    id: "delay.p99Seconds",
    limit: "maxDelayP99",
    flag: "--max-delay-p99",
    core: true,
  },
  { key: "drain", id: "failures.drainSeconds", limit: "maxDrain", flag: "--max-drain", core: true },
] as const;

export type TradeOffKey = (typeof TRADE_OFFS)[number]["key"];

/*
 * The advice's types extend what the report reads (report/sweep/types.ts),
 * narrowed to the study's keys and summaries: the fields are defined once.
 */

/** A trade-off measure as tables, charts and prose show it: its metric's label and unit, and the limit. */
export interface TradeOffMeasure extends TradeOffMeasureData {
  readonly key: TradeOffKey;
  readonly id: string;
  /** Shown in every table; the others only when a limit is given. */
  readonly core: boolean;
}

export interface Violation extends ViolationData {
  readonly key: TradeOffKey;
}

export interface TtlRow extends TtlRowData {
  readonly point: number;
  readonly metrics: Readonly<Record<TradeOffKey, Summary>>;
  readonly undrained: Summary;
  readonly violations: readonly Violation[];
}

/** Something the reader must know to trust the table; worded by the report. */
export type TtlCaveat =
  | "no-failure"
  | "no-failure-drain-ignored"
  | "one-replication"
  | "drain-censored"
  | "never-drained-without-health-check"
  | "never-drained"
  | "failed-visits-count";

/** A change of setup (not of TTL) that would help with the limits broken. */
export type TtlRemedy = "health-check" | "failover-clients";

export interface TtlAdvice extends TtlAdviceData {
  readonly rows: readonly TtlRow[];
  readonly limits: TtlLimits;
  readonly measures: readonly TradeOffMeasure[];
  readonly allMeasures: readonly TradeOffMeasure[];
  readonly objectives: readonly TradeOffKey[];
  readonly closest: TtlRow | null;
  readonly remedies: readonly TtlRemedy[];
  readonly caveats: readonly TtlCaveat[];
}

/**
 * The TTL advisor. Marks the Pareto-efficient TTLs (minimising the stated
 * objectives by their means) and recommends, by a rule a planner can check:
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
  if (!drainApplicable) {
    caveats.push(limits.maxDrain !== undefined ? "no-failure-drain-ignored" : "no-failure");
  }
  if (output.replications < 2) caveats.push("one-replication");
  if (limits.maxFailedVisits !== undefined) caveats.push("failed-visits-count");

  const base = output.points
    .map((p) => {
      const metrics = Object.fromEntries(
        TRADE_OFFS.map((t) => [t.key, p.summary[t.id]!]),
      ) as Record<TradeOffKey, Summary>;
      const undrained = p.summary["failures.undrained"]!;
      return {
        ttl: Number(p.parameters["dns.ttl"]),
        point: p.point,
        metrics,
        undrained,
        violations: violationsOf(metrics, undrained, limits),
      };
    })
    .sort((a, b) => a.ttl - b.ttl);
  const objectives = objectiveKeys(limits);
  const means = base.map((r) => objectives.map((k) => r.metrics[k].mean));
  const pareto = paretoEfficient(means);
  const rows: TtlRow[] = base.map((r, i) => ({
    ...r,
    pareto: pareto[i]!,
    dominatedBy: pareto[i] ? null : dominatorTtl(means, i, base),
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
  const allMeasures = TRADE_OFFS.map((t) => {
    const metric = metricById(t.id);
    return {
      key: t.key,
      id: t.id,
      label: metric.label,
      unit: metric.unit,
      flag: t.flag,
      core: t.core,
      limit: limits[t.limit],
    };
  });
  const meeting = rows.filter((r) => r.meetsLimits);
  const chosen = meeting[meeting.length - 1];
  const closest = chosen ? null : closestRow(rows);
  const broken = new Set(closest?.violations.map((v) => v.key));
  const remedies: TtlRemedy[] = [];
  if (closest) {
    const failed =
      broken.has("failedVisits") || broken.has("failedShare") || broken.has("failedPerHour");
    const delayed = broken.has("delayMean") || broken.has("delayP99");
    if (scenario.dns.healthCheck === undefined && (broken.has("drain") || failed || delayed))
      remedies.push("health-check");
    const selection = scenario.clients.selection;
    if (failed && (selection === "first" || selection === "random"))
      remedies.push("failover-clients");
  }
  return {
    rows,
    limits,
    measures: allMeasures.filter((t) => t.core || t.limit !== undefined),
    allMeasures,
    objectives,
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

/** The measures a limit was given for, each against its CI upper bound. */
function violationsOf(
  metrics: Readonly<Record<TradeOffKey, Summary>>,
  undrained: Summary,
  limits: TtlLimits,
): Violation[] {
  const violations: Violation[] = [];
  for (const t of TRADE_OFFS) {
    const limit = limits[t.limit];
    if (limit === undefined) continue;
    const bound = upperBound(metrics[t.key]);
    // A failure that never drained has an unknown drain time, at least its outage: a
    // drain limit cannot be confirmed then, whatever the censored number says.
    const censored = t.key === "drain" && (undrained.mean ?? 0) > 0;
    if (bound !== null && (bound > limit || censored)) {
      violations.push({ key: t.key, bound, limit, censored });
    }
  }
  return violations;
}

/** DNS cost and every limited measure; with no limits, the core measures. */
export function objectiveKeys(limits: TtlLimits): TradeOffKey[] {
  const limited = TRADE_OFFS.filter((t) => limits[t.limit] !== undefined).map((t) => t.key);
  if (limited.length === 0) return TRADE_OFFS.filter((t) => t.core).map((t) => t.key);
  return limited.includes("qps") ? limited : ["qps", ...limited];
}

/** The longest TTL whose objective means dominate row i's (Pareto's columns: see paretoEfficient). */
function dominatorTtl(
  means: readonly (readonly (number | null)[])[],
  i: number,
  rows: readonly { readonly ttl: number }[],
): number | null {
  let best: number | null = null;
  for (let j = 0; j < means.length; j++) {
    if (j === i) continue;
    // Row i is dominated by j when j alone is compared with it and wins.
    const pair = paretoEfficient([means[i]!, means[j]!]);
    if (!pair[0]) best = Math.max(best ?? rows[j]!.ttl, rows[j]!.ttl);
  }
  return best;
}

/**
 * Sequential stopping for the TTL sweep: whether the first replications of a
 * point (in seed order) already decide every limit given, each 95% CI clear
 * of its limit (or the drain censored, which breaks it whatever more runs
 * say). With no limits there is nothing to decide.
 */
export function ttlPointDecided(
  values: readonly Readonly<Record<string, number | null>>[],
  limits: TtlLimits,
): boolean {
  for (const t of TRADE_OFFS) {
    const limit = limits[t.limit];
    if (limit === undefined) continue;
    const s = summarizeSample(values.map((v) => v[t.id] ?? null));
    if (s.n === 0) continue; // does not apply (drain without a failure)
    if (t.key === "drain") {
      const undrained = summarizeSample(values.map((v) => v["failures.undrained"] ?? null));
      if ((undrained.mean ?? 0) > 0) continue;
    }
    if (limitVerdict(s, limit) === "open") return false;
  }
  return true;
}
