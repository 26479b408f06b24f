/**
 * What the sweep charts draw, as plain data. The sweep layer builds these
 * from its outputs (report never imports sweep: data flows one way).
 */
export type SweepChartValue = number | string | boolean;

/** Mean and 95% confidence interval of one metric at one point. */
export interface SweepChartSummary {
  readonly n: number;
  readonly mean: number | null;
  readonly ci95Low: number | null;
  readonly ci95High: number | null;
}

export interface SweepChartMetric {
  readonly id: string;
  readonly label: string;
  /** Axis title: label and unit. */
  readonly heading: string;
  readonly better: "lower" | "higher" | string;
  readonly doc: string;
}

export interface SweepChartData {
  readonly scenario: string;
  readonly replications: number;
  readonly parameters: readonly {
    readonly path: string;
    readonly values: readonly SweepChartValue[];
  }[];
  readonly metrics: readonly SweepChartMetric[];
  readonly points: readonly {
    readonly parameters: Readonly<Record<string, SweepChartValue>>;
    readonly summary: Readonly<Record<string, SweepChartSummary>>;
  }[];
}

/** One panel of the TTL trade-off chart. */
export interface TtlChartMeasure {
  readonly key: string;
  readonly heading: string;
  /** The user's limit, drawn as a dashed line. */
  readonly limit: number | undefined;
}

export interface TtlChartData {
  readonly scenario: string;
  readonly replications: number;
  readonly measures: readonly TtlChartMeasure[];
  readonly rows: readonly {
    readonly ttl: number;
    readonly metrics: Readonly<Record<string, SweepChartSummary>>;
    readonly pareto: boolean;
    readonly meetsLimits: boolean;
    /** Measures (by key) whose value at this TTL is only a lower bound (a drain still under way at the outage's end). */
    readonly lowerBounds?: readonly string[];
  }[];
  readonly recommendedTtl: number | null;
}
