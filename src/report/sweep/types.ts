/**
 * What sweep presentation reads, as plain data. The study layer's outputs
 * (sweep.json, the TTL advice, replicated runs) have these shapes (its types
 * extend these, narrowed), so the CLI hands them over as they are; the
 * report never imports sweep state.
 */
import type { SweepChartValue } from "../specs/sweep-types.js";

/** A value a swept field takes: a number, a word or a flag. */
export type SweepValueData = SweepChartValue;

/** Mean, sd and 95% CI of one metric over replications. */
export interface SummaryData {
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly ci95Low: number | null;
  readonly ci95High: number | null;
}

export interface MetricData {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly better: string;
  readonly doc: string;
}

export interface SweepPointData {
  readonly point: number;
  /** Parameter path -> value at this point. */
  readonly parameters: Readonly<Record<string, SweepValueData>>;
  /** Metric id -> mean, sd, 95% CI over the replications. */
  readonly summary: Readonly<Record<string, SummaryData>>;
}

/** A finished sweep (sweep.json). */
export interface SweepData {
  readonly version: string;
  readonly scenario: string;
  readonly description: string;
  readonly seed: number;
  /** Simulated seconds per run. */
  readonly duration: number;
  readonly replications: number;
  readonly seeds: readonly number[];
  readonly parameters: readonly {
    readonly path: string;
    readonly values: readonly SweepValueData[];
  }[];
  readonly metrics: readonly MetricData[];
  readonly points: readonly SweepPointData[];
}

export interface ViolationData {
  readonly key: string;
  /** The CI upper bound (or lone value) that broke the limit. */
  readonly bound: number;
  readonly limit: number;
  /** Drain only: some run's failed server never drained, so the time is a lower bound. */
  readonly censored: boolean;
}

export interface TtlRowData {
  readonly ttl: number;
  readonly metrics: Readonly<Record<string, SummaryData>>;
  /** Failures still drawing traffic when they ended (drain censored), per run. */
  readonly undrained: SummaryData;
  /** Pareto-efficient on the objectives (TtlAdviceData.objectives). */
  readonly pareto: boolean;
  /** When not efficient: the longest TTL that is at least as good on every objective and better on one. */
  readonly dominatedBy: number | null;
  readonly violations: readonly ViolationData[];
  readonly meetsLimits: boolean;
}

export interface TradeOffMeasureData {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly flag: string;
  readonly limit: number | undefined;
}

/** The TTL advisor's decisions; the words for them are made here, in the report. */
export interface TtlAdviceData {
  /** By TTL, shortest first. */
  readonly rows: readonly TtlRowData[];
  /** The measures shown, in table order: the core ones and any other with a limit (drain included even where it does not apply). */
  readonly measures: readonly TradeOffMeasureData[];
  /** Every measure, shown or not (for naming the objectives). */
  readonly allMeasures: readonly TradeOffMeasureData[];
  /**
   * What Pareto efficiency is judged on: the DNS cost (qps) and every measure
   * with a limit; with no limits, the core measures.
   */
  readonly objectives: readonly string[];
  /** False when no run had a server failure: drain time does not apply. */
  readonly drainApplicable: boolean;
  readonly recommendedTtl: number | null;
  /** When no TTL meets the limits: the one that comes closest (fewest, then smallest overshoots). */
  readonly closest: TtlRowData | null;
  /** When no TTL meets the limits: setup changes that address what the closest breaks. */
  readonly remedies: readonly ("health-check" | "failover-clients")[];
  readonly caveats: readonly string[];
  /** Balance window of the scenario, seconds (the imbalance measure is per window). */
  readonly window: number;
}

/** `rrdns run --replications N`: every key metric's values and summary. */
export interface ReplicationsData {
  readonly replications: number;
  readonly seeds: readonly number[];
  readonly metrics: readonly {
    readonly id: string;
    readonly label: string;
    readonly unit: string;
    readonly values: readonly (number | null)[];
    readonly summary: SummaryData;
  }[];
}
