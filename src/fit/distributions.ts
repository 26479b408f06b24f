import { durationCdf, meanCount, meanDuration } from "../model/index.js";
import {
  type CountDistribution,
  type DurationDistribution,
  MAX_EMPIRICAL_BINS,
} from "../scenario/index.js";
import {
  exponentialDuration,
  type Law,
  lognormalDuration,
  paretoDuration,
  truncatedLaw,
} from "./duration-laws.js";
import { hessian, nelderMead, standardErrors, Z95 } from "./optimize.js";
import type { Sample } from "./sample.js";

/**
 * Maximum-likelihood fits of the session model's distributions (contract 1
 * of the scenario schema): durations in seconds (exponential, lognormal,
 * Pareto) and counts (geometric, and lognormal or Pareto floored). The
 * likelihood respects the data's resolution: a duration logged to the
 * second, d, is the interval [d − ½, d + ½] (clipped at 0), so zero gaps
 * and ties cost nothing special; a count k of a floored continuous law is
 * P(k ≤ X < k + 1), with everything below the minimum count lumped at it.
 * The family with the lowest AIC is chosen; every candidate's AIC and
 * Kolmogorov–Smirnov distance are reported. 95% confidence intervals are the
 * asymptotic ones (inverse observed information), taken on the log scale of
 * each parameter, so they stay positive.
 */

export type FamilyName = "exponential" | "lognormal" | "pareto" | "geometric" | "empirical";

/** What the scenario gets: a number (fixed) or `{dist, ...params, max?}`. */
export type DistributionSpec =
  | number
  | Readonly<Record<string, number | string | readonly number[]>>;

