/*
 * Statistics of replicated runs: a sample of one metric over seeds, summarised
 * as mean, sd and a Student-t 95% confidence interval. Shared by
 * `rrdns run --replications` and sweeps.
 */
import { mean, sampleStandardDeviation } from "simple-statistics";
import { tidy } from "../metrics/index.js";

/** A sample of one metric over replications, summarised. */
export interface Summary {
  /** Replications that produced a value (missing ones are left out). */
  readonly n: number;
  readonly mean: number | null;
  /** Sample standard deviation (n - 1 in the denominator); null below two values. */
  readonly sd: number | null;
  /** 95% confidence interval of the mean, Student t with n - 1 degrees of freedom. */
  readonly ci95Low: number | null;
  readonly ci95High: number | null;
}

/**
 * Mean, standard deviation and t-based 95% confidence interval of the
 * non-missing values. Replications are independent (distinct seeds), so the
 * interval is mean ± t(0.975, n-1)·sd/√n.
 */
export function summarizeSample(
  values: readonly (number | null)[],
  /**
   * The metric's range (an imbalance is at least 1, a ratio in [0, 1]): the
   * interval is cut to it, since a t interval on few skewed values can reach
   * past it ([-1.9, 4.7] for a metric that is at least 1), and no mean outside it is plausible.
   */
  range: readonly [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
): Summary {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, ci95Low: null, ci95High: null };
  const m = mean(xs);
  if (n === 1) return { n, mean: tidy(m), sd: null, ci95Low: null, ci95High: null };
  const sd = sampleStandardDeviation(xs);
  const half = (tCritical95(n - 1) * sd) / Math.sqrt(n);
  const low = Math.max(range[0], m - half);
  const high = Math.min(range[1], m + half);
  return { n, mean: tidy(m), sd: tidy(sd), ci95Low: tidy(low), ci95High: tidy(high) };
}

/** The value a limit is checked against: the CI's upper bound, or the lone value when n = 1. */
export function upperBound(s: Summary): number | null {
  return s.ci95High ?? s.mean;
}

/**
 * Two-sided 95% critical values of Student's t distribution, t(0.975, df).
 * simple-statistics has no t quantile, and a table is all confidence
 * intervals need. Values from any statistics table (checked against scipy's
 * t.ppf to 9 decimals).
 */
const BY_DF: readonly number[] = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252,
  2.306004135, 2.262157163, 2.228138852, 2.20098516, 2.17881283, 2.160368656, 2.144786688,
  2.131449546, 2.119905299, 2.109815578, 2.10092204, 2.093024054, 2.085963447, 2.079613845,
  2.073873068, 2.06865761, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142,
  2.045229642, 2.042272456,
];

/** Anchors beyond df 30; df = Infinity is the normal quantile. */
const TAIL: readonly (readonly [df: number, t: number])[] = [
  [30, 2.042272456],
  [40, 2.02107539],
  [60, 2.000297822],
  [120, 1.979930405],
  [Number.POSITIVE_INFINITY, 1.959963985],
];

/**
 * t(0.975, df) for df >= 1: exact from the table up to 30, then linear in
 * 1/df between 30, 40, 60, 120 and infinity (the usual table interpolation,
 * within 1e-4 of the exact quantile). Fractional df are rounded down, which
 * errs towards wider intervals.
 */
export function tCritical95(df: number): number {
  if (!(df >= 1)) throw new RangeError(`tCritical95: degrees of freedom must be >= 1, got ${df}`);
  const whole = Math.floor(df);
  if (whole <= BY_DF.length) return BY_DF[whole - 1]!;
  for (let i = 1; i < TAIL.length; i++) {
    const [hiDf, hiT] = TAIL[i]!;
    if (whole > hiDf) continue;
    const [loDf, loT] = TAIL[i - 1]!;
    if (whole === hiDf) return hiT;
    const x = 1 / whole;
    const x0 = 1 / loDf;
    const x1 = 1 / hiDf; // 0 for infinity
    return loT + ((x - x0) / (x1 - x0)) * (hiT - loT);
  }
  return TAIL[TAIL.length - 1]![1];
}
