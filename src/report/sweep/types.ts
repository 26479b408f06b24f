/**
 * What sweep presentation reads, as plain data. The sweep layer's outputs
 * (sweep.json, the TTL advice, replicated runs) have these shapes, so the CLI
 * hands them over as they are; the report never imports sweep state.
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
  readonly parameters: Readonly<Record<string, SweepValueData>>;
  readonly summary: Readonly<Record<string, SummaryData>>;
}

/** A finished sweep (sweep.json). */
export interface SweepData {
  readonly version: string;
  readonly scenario: string;
  readonly description: string;
  readonly seed: number;
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
  readonly bound: number;
  readonly limit: number;
  readonly censored: boolean;
}

export interface TtlRowData {
  readonly ttl: number;
  readonly metrics: Readonly<Record<string, SummaryData>>;
  readonly undrained: SummaryData;
  readonly pareto: boolean;
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
  readonly rows: readonly TtlRowData[];
  readonly measures: readonly TradeOffMeasureData[];
  /** Every measure, shown or not (for naming the objectives). */
  readonly allMeasures: readonly TradeOffMeasureData[];
  readonly objectives: readonly string[];
  readonly drainApplicable: boolean;
  readonly recommendedTtl: number | null;
  readonly closest: TtlRowData | null;
  readonly remedies: readonly ("health-check" | "failover-clients")[];
  readonly caveats: readonly string[];
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