export interface ParameterEstimate {
  readonly name: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface CandidateFit {
  readonly family: FamilyName;
  readonly params: readonly ParameterEstimate[];
  readonly logLikelihood: number;
  readonly aic: number;
  /** Kolmogorov–Smirnov distance between the empirical and fitted CDFs. */
  readonly ks: number;
  /** P(X ≤ x) of the fit at each of `FittedDistribution.values`. */
  readonly cdf: readonly number[];
}

export interface FittedDistribution {
  /** What was fitted, for the report ("pages per session"). */
  readonly label: string;
  readonly unit: string;
  readonly n: number;
  readonly mean: number;
  readonly max: number;
  /** The chosen law for the scenario (fixed when every observation is equal). */
  readonly spec: DistributionSpec;
  /** Undefined when the sample is constant (spec is then a number). */
  readonly chosen: FamilyName | undefined;
  readonly candidates: readonly CandidateFit[];
  /** Distinct observed values and the empirical CDF there, for charts. */
  readonly values: readonly number[];
  readonly empirical: readonly number[];
  /** The chosen law as the engine draws it, next to the log's sample. */
  readonly summary?: LawSummary;
  /** Goodness of fit of the chosen law (absent for a fixed law, and for an empirical count law, which is the data). */
  readonly goodness?: Goodness;
  /**
   * A duration whose best parametric law (lowest AIC) failed the KS test
   * (p < POOR_FIT_P): that law and its verdict; the smoothed empirical law
   * was chosen instead.
   */
  readonly rejected?: Goodness & { readonly family: FamilyName };
}

/** Mean, median and tail (95th percentile) of a law or a sample. */
export interface Moments {
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
}

export interface LawSummary {
  readonly log: Moments;
  readonly fitted: Moments;
}

/**
 * The chosen law's KS distance and its p-value (asymptotic Kolmogorov, with
 * Stephens' small-sample factor; the parameters were estimated from the same
 * data, so the p-value is if anything too high: a low one is a sure miss).
 * `poor` when p < POOR_FIT_P.
 */
export interface Goodness {
  readonly ks: number;
  readonly p: number;
  readonly poor: boolean;
}

/** Below this KS p-value the chosen law is reported as not fitting the log. */
export const POOR_FIT_P = 0.01;

/** P(D_n > d) for the Kolmogorov statistic: 2 Σ (−1)^(j−1) e^(−2j²λ²), λ = (√n + 0.12 + 0.11/√n)·d. */
export function ksPValue(d: number, n: number): number {
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += (j % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** The p-quantile of a law given by its CDF: the least x with law(x) ≥ p (integers for counts). */
function lawQuantile(law: Law, p: number, upper: number, integral: boolean): number {
  if (integral) {
    let k = 0;
    // Doubling then bisection over the integers: heavy count tails reach 10000.
    let hi = 1;
    while (law(hi) < p && hi < upper) hi *= 2;
    hi = Math.min(hi, upper);
    while (k < hi) {
      const mid = Math.floor((k + hi) / 2);
      if (law(mid) >= p) hi = mid;
      else k = mid + 1;
    }
    return k;
  }
  let lo = 0;
  let hi = upper;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (law(mid) >= p) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The chosen law's summary against the sample's, and its goodness of fit. */
function summarise(
  fit: LawFit,
  sample: Sample,
  mean: number,
  integral: boolean,
  /** No complete observation (every session cut): no test against the cut ones. */
  untestable = false,
): LawFit {
  if (fit.chosen === undefined) return fit;
  const upper = typeof fit.spec === "object" && "max" in fit.spec ? Number(fit.spec.max) : 1e6;
  const bound = Number.isFinite(upper) ? upper : 1e6;
  const summary: LawSummary = {
    log: { mean: sample.mean, median: sample.quantile(0.5), p95: sample.quantile(0.95) },
    fitted: {
      mean,
      median: lawQuantile(fit.law, 0.5, bound, integral),
      p95: lawQuantile(fit.law, 0.95, bound, integral),
    },
  };
  if (fit.chosen === "empirical" || untestable) return { ...fit, summary };
  const ks = fit.candidates.find((c) => c.family === fit.chosen)!.ks;
  const p = ksPValue(ks, sample.n);
  return { ...fit, summary, goodness: { ks, p, poor: p < POOR_FIT_P } };
}

interface Family {
  readonly name: FamilyName;
  /** Parameter names, and θ (unconstrained) → their values. */
  readonly names: readonly string[];
  readonly natural: (theta: readonly number[]) => number[];
  /** Starting θ from the sample. */
  readonly start: (values: readonly number[], counts: readonly number[]) => number[];
  /**
   * The law at θ: P(X ≤ x) for continuous laws, or P(count ≤ k) for count
   * laws. What depends on θ alone is computed once per θ (the likelihood
   * reads the law at every observation), to the same numbers.
   */
  readonly law: (theta: readonly number[]) => Law;
}

function logMoments(
  values: readonly number[],
  counts: readonly number[],
  shift: (v: number) => number,
) {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < values.length; i++) {
    const l = Math.log(shift(values[i]!));
    n += counts[i]!;
    s += counts[i]! * l;
    s2 += counts[i]! * l * l;
  }
  const mu = s / n;
  return { mu, sigma: Math.sqrt(Math.max(1e-6, s2 / n - mu * mu)) };
}

function weightedMean(values: readonly number[], counts: readonly number[]): number {
  let n = 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    n += counts[i]!;
    s += counts[i]! * values[i]!;
  }
  return s / n;
}

const lognormalLaw = (theta: readonly number[]): Law =>
  lognormalDuration(theta[0]!, Math.exp(theta[1]!));
const paretoLaw = (theta: readonly number[]): Law =>
  paretoDuration(Math.exp(theta[0]!), Math.exp(theta[1]!));

function paretoStart(xs: readonly number[], counts: readonly number[], min: number): number[] {
  let n = 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i]! < min) continue;
    n += counts[i]!;
    s += counts[i]! * Math.log(xs[i]! / min);
  }
  return [Math.log(n > 0 && s > 0 ? n / s : 1), Math.log(min)];
}

