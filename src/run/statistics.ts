/*
 * Statistics of replicated runs: a sample of one metric over seeds, summarised
 * as mean, sd and a 95% confidence interval. Shared by `rrdns run
 * --replications`, sweeps, the TTL advisor and the capacity planner, so every
 * interval in every output is made here, by one method (docs/guides/studies.md, "Statistics"):
 *
 * - a plain metric: mean ± t(0.975, n−1)·sd/√n, cut to the metric's range;
 * - a quantile read from a log-bucket histogram: that interval widened by the
 *   mean half-width of the buckets the values were read from, since a bucket
 *   midpoint can be off by up to half its bucket in every replication alike
 *   (the error does not average out), so the interval is never narrower than
 *   the histogram's resolution;
 * - a share (events / trials per replication): a Wilson score interval, which
 *   lies in [0, 1] by construction, on the effective size p̄(1−p̄)/(sd²/n)
 *   shrunk by (z/t(n−1))² (Korn and Graubard's effective sample size, so the
 *   interval is as wide as the t interval near p̄ = ½ and skews away from 0
 *   and 1 as the binomial does); when every replication gave the same share
 *   (0 failures in each, say) the spread says nothing, and the Wilson
 *   interval of the pooled trials is used: 0 failures in 10⁴ requests is
 *   [0, 3.8·10⁻⁴], never [0, 0].
 *
 * - a count of events per run: the t interval from 0 up; when every
 *   replication counted the same, the Poisson score interval of the pooled
 *   count (per run), the count's own sampling error.
 *
 * Coverage of each method is checked by simulation in
 * test/unit/run/statistics.interval-coverage.test.ts.
 */
import { mean, sampleStandardDeviation } from "simple-statistics";
import { type LogBuckets, tidy } from "../metrics/index.js";

/** A sample of one metric over replications, summarised. */
export interface Summary {
  /** Replications that produced a value (missing ones are left out). */
  readonly n: number;
  readonly mean: number | null;
  /** Sample standard deviation (n - 1 in the denominator); null below two values. */
  readonly sd: number | null;
  /** 95% confidence interval of the mean (method: see IntervalMethod); null below two values. */
  readonly ci95Low: number | null;
  readonly ci95High: number | null;
}

/** What kind of number a sample holds, which decides its interval. */
export type IntervalMethod =
  /** Any metric: the t interval, cut to [low, high] when the metric has a known range. */
  | { readonly kind: "mean"; readonly low?: number; readonly high?: number }
  /** Quantiles read as bucket midpoints of `buckets`: the t interval plus the bucket half-width. */
  | { readonly kind: "quantile"; readonly buckets: LogBuckets }
  /**
   * Counts of events per run (failed visits): the t interval from 0 up; when
   * every replication counted the same, the Poisson score interval of the
   * pooled count, per run (0 in each of 5 runs: [0, 0.77], not [0, 0]).
   */
  | { readonly kind: "count" }
  /**
   * Shares in [0, 1]; `trials` (one per value, same order; null where unknown)
   * are what each share is a fraction of. Without them only the
   * between-replication interval is made (still within [0, 1]).
   */
  | { readonly kind: "share"; readonly trials?: readonly (number | null)[] };

const PLAIN: IntervalMethod = { kind: "mean" };
/** z(0.975): the normal quantile of the pooled-binomial Wilson interval. */
const Z95 = 1.959963985;

/**
 * Mean, standard deviation and 95% confidence interval of the non-missing
 * values, replications being independent (distinct seeds). The method
 * depends on what the values are (see the file comment and IntervalMethod);
 * the default is the plain Student-t interval mean ± t(0.975, n-1)·sd/√n.
 */
export function summarizeSample(
  values: readonly (number | null)[],
  method: IntervalMethod = PLAIN,
): Summary {
  const kept: number[] = [];
  const xs: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && Number.isFinite(v)) {
      xs.push(v);
      kept.push(i);
    }
  });
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, ci95Low: null, ci95High: null };
  const m = mean(xs);
  if (n === 1) return { n, mean: tidy(m), sd: null, ci95Low: null, ci95High: null };
  const sd = sampleStandardDeviation(xs);
  const [low, high] = interval(xs, kept, m, sd, method);
  // Never exclude the mean (rounding at the range's edge could otherwise).
  return {
    n,
    mean: tidy(m),
    sd: tidy(sd),
    ci95Low: tidy(Math.min(low, m)),
    ci95High: tidy(Math.max(high, m)),
  };
}

function interval(
  xs: readonly number[],
  kept: readonly number[],
  m: number,
  sd: number,
  method: IntervalMethod,
): [number, number] {
  const n = xs.length;
  const t = tCritical95(n - 1);
  const half = (t * sd) / Math.sqrt(n);
  switch (method.kind) {
    case "mean":
      return [
        Math.max(m - half, method.low ?? Number.NEGATIVE_INFINITY),
        Math.min(m + half, method.high ?? Number.POSITIVE_INFINITY),
      ];
    case "quantile": {
      const bucket = xs.reduce((sum, x) => sum + method.buckets.halfWidth(x), 0) / n;
      return [Math.max(0, m - half - bucket), m + half + bucket];
    }
    case "count":
      return sd > 0 ? [Math.max(0, m - half), m + half] : poissonScore(m * n, n);
    case "share":
      return shareInterval(xs, kept, m, sd, t, method.trials);
  }
}

function shareInterval(
  xs: readonly number[],
  kept: readonly number[],
  m: number,
  sd: number,
  t: number,
  trials: readonly (number | null)[] | undefined,
): [number, number] {
  const n = xs.length;
  const p = Math.min(1, Math.max(0, m));
  // Between replications: the size at which a binomial share would vary as
  // these do, shrunk by (z/t)² so that a Wilson interval with z is as wide as
  // a t interval would be (the Korn–Graubard effective size).
  const variance = (sd * sd) / n;
  const size =
    variance > 0 && p > 0 && p < 1
      ? ((p * (1 - p)) / variance) * (Z95 / t) ** 2
      : Number.POSITIVE_INFINITY;
  if (Number.isFinite(size)) return wilson(p, size, Z95);
  // Every replication gave the same share (0 failures in each, say): the
  // spread says nothing, and the binomial error of the pooled trials is the
  // only sampling error left, so 0 of 10⁴ is [0, 3.8·10⁻⁴], not [0, 0].
  let pooled = 0;
  for (const i of kept) pooled += trials?.[i] ?? 0;
  return pooled > 0 ? wilson(p, pooled, Z95) : [p, p];
}

/** Score interval of a Poisson mean from `total` events in `runs` runs, per run. */
function poissonScore(total: number, runs: number): [number, number] {
  const z2 = Z95 * Z95;
  const half = Z95 * Math.sqrt(total + z2 / 4);
  return [Math.max(0, (total + z2 / 2 - half) / runs), (total + z2 / 2 + half) / runs];
}

/** Wilson score interval of a share p observed on `size` trials, critical value c. */
export function wilson(p: number, size: number, c: number): [number, number] {
  const c2 = (c * c) / size;
  const centre = (p + c2 / 2) / (1 + c2);
  const half = (c * Math.sqrt((p * (1 - p)) / size + c2 / (4 * size))) / (1 + c2);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
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
