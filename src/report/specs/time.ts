import type { Results } from "../../metrics/index.js";
import { duration, round4 } from "./format.js";

/**
 * The time axis of the time-series charts and the downsampling behind it.
 *
 * A week at 60 s bins is 10,080 bins per series; drawing each one costs time
 * and file size, and on a 520 px plot turns a line into a smear. So
 * consecutive bins are merged into points, at most MAX_POINTS per series
 * (about 1.5 per pixel; fewer when there are many series, to bound the
 * total), counts summed and turned into rates over the seconds the point
 * covers, so a point is the mean rate over its span and a one-bin spike is
 * diluted. The x axis title says when a point merges several bins.
 */
export const MAX_POINTS = 800;
/** Total points across all series of one chart. */
const MAX_TOTAL_POINTS = 24_000;
const MIN_POINTS = 200;

export type TimeUnit = "s" | "min" | "h" | "d";

const UNIT_SECONDS: Readonly<Record<TimeUnit, number>> = { s: 1, min: 60, h: 3600, d: 86400 };

/** A run of consecutive bins drawn as one point. */
export interface Point {
  /** First bin index. */
  readonly first: number;
  /** One past the last bin index. */
  readonly end: number;
  /** Start of the point, in the axis unit. */
  readonly t: number;
  /**
   * Measured seconds the point covers: the first bins may lie (partly) in the
   * warm-up, the last may be cut short by the end of the run.
   */
  readonly seconds: number;
}

export interface TimeAxis {
  readonly unit: TimeUnit;
  /** Seconds per axis unit. */
  readonly divisor: number;
  readonly points: readonly Point[];
  readonly binsPerPoint: number;
  /** End of the run, in the axis unit. */
  readonly end: number;
  /** The x encoding for field `t`, titled with its unit. */
  readonly x: Record<string, unknown>;
}

/** The unit that keeps tick labels short for a run of this length. */
export function timeUnitFor(seconds: number): TimeUnit {
  if (seconds <= 1200) return "s";
  if (seconds <= 6 * 3600) return "min";
  if (seconds <= 14 * 86400) return "h";
  return "d";
}

/** How many points a chart with `series` lines may draw per line. */
export function pointBudget(series: number): number {
  return Math.max(MIN_POINTS, Math.min(MAX_POINTS, Math.floor(MAX_TOTAL_POINTS / series)));
}

export function timeAxis(r: Results, series = 1): TimeAxis {
  const ts = r.timeseries;
  const bins = ts.start.length;
  const unit = timeUnitFor(r.duration);
  const divisor = UNIT_SECONDS[unit];
  const binsPerPoint = Math.max(1, Math.ceil(bins / pointBudget(series)));
  const points: Point[] = [];
  for (let first = 0; first < bins; first += binsPerPoint) {
    const end = Math.min(bins, first + binsPerPoint);
    const from = ts.start[first]!;
    const to = Math.min(r.duration, ts.start[end - 1]! + ts.binSeconds);
    // Rates are over the measured seconds: nothing is counted before the warm-up ends.
    const measured = to - Math.max(from, r.warmup);
    points.push({ first, end, t: round4(from / divisor), seconds: Math.max(0, measured) });
  }
  const every = binsPerPoint > 1 ? `, one point per ${duration(binsPerPoint * ts.binSeconds)}` : "";
  const end = round4(r.duration / divisor);
  return {
    unit,
    divisor,
    points,
    binsPerPoint,
    end,
    x: {
      field: "t",
      type: "quantitative",
      title: `time (${unit})${every}`,
      scale: { domain: [0, end], nice: false, zero: false },
      axis: { grid: false, tickCount: 8 },
    },
  };
}

/** Per point: the series summed over its bins, per second. */
export function ratePerSecond(axis: TimeAxis, series: readonly number[]): number[] {
  return axis.points.map((p) => {
    let sum = 0;
    for (let b = p.first; b < p.end; b++) sum += series[b] ?? 0;
    return p.seconds > 0 ? round4(sum / p.seconds) : 0;
  });
}

/** Per point: sum(numerator) / sum(denominator), or null where the denominator is 0. */
export function ratio(
  axis: TimeAxis,
  numerator: readonly number[],
  denominator: readonly number[],
): (number | null)[] {
  return axis.points.map((p) => {
    let num = 0;
    let den = 0;
    for (let b = p.first; b < p.end; b++) {
      num += numerator[b] ?? 0;
      den += denominator[b] ?? 0;
    }
    return den > 0 ? round4(num / den) : null;
  });
}

/** Per point: the mean of the non-null values, or null if there are none. */
export function mean(axis: TimeAxis, series: readonly (number | null)[]): (number | null)[] {
  return axis.points.map((p) => {
    let sum = 0;
    let count = 0;
    for (let b = p.first; b < p.end; b++) {
      const v = series[b];
      if (v === null || v === undefined) continue;
      sum += v;
      count++;
    }
    return count > 0 ? round4(sum / count) : null;
  });
}

/**
 * The rows plus a copy of the last one at the end of the run. Lines are drawn
 * as steps from each point's start (config: step-after), which shows binned
 * counts as they are, with every jump exactly where a bin starts; the copy
 * draws the last bin's step through to the end.
 */
export function closeRows<T extends { readonly t: number }>(
  axis: TimeAxis,
  rows: readonly T[],
): T[] {
  const last = rows[rows.length - 1];
  return last === undefined || last.t >= axis.end ? [...rows] : [...rows, { ...last, t: axis.end }];
}