/** Duration laws; `half` is half the data's resolution (0.5 s for whole seconds). */
function durationFamilies(half: number): Family[] {
  const floor = half / 2;
  return [
    {
      name: "exponential",
      names: ["mean"],
      natural: (t) => [Math.exp(t[0]!)],
      start: (v, c) => [Math.log(Math.max(floor, weightedMean(v, c)))],
      law: (t) => exponentialDuration(Math.exp(t[0]!)),
    },
    {
      name: "lognormal",
      names: ["median", "sigma"],
      natural: (t) => [Math.exp(t[0]!), Math.exp(t[1]!)],
      start: (v, c) => {
        const m = logMoments(v, c, (x) => Math.max(floor, x));
        return [m.mu, Math.log(m.sigma)];
      },
      law: lognormalLaw,
    },
    {
      name: "pareto",
      names: ["alpha", "min"],
      natural: (t) => [Math.exp(t[0]!), Math.exp(t[1]!)],
      start: (v, c) => {
        const positive = v.find((x) => x > 0) ?? half;
        return paretoStart(v, c, Math.max(floor, Math.min(positive, v[0]! + half) * 0.9));
      },
      law: paretoLaw,
    },
  ];
}

/** Count laws with minimum `lo` (1 for pages, 0 for objects): P(count ≤ k). */
function countFamilies(lo: number): Family[] {
  const floored = (law: (t: readonly number[]) => Law) => (t: readonly number[]) => {
    const continuous = law(t);
    return (k: number) => (k < lo ? 0 : continuous(k + 1));
  };
  return [
    {
      name: "geometric",
      names: ["mean"],
      natural: (t) => [lo + Math.exp(t[0]!)],
      start: (v, c) => [Math.log(Math.max(1e-3, weightedMean(v, c) - lo))],
      law: (t) => {
        const p = 1 / (Math.exp(t[0]!) + 1);
        return (k) => (k < lo ? 0 : 1 - (1 - p) ** (Math.floor(k) - lo + 1));
      },
    },
    {
      name: "lognormal",
      names: ["median", "sigma"],
      natural: (t) => [Math.exp(t[0]!), Math.exp(t[1]!)],
      start: (v, c) => {
        const m = logMoments(v, c, (x) => x + 0.5);
        return [m.mu, Math.log(m.sigma)];
      },
      law: floored(lognormalLaw),
    },
    {
      name: "pareto",
      names: ["alpha", "min"],
      natural: (t) => [Math.exp(t[0]!), Math.exp(t[1]!)],
      start: (v, c) =>
        paretoStart(
          v.map((x) => x + 0.5),
          c,
          lo + 0.5,
        ),
      law: floored(paretoLaw),
    },
  ];
}

/**
 * A family truncated at `bound` and renormalised, P(X ≤ x | X ≤ bound), as
 * the engine draws a law whose spec has that max (for counts, P(C ≤ k | C ≤
 * bound)); no mass beyond the bound, none piled at it.
 */
function truncated(family: Family, bound: number): Family {
  return {
    ...family,
    law: (t) => truncatedLaw(family.law(t), bound),
  };
}

/** Probability of each distinct observation under θ. */
type CellProbability = (law: Law, i: number) => number;

/** How a sample's cells are read: each distinct value's probability, and the bin edges around a value. */
interface CellReading {
  readonly cell: CellProbability;
  /** Where the fitted CDF is read for the KS distance and charts. */
  readonly upper: (v: number) => number;
  readonly lower: (v: number) => number;
}

/** One family's fit to a sample's distinct values, their counts and empirical CDF. */
interface FamilyFitOptions {
  readonly values: readonly number[];
  readonly counts: readonly number[];
  readonly empirical: readonly number[];
  readonly reading: CellReading;
  readonly censoring: Censoring | undefined;
}

