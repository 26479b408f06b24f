import type { Rng } from "./random.js";

/** An exponential variate with the given rate (1/mean). */
export function exponential(rng: Rng, rate: number): number {
  // 1 - u lies in (0, 1], so the log is finite.
  return -Math.log(1 - rng()) / rate;
}

/** A standard normal variate (Box–Muller, the cosine half; two uniforms per draw, nothing cached, so a draw's stream position is fixed). */
export function standardNormal(rng: Rng): number {
  // 1 - u lies in (0, 1], so the log is finite.
  const r = Math.sqrt(-2 * Math.log(1 - rng()));
  return r * Math.cos(2 * Math.PI * rng());
}

/** A lognormal variate e^(mu + sigma·Z): median e^mu, mean e^(mu + sigma²/2). */
export function lognormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * standardNormal(rng));
}

/** A Pareto (type I) variate: P(X > x) = (min/x)^alpha for x >= min (inversion). */
export function pareto(rng: Rng, alpha: number, min: number): number {
  // 1 - u lies in (0, 1]: the variate is finite and at least min.
  return min * (1 - rng()) ** (-1 / alpha);
}

/**
 * A geometric variate on {0, 1, 2, ...}: failures before the first success
 * with success probability p, P(K = k) = (1 - p)^k p, mean (1 - p)/p
 * (inversion: one uniform per draw).
 */
export function geometric(rng: Rng, p: number): number {
  if (p >= 1) return 0;
  return Math.floor(Math.log(1 - rng()) / Math.log1p(-p));
}

/**
 * The complementary error function, erfc(x) = 1 - erf(x), to about 1.2e-7
 * relative error everywhere (Numerical Recipes' Chebyshev fit): for closed
 * forms of lognormal means and tails.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + erfcSeries(t));
  return x >= 0 ? r : 2 - r;
}

/**
 * The scaled complementary error function erfcx(x) = e^(x²)·erfc(x) for
 * x ≥ 0, from erfc's own fit without its e^(−x²): finite where erfc
 * underflows (x > 26), so a ratio like Φ(t) / φ(t) far in the tail (the
 * lognormal's partial mean, fit/distributions.ts) keeps its digits.
 */
export function erfcxNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  return t * Math.exp(-1.26551223 + erfcSeries(t));
}

/** The Chebyshev fit's series in t after its constant term (Numerical Recipes' erfcc). */
function erfcSeries(t: number): number {
  return (
    t *
    (1.00002368 +
      t *
        (0.37409196 +
          t *
            (0.09678418 +
              t *
                (-0.18628806 +
                  t *
                    (0.27886807 +
                      t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
}

/** The standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * The standard normal quantile Φ⁻¹(p) for p in (0, 1) (Acklam's rational
 * approximation, relative error below 1.2e-9; −∞ at 0, +∞ at 1): the inverse
 * CDF that draws a lognormal on a truncated range with one uniform.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0)) return Number.NEGATIVE_INFINITY;
  if (!(p < 1)) return Number.POSITIVE_INFINITY;
  if (p < NQ_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return tailRatio(q);
  }
  if (p > 1 - NQ_LOW) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -tailRatio(q);
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r +
      1.38357751867269e2) *
      r -
      3.066479806614716e1) *
      r +
      2.506628277459239) *
      q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r +
      6.680131188771972e1) *
      r -
      1.328068155288572e1) *
      r +
      1)
  );
}

/** Acklam's break point between the central and the tail approximations. */
const NQ_LOW = 0.02425;

/** Acklam's lower-tail rational function of q = √(−2 ln p). */
function tailRatio(q: number): number {
  return (
    (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q -
      2.549732539343734) *
      q +
      4.374664141464968) *
      q +
      2.938163982698783) /
    ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q +
      3.754408661907416) *
      q +
      1)
  );
}

/** A uniform integer in [0, n). */
export function uniformInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Fisher–Yates shuffle of the first `length` items of `values`, in place. */
export function shuffleInPlace(rng: Rng, values: Int32Array, length = values.length): void {
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
}

/** Zipf weights w_i ∝ 1/i^s for i = 1..count, normalised to sum 1 (s = 0: equal). */
export function zipfWeights(count: number, exponent: number): Float64Array {
  const weights = new Float64Array(count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const w = 1 / (i + 1) ** exponent;
    weights[i] = w;
    sum += w;
  }
  for (let i = 0; i < count; i++) weights[i]! /= sum;
  return weights;
}

/**
 * Walker's alias table: O(1) sampling from a discrete distribution with one
 * uniform draw (Vose's construction, numerically stable).
 */
export class AliasTable {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError("alias table needs at least one weight");
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`invalid weight at ${i}: ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError("weights must not all be zero");
    this.size = n;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    // A loop, not Float64Array.from with a map function: that builtin's
    // per-element calls cost about 0.1 ms per 1,000 weights, paid by every run.
    const scaled = new Float64Array(n);
    for (let i = 0; i < n; i++) scaled[i] = (weights[i]! * n) / total;
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      if (scaled[i]! < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!;
      const l = large[--nl]!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      if (scaled[l]! < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    while (nl > 0) this.probability[large[--nl]!] = 1;
    while (ns > 0) this.probability[small[--ns]!] = 1;
  }

  /** Draws an index with probability proportional to its weight. */
  sample(rng: Rng): number {
    const x = rng() * this.size;
    const i = Math.floor(x);
    // One 32-bit draw leaves 2^32 / size levels for the coin flip: plenty for
    // small tables; past 2^16 entries the coin gets a draw of its own.
    const coin = this.size <= 65536 ? x - i : rng();
    return coin < this.probability[i]! ? i : this.alias[i]!;
  }
}

/** ln(k!) : exact sums below 16, Stirling's series (error < 1e-10) above. */
export function logFactorial(k: number): number {
  if (k < 16) {
    let sum = 0;
    for (let i = 2; i <= k; i++) sum += Math.log(i);
    return sum;
  }
  const x = k + 1;
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (
    (x - 0.5) * Math.log(x) -
    x +
    0.5 * Math.log(2 * Math.PI) +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
  );
}

/**
 * A Poisson variate with the given mean: inversion below a mean of 10 (about
 * mean + 1 uniforms), Hörmann's transformed rejection with squeeze (PTRS,
 * 1993) above it (about 1.2 pairs of uniforms whatever the mean). Exact in
 * law either way: a bin's count of a Poisson stream of requests in one draw.
 */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    // Inversion by sequential search from 0.
    let p = Math.exp(-mean);
    let cumulative = p;
    const u = rng();
    let k = 0;
    while (u > cumulative && k < 1000) {
      k++;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }
  const smu = Math.sqrt(mean);
  const b = 0.931 + 2.53 * smu;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  const logMean = Math.log(mean);
  for (;;) {
    const u = rng() - 0.5;
    const v = rng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * logMean - logFactorial(k)
    )
      return k;
  }
}

/**
 * A gamma variate with integer or real shape >= 1 and the given rate
 * (Marsaglia and Tsang, 2000): the time of a Poisson stream's shape-th event,
 * e.g. when a connection reaches its request limit.
 */
export function gamma(rng: Rng, shape: number, rate: number): number {
  if (shape < 1) {
    // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
    return gamma(rng, shape + 1, rate) * (1 - rng()) ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}
