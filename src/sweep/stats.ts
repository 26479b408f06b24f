import { mean, sampleStandardDeviation } from "simple-statistics";
import { tCritical95 } from "./t-table.js";

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

/** Rounds to 9 significant digits, like results.json, so outputs are stable and readable. */
export function tidy(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(9));
}

/**
 * Mean, standard deviation and t-based 95% confidence interval of the
 * non-missing values. Replications are independent (distinct seeds), so the
 * interval is mean ± t(0.975, n-1)·sd/√n.
 */
export function summarizeSample(values: readonly (number | null)[]): Summary {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, ci95Low: null, ci95High: null };
  const m = mean(xs);
  if (n === 1) return { n, mean: tidy(m), sd: null, ci95Low: null, ci95High: null };
  const sd = sampleStandardDeviation(xs);
  const half = (tCritical95(n - 1) * sd) / Math.sqrt(n);
  return { n, mean: tidy(m), sd: tidy(sd), ci95Low: tidy(m - half), ci95High: tidy(m + half) };
}

/** The value a limit is checked against: the CI's upper bound, or the lone value when n = 1. */
export function upperBound(s: Summary): number | null {
  return s.ci95High ?? s.mean;
}