function fitFamily(family: Family, o: FamilyFitOptions): { fit: CandidateFit; law: Law } {
  const { values, counts, empirical, censoring } = o;
  const { cell, upper, lower } = o.reading;
  const negLogLik = (theta: readonly number[]) => {
    const law = family.law(theta);
    let ll = 0;
    if (censoring?.cells !== false) {
      for (let i = 0; i < values.length; i++) {
        const p = cell(law, i);
        ll += counts[i]! * Math.log(p > 1e-300 ? p : 1e-300);
      }
    }
    if (censoring) ll += censoring.logLikelihood(law);
    return Number.isFinite(ll) ? -ll : 1e300;
  };
  let theta = nelderMead(negLogLik, family.start(values, counts));
  theta = nelderMead(negLogLik, theta, 0.05); // a restart: Nelder–Mead can stall on ridges
  const se = standardErrors(hessian(negLogLik, theta));
  const natural = family.natural(theta);
  const params = family.names.map((name, j) => {
    const value = natural[j]!;
    const s = se[j]!;
    const spread = Number.isFinite(s) ? Math.exp(Z95 * s) : Number.NaN;
    // Geometric: the interval is on log(mean − lo), the part the data inform.
    if (family.name === "geometric") {
      const lo = value - Math.exp(theta[0]!);
      return { name, value, low: lo + (value - lo) / spread, high: lo + (value - lo) * spread };
    }
    return { name, value, low: value / spread, high: value * spread };
  });
  const logLikelihood = -negLogLik(theta);
  const law = family.law(theta.slice());
  const cdf = values.map((v) => law(upper(v)));
  let ks = 0;
  for (let i = 0; i < values.length; i++) {
    const below = i === 0 ? 0 : empirical[i - 1]!;
    ks = Math.max(ks, Math.abs(empirical[i]! - cdf[i]!), Math.abs(below - law(lower(values[i]!))));
  }
  const fit = {
    family: family.name,
    params,
    logLikelihood,
    aic: 2 * params.length - 2 * logLikelihood,
    ks,
    cdf,
  };
  return { fit, law };
}

function empiricalCdf(counts: readonly number[], n: number): number[] {
  let seen = 0;
  return counts.map((c) => {
    seen += c;
    return seen / n;
  });
}

/** A law to fit: its label and unit, the sample, the candidate families and how cells are read. */
interface ChooseOptions {
  readonly label: string;
  readonly unit: string;
  readonly sample: Sample;
  readonly families: Family[];
  readonly reading: CellReading;
  readonly extra: Readonly<Record<string, number>>;
  readonly censoring?: Censoring | undefined;
}

function choose(o: ChooseOptions): LawFit {
  const { label, unit, sample, families, extra, censoring } = o;
  const { values, counts } = sample.entries();
  const empirical = empiricalCdf(counts, sample.n);
  const base = { label, unit, n: sample.n, mean: sample.mean, max: sample.max, values, empirical };
  // One value or none: a fixed law, censored or not (with no two distinct
  // complete observations the censored MLE has nothing to spread).
  if (values.length <= 1) {
    const v = values[0] ?? extra.lo ?? 0;
    return { ...base, spec: v, chosen: undefined, candidates: [], law: (x) => (x < v ? 0 : 1) };
  }
  // The engine truncates each law at the max the spec gives it, so the fit
  // maximises the truncated law's likelihood: what it fits is what runs.
  const bound = censoring?.max ?? sample.max;
  const fits = families.map((f) =>
    fitFamily(truncated(f, bound), { values, counts, empirical, reading: o.reading, censoring }),
  );
  const candidates = fits.map((f) => f.fit);
  // Only laws the scenario schema accepts compete (alpha ≤ 100, sigma ≤ 10: a
  // degenerate sample can push a Pareto's alpha to infinity).
  const usable = fits.filter((f) => withinSchema(f.fit));
  let best = usable[0] ?? fits[0]!;
  for (const c of usable) if (c.fit.aic < best.fit.aic) best = c;
  const spec: Record<string, number | string> = { dist: best.fit.family };
  for (const p of best.fit.params) spec[p.name] = round(p.value);
  Object.assign(spec, { max: censoring?.max ?? sample.max });
  return { ...base, spec, chosen: best.fit.family, candidates, law: best.law };
}

export type { Law } from "./duration-laws.js";

/** A fitted distribution and its chosen law, for the censored fit's other blocks. */
export interface LawFit extends FittedDistribution {
  readonly law: Law;
}

/**
 * A sampled log's right-censored observations (censored.ts): a term added to
 * each candidate's log-likelihood, given the candidate's CDF; `cells: false`
 * when the sample holds no complete observation (pages per session: every
 * session may be cut), `max` the cap to write.
 */
export interface Censoring {
  readonly logLikelihood: (law: Law) => number;
  readonly cells?: boolean;
  readonly max?: number;
  /** The empirical count law's weights on `values` maximising the censored likelihood (its NPMLE). */
  readonly empirical?: (values: readonly number[], counts: readonly number[]) => number[];
  /** A count law: the empirical law only (censored.ts, `identified`: no family's extrapolation past what the windows show). */
  readonly empiricalOnly?: boolean;
  /** The empirical law's values and weights after its NPMLE, held to a moment condition (censored.ts, `holdMean`). */
  readonly held?: (
    values: readonly number[],
    counts: readonly number[],
  ) => { values: number[]; counts: number[] };
}

function withinSchema(c: CandidateFit): boolean {
  return c.params.every(
    (p) =>
      Number.isFinite(p.value) &&
      p.value > 0 &&
      p.value <= 1e6 &&
      !(p.name === "alpha" && p.value > 100) &&
      !(p.name === "sigma" && p.value > 10),
  );
}

/** Four significant digits: the YAML shows what the CI can support, and no float noise. */
export function round(x: number): number {
  return Number(x.toPrecision(4));
}

/**
 * A duration in seconds (think time, object gap). Whole-second data are
 * read as one-second bins; millisecond data as millisecond bins. `max` in
 * the spec is the largest observation: the model does not extrapolate past
 * what the log showed.
 */
export function fitDuration(label: string, sample: Sample, censoring?: Censoring): LawFit {
  const half = sample.integral ? 0.5 : 0.0005;
  const families = durationFamilies(half);
  const { values } = sample.entries();
  const cell: CellProbability = (law, i) => {
    const v = values[i]!;
    return law(v + half) - law(Math.max(0, v - half));
  };
  const fit = choose({
    label,
    unit: "s",
    sample,
    families,
    reading: { cell, upper: (v) => v + half, lower: (v) => Math.max(0, v - half) },
    extra: {},
    censoring,
  });
  if (fit.chosen === undefined) return fit;
  const parametric = summarise(fit, sample, meanDuration(fit.spec as DurationDistribution), false);
  // Censored (a sampled log), the complete gaps are biased short (a gap is seen
  // only if it ends inside its window): a histogram of them would be that bias
  // drawn as the law, so there the parametric law stays, with its verdict.
  if (censoring !== undefined) return parametric;
  const empirical = smoothedEmpirical(sample, half);
  const candidates = [...parametric.candidates, empirical.fit];
  const p = ksPValue(empirical.fit.ks, sample.n);
  const chosen = { ks: empirical.fit.ks, p, poor: p < POOR_FIT_P };
  // The stated criterion: the parametric law with the lowest AIC stands when the
  // KS test cannot tell it from the log at the 1% level (a formula extrapolates
  // and has two parameters, not a bin per √n gaps); otherwise the smoothed
  // empirical law replaces it: the log's own distribution, never outside
  // [first edge, last edge].
  if (parametric.goodness === undefined || !parametric.goodness.poor)
    return { ...parametric, candidates };
  const law: Law = (x) => durationCdf(empirical.spec, x);
  const replaced: LawFit = {
    ...parametric,
    spec: empirical.spec,
    chosen: "empirical",
    candidates,
    law,
    rejected: { ...parametric.goodness, family: parametric.chosen! },
  };
  const summary = summarise(replaced, sample, meanDuration(empirical.spec), false);
  return { ...summary, goodness: chosen };
}

/**
 * The fewest gaps a bin of the smoothed empirical law holds: √n / 2, so a
 * merged bin's mass (the most its uniform spread can stray from the log's
 * steps) is at most ½/√n, a third of the KS test's 1% critical value
 * (1.63/√n); and at least n / MAX_EMPIRICAL_BINS.
 */
function binSize(n: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(n) / 2), Math.ceil(n / MAX_EMPIRICAL_BINS));
}

/** A bin edge without float noise (whole-second data's edges are exact halves). */
const edge = (x: number) => Number(x.toFixed(6));

/**
 * The smoothed empirical duration law: the log's distinct gaps, each the
 * interval its resolution gives it ([d − ½, d + ½] s, clipped at 0), merged
 * in order into bins of at least `binSize(n)` gaps, each bin's mass spread
 * uniformly over it (a histogram with data-driven bins, as a kernel estimate
 * with an adaptive bandwidth: fine where gaps are dense, wide in the sparse
 * tail). Between two bins the boundary is the midpoint of the empty stretch
 * between their gaps. A value with at least `binSize(n)` gaps is a bin of its
 * own, so a spike stays a spike, and a merged bin holds under 2·binSize(n).
 */
function smoothedEmpirical(
  sample: Sample,
  half: number,
): { fit: CandidateFit; spec: Extract<DurationDistribution, { dist: "empirical" }> } {
  const { values, counts } = sample.entries();
  const size = binSize(sample.n);
  const lower = (v: number) => Math.max(0, v - half);
  const upper = (v: number) => v + half;
  // Bins as [first index, last index] of the distinct values.
  const bins: [number, number, number][] = [];
  let first = 0;
  let inBin = 0;
  for (let i = 0; i < values.length; i++) {
    // A value with a bin's worth of gaps on its own is a bin of its own: spread
    // over its lighter neighbours' range, its mass would move the CDF by more.
    if (counts[i]! >= size && inBin > 0) {
      bins.push([first, i - 1, inBin]);
      first = i;
      inBin = 0;
    }
    inBin += counts[i]!;
    if (inBin >= size || i === values.length - 1) {
      bins.push([first, i, inBin]);
      first = i + 1;
      inBin = 0;
    }
  }
  // A short last bin joins the one before: its few gaps are the sparse tail.
  if (bins.length > 1 && bins[bins.length - 1]![2] < size) {
    const last = bins.pop()!;
    const prev = bins[bins.length - 1]!;
    bins[bins.length - 1] = [prev[0], last[1], prev[2] + last[2]];
  }
  const edges = [edge(lower(values[0]!))];
  for (let b = 0; b < bins.length - 1; b++) {
    const end = upper(values[bins[b]![1]]!);
    const next = lower(values[bins[b + 1]![0]]!);
    edges.push(edge((end + next) / 2));
  }
  edges.push(edge(upper(values[values.length - 1]!)));
  const weights = bins.map((b) => b[2]);
  const spec = { dist: "empirical" as const, edges, weights };
  const cdf = (x: number) => durationCdf(spec, x);
  // Each observation's cell probability: its bin's share times the cell's share of the bin's width.
  let logLikelihood = 0;
  bins.forEach(([from, to, n], b) => {
    const width = edges[b + 1]! - edges[b]!;
    for (let i = from; i <= to; i++) {
      const cell =
        Math.min(edges[b + 1]!, upper(values[i]!)) - Math.max(edges[b]!, lower(values[i]!));
      const p = (n / sample.n) * (cell / width);
      logLikelihood += counts[i]! * Math.log(p > 1e-300 ? p : 1e-300);
    }
  });
  const empirical = empiricalCdf(counts, sample.n);
  const at = values.map((v) => cdf(upper(v)));
  let ks = 0;
  for (let i = 0; i < values.length; i++) {
    const below = i === 0 ? 0 : empirical[i - 1]!;
    ks = Math.max(ks, Math.abs(empirical[i]! - at[i]!), Math.abs(below - cdf(lower(values[i]!))));
  }
  return {
    fit: empiricalFit("bins", bins.length, logLikelihood, ks, at),
    spec,
  };
}

/** A count with minimum `lo` (pages per session: 1, objects per page: 0); `max` is the largest observation. */
export function fitCount(
  label: string,
  unit: string,
  sample: Sample,
  lo: number,
  censoring?: Censoring,
  /** The empirical candidate's weights (default: the sample's counts). */
  empiricalFrom: Sample = sample,
): LawFit {
  const families = countFamilies(lo);
  const { values } = sample.entries();
  const cell: CellProbability = (law, i) => {
    const k = values[i]!;
    return law(k) - law(k - 1);
  };
  const parametric = choose({
    label,
    unit,
    sample,
    families,
    reading: { cell, upper: (k) => k, lower: (k) => k - 1 },
    extra: { lo },
    censoring,
  });
  if (parametric.chosen === undefined) return parametric;
  const empirical = empiricalCandidate(empiricalFrom, censoring ? sample : undefined, censoring);
  const best = parametric.candidates.find((c) => c.family === parametric.chosen)!;
  const candidates = [...parametric.candidates, empirical.fit];
  const done = (fit: LawFit) =>
    summarise(fit, sample, countMean(fit.spec, lo), true, censoring?.cells === false);
  // The empirical law pays for its k − 1 free weights in the AIC like any parameter.
  // Censored, a class whose every session is cut (a host busy through each
  // window) has no finite MLE: the parametric laws run off, the empirical one stays.
  if (!(empirical.fit.aic < best.aic) && withinSchema(best) && !censoring?.empiricalOnly)
    return done({ ...parametric, candidates });
  return done({
    ...parametric,
    spec: empirical.spec,
    chosen: "empirical",
    candidates,
    law: empirical.law,
  });
}

/**
 * The empirical count law (SURGE draws some counts so too): each distinct
 * value with its observed share, the MLE over all laws on the observed
 * values; k distinct values are k − 1 free parameters. It keeps what no
 * smooth law can, e.g. a spike of pages that all fetch the same five
 * template resources.
 */
function empiricalCandidate(
  sample: Sample,
  /** With censoring: the complete observations the joint likelihood's cells count. */
  cells: Sample | undefined,
  censoring: Censoring | undefined,
): {
  fit: CandidateFit;
  spec: { dist: "empirical"; values: number[]; weights: number[] };
  law: Law;
} {
  const seen = sample.entries();
  const shares = seen.counts;
  let values = seen.values;
  let counts = censoring?.empirical
    ? censoring.empirical(values, shares).map((w) => Math.max(1e-6, round(w)))
    : shares;
  if (censoring?.held) {
    const held = censoring.held(values, counts);
    values = held.values;
    counts = held.counts.map((w) => Math.max(1e-6, round(w)));
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const cumulative = empiricalCdf(counts, total);
  const law: Law = (x) => {
    let p = 0;
    for (let i = 0; i < values.length && values[i]! <= x; i++) p = cumulative[i]!;
    return p;
  };
  let logLikelihood = 0;
  if (cells === undefined || censoring === undefined) {
    for (const c of counts) logLikelihood += c * Math.log(c / sample.n);
  } else {
    // The observed shares, not re-maximised under censoring: a lower bound on
    // the censored empirical MLE's likelihood, so the AIC errs against it.
    const share = new Map(values.map((v, i) => [v, counts[i]! / total]));
    const entries = censoring.cells === false ? { values: [], counts: [] } : cells.entries();
    entries.values.forEach((v, i) => {
      logLikelihood += entries.counts[i]! * Math.log(Math.max(1e-300, share.get(v) ?? 0));
    });
    logLikelihood += censoring.logLikelihood(law);
  }
  return {
    fit: empiricalFit("distinct values", values.length, logLikelihood, 0, cumulative),
    spec: { dist: "empirical", values, weights: counts },
    law,
  };
}

/** Mean of a fitted count law as the engine draws it (floored, raised to lo, truncated at max). */
export function countMean(spec: DistributionSpec, lo: number): number {
  return meanCount(spec as CountDistribution, lo);
}

/** An empirical law's fit: k free weights (k − 1 parameters for the AIC), named by what its k counts. */
function empiricalFit(
  name: string,
  k: number,
  logLikelihood: number,
  ks: number,
  cdf: number[],
): CandidateFit {
  return {
    family: "empirical",
    params: [{ name, value: k, low: k, high: k }],
    logLikelihood,
    aic: 2 * (k - 1) - 2 * logLikelihood,
    ks,
    cdf,
  };
}
