import { AliasTable, lognormal, normalCdf, normalQuantile, type Rng } from "../../engine/index.js";
import type { CountDistribution, DurationDistribution } from "../../scenario/index.js";

/** The kinds of law a draw can follow (a small integer each, compared on every draw). */
const [FIXED, EXPONENTIAL, LOGNORMAL, PARETO, GEOMETRIC, EMPIRICAL] = [0, 1, 2, 3, 4, 5] as const;

/**
 * A law's `max` is a bound of its support, not a cap: the law is truncated
 * there and renormalised, P(X ≤ x | X ≤ max), so no mass piles up at the
 * bound (a clipped heavy tail put 3.6% of a fitted think time at its max).
 * Exponential, Pareto and geometric laws are drawn by inversion on the
 * truncated range: one uniform u, x = F⁻¹(u·F(max)); with F(max) = 1 that is
 * the unbounded inversion draw itself, so an unbounded law draws as it always
 * did. A lognormal is drawn by Box–Muller and redrawn past max (REDRAW_ABOVE).
 */

/**
 * A bounded lognormal with at least this much mass below its bound is drawn
 * by Box–Muller and redrawn past the bound (so a bound that is rarely hit
 * leaves the draws as they were); with less, by inversion on the truncated
 * range, which needs no loop however little mass lies below the bound.
 */
const REDRAW_ABOVE = 0.5;

/** A continuous law as [kind, a, b]: exponential [rate], lognormal [mu, sigma], Pareto [alpha, min]. */
type Continuous = readonly [number, number, number];

/** A duration law given by a formula (not fixed, not a histogram). */
type Parametric = Exclude<DurationDistribution, number | { dist: "empirical" }>;

/** An empirical (histogram) duration law. */
type Histogram = Extract<DurationDistribution, { dist: "empirical" }>;

function continuous(spec: Parametric): Continuous {
  if (spec.dist === "exponential") return [EXPONENTIAL, 1 / spec.mean, 0];
  if (spec.dist === "lognormal") return [LOGNORMAL, Math.log(spec.median), spec.sigma];
  return [PARETO, spec.alpha, spec.min];
}

/** P(X ≤ x) of a continuous law. */
function continuousCdf(kind: number, a: number, b: number, x: number): number {
  if (kind === EXPONENTIAL) return x <= 0 ? 0 : -Math.expm1(-a * x);
  if (kind === LOGNORMAL) {
    if (x <= 0) return 0;
    if (b === 0) return Math.log(x) >= a ? 1 : 0;
    return normalCdf((Math.log(x) - a) / b);
  }
  return x <= b ? 0 : 1 - (b / x) ** a;
}

/** The p-quantile F⁻¹(p) of a continuous law (the forms of engine's inversion draws). */
function continuousQuantile(kind: number, a: number, b: number, p: number): number {
  // 1 - p lies in (0, 1] for p in [0, 1): the logs and powers are finite.
  if (kind === EXPONENTIAL) return -Math.log(1 - p) / a;
  if (kind === LOGNORMAL) return b === 0 ? Math.exp(a) : Math.exp(a + b * normalQuantile(p));
  return b * (1 - p) ** (-1 / a);
}

/**
 * Seconds drawn from a session duration law (schema `durationDistribution`),
 * compiled once into numbers so a draw is a switch and one or two uniforms:
 * nothing is allocated per draw. A law with `max` is truncated there.
 */
export class DurationDraw {
  private readonly kind: number;
  /** fixed: the value; exponential: the rate; lognormal: mu; pareto: alpha. */
  private readonly a: number;
  /** lognormal: sigma; pareto: min. */
  private readonly b: number;
  /** P(X ≤ max) of the untruncated law (1 when unbounded). */
  private readonly top: number;
  /** A lognormal with most of its mass below max (or unbounded): Box–Muller, redrawn past max. */
  private readonly boxMuller: boolean;
  private readonly max: number;
  /** empirical: the bin edges and the cumulative share at each edge (0 … 1). */
  private readonly edges: Float64Array = new Float64Array(0);
  private readonly cumulative: Float64Array = new Float64Array(0);

  constructor(
    spec: DurationDistribution,
    private readonly rng: Rng,
  ) {
    if (typeof spec !== "number" && spec.dist === "empirical") {
      [this.kind, this.a, this.b, this.top, this.boxMuller] = [EMPIRICAL, 0, 0, 1, false];
      this.edges = Float64Array.from(spec.edges);
      this.cumulative = histogramCumulative(spec);
      this.max = spec.edges[spec.edges.length - 1]!;
      return;
    }
    if (typeof spec === "number") {
      [this.kind, this.a, this.b, this.top, this.boxMuller, this.max] = [
        FIXED,
        spec,
        0,
        1,
        false,
        spec,
      ];
      return;
    }
    [this.kind, this.a, this.b] = continuous(spec);
    this.max = spec.max ?? Number.POSITIVE_INFINITY;
    this.top = Number.isFinite(this.max) ? continuousCdf(this.kind, this.a, this.b, this.max) : 1;
    this.boxMuller = this.kind === LOGNORMAL && this.top >= REDRAW_ABOVE;
  }

  draw(): number {
    if (this.kind === FIXED) return this.a;
    if (this.kind === EMPIRICAL) return histogramQuantile(this.edges, this.cumulative, this.rng());
    if (this.boxMuller) {
      // Rejection: the law conditioned on X ≤ max, at most 1/top ≤ 2 tries on average.
      let x = lognormal(this.rng, this.a, this.b);
      while (x > this.max) x = lognormal(this.rng, this.a, this.b);
      return x;
    }
    return continuousQuantile(this.kind, this.a, this.b, this.rng() * this.top);
  }
}

/**
 * A count drawn from a session count law (schema `countDistribution`) with
 * minimum `lo` (1 for pages, 0 for objects): fixed; geometric on
 * {lo, lo+1, ...} with the given mean; or floor of a lognormal or Pareto
 * draw, raised to lo (the law's mass below lo is the count lo). Every law
 * but the empirical one is truncated at its `max`: the geometric to
 * {lo, ..., max}, the floor laws to X < max + 1.
 */
export class CountDraw {
  private readonly kind: number;
  /** fixed: the count; geometric: the success probability; lognormal: mu; pareto: alpha. */
  private readonly a: number;
  /** lognormal: sigma; pareto: min. */
  private readonly b: number;
  private readonly max: number;
  /** P(count ≤ max) of the untruncated law. */
  private readonly top: number;
  /** A lognormal with most of its mass below max + 1: Box–Muller, redrawn past it. */
  private readonly boxMuller: boolean = false;
  /** empirical: the values and an alias table over their weights (one uniform pair per draw). */
  private readonly values: Int32Array = new Int32Array(0);
  private readonly table: AliasTable | undefined;

  constructor(
    spec: CountDistribution,
    private readonly lo: number,
    private readonly rng: Rng,
  ) {
    if (typeof spec === "number") {
      [this.kind, this.a, this.b, this.max, this.top] = [FIXED, spec, 0, spec, 1];
      return;
    }
    if (spec.dist === "empirical") {
      [this.kind, this.a, this.b, this.max, this.top] = [EMPIRICAL, 0, 0, Infinity, 1];
      this.values = Int32Array.from(spec.values);
      this.table = new AliasTable(spec.weights);
      return;
    }
    this.max = Math.max(lo, spec.max);
    if (spec.dist === "geometric") {
      // Mean lo + (1 - p)/p = spec.mean; P(K ≤ M) = 1 - (1 - p)^(M + 1) on K = count - lo.
      const p = 1 / (spec.mean - lo + 1);
      [this.kind, this.a, this.b] = [GEOMETRIC, p, 0];
      this.top = p >= 1 ? 1 : -Math.expm1((this.max - lo + 1) * Math.log1p(-p));
      return;
    }
    [this.kind, this.a, this.b] = continuous(spec);
    // floor(X) ≤ max iff X < max + 1.
    this.top = continuousCdf(this.kind, this.a, this.b, this.max + 1);
    this.boxMuller = this.kind === LOGNORMAL && this.top >= REDRAW_ABOVE;
  }

  draw(): number {
    let n: number;
    switch (this.kind) {
      case FIXED:
        return this.a;
      case EMPIRICAL:
        return this.values[this.table!.sample(this.rng)]!;
      case GEOMETRIC:
        // The engine's geometric inversion on {0, ..., max − lo}.
        if (this.a >= 1) return this.lo;
        n = this.lo + Math.floor(Math.log(1 - this.rng() * this.top) / Math.log1p(-this.a));
        break;
      default:
        if (this.boxMuller) {
          let x = lognormal(this.rng, this.a, this.b);
          while (x >= this.max + 1) x = lognormal(this.rng, this.a, this.b);
          n = Math.floor(x);
        } else n = Math.floor(continuousQuantile(this.kind, this.a, this.b, this.rng() * this.top));
    }
    if (n < this.lo) return this.lo;
    // u·top < top puts n at most max; the guard only absorbs a last-bit rounding.
    return n < this.max ? n : this.max;
  }
}

/** P(X ≥ x) of the continuous law behind a floor-count (lognormal or Pareto); X has no atoms. */
function survival(
  spec: Exclude<CountDistribution, number | { dist: "empirical" }>,
  x: number,
): number {
  if (spec.dist === "lognormal") {
    if (spec.sigma === 0) return spec.median >= x ? 1 : 0;
    return 1 - normalCdf((Math.log(x) - Math.log(spec.median)) / spec.sigma);
  }
  if (spec.dist === "pareto") return x <= spec.min ? 1 : (spec.min / x) ** spec.alpha;
  throw new RangeError("survival is for floor-counts");
}

/**
 * The exact mean of a count law with minimum `lo`, as `CountDraw` draws it:
 * E[C] = lo + Σ_{k ≥ lo} P(C > k). For C = max(floor X, lo) with X truncated
 * to X < max + 1, P(C > k) = (S(k + 1) − S(max + 1)) / (1 − S(max + 1)) for
 * lo ≤ k < max, S(x) = P(X ≥ x); for the geometric on K = C − lo truncated
 * to K ≤ M = max − lo, Σ_{k=1}^{M} (q^k − q^(M+1)) / (1 − q^(M+1)), q = 1 − p.
 */
export function meanCount(spec: CountDistribution, lo: number): number {
  if (typeof spec === "number") return spec;
  if (spec.dist === "empirical") {
    let sum = 0;
    let weight = 0;
    spec.values.forEach((v, i) => {
      sum += v * spec.weights[i]!;
      weight += spec.weights[i]!;
    });
    return sum / weight;
  }
  const max = Math.max(lo, spec.max);
  if (spec.dist === "geometric") {
    const q = 1 - 1 / (spec.mean - lo + 1);
    if (q <= 0) return lo;
    const M = max - lo;
    const beyond = q ** (M + 1);
    return lo + ((q * (1 - q ** M)) / (1 - q) - M * beyond) / (1 - beyond);
  }
  // A sum over every count up to max (10,000 for the shared log's objects):
  // each world of the fit's validation asks it of every class again.
  const key =
    spec.dist === "lognormal"
      ? `l ${spec.median} ${spec.sigma} ${max} ${lo}`
      : `p ${spec.alpha} ${spec.min} ${max} ${lo}`;
  const known = floorMeans.get(key);
  if (known !== undefined) return known;
  const beyond = survival(spec, max + 1);
  let sum = 0;
  for (let j = lo + 1; j <= max; j++) sum += survival(spec, j) - beyond;
  const mean = lo + sum / (1 - beyond);
  if (floorMeans.size >= 1000) floorMeans.clear();
  floorMeans.set(key, mean);
  return mean;
}

/** `meanCount` of the floor laws, by law and minimum (a pure function of them). */
const floorMeans = new Map<string, number>();

/** E[objects per page] of a class: its objects law's mean, or with `heavy` the two components' mixed by weight. */
export function meanObjects(c: {
  readonly objects: CountDistribution;
  readonly heavy?: { readonly weight: number; readonly objects: CountDistribution } | undefined;
}): number {
  const light = meanCount(c.objects, 0);
  if (!c.heavy) return light;
  return (1 - c.heavy.weight) * light + c.heavy.weight * meanCount(c.heavy.objects, 0);
}

/** E[objects]·E[object gap] of a page: a heavy session's pages with their own laws, mixed by weight. */
export function meanBurstSpan(c: {
  readonly objects: CountDistribution;
  readonly objectGap: DurationDistribution;
  readonly heavy?:
    | {
        readonly weight: number;
        readonly objects: CountDistribution;
        readonly objectGap?: DurationDistribution | undefined;
      }
    | undefined;
}): number {
  const light = meanCount(c.objects, 0) * meanDuration(c.objectGap);
  if (!c.heavy) return light;
  const heavy = meanCount(c.heavy.objects, 0) * meanDuration(c.heavy.objectGap ?? c.objectGap);
  return (1 - c.heavy.weight) * light + c.heavy.weight * heavy;
}

/** The cumulative share of a histogram's weight at each of its edges: 0, …, 1. */
function histogramCumulative(spec: Histogram): Float64Array {
  const c = new Float64Array(spec.edges.length);
  let total = 0;
  for (const w of spec.weights) total += w;
  let seen = 0;
  spec.weights.forEach((w, i) => {
    seen += w;
    c[i + 1] = seen / total;
  });
  c[c.length - 1] = 1;
  return c;
}

/**
 * The p-quantile of a histogram law (uniform inside each bin): the bin whose
 * cumulative range holds p (binary search), then linear inside it. One
 * uniform per draw, so a draw is the inversion draw; never outside the edges.
 */
function histogramQuantile(
  edges: ArrayLike<number>,
  cumulative: ArrayLike<number>,
  p: number,
): number {
  let lo = 0;
  let hi = edges.length - 1;
  // Invariant: cumulative[lo] ≤ p < cumulative[hi] (p < 1 = cumulative[last]).
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! <= p) lo = mid;
    else hi = mid;
  }
  const share = cumulative[hi]! - cumulative[lo]!;
  const within = share > 0 ? (p - cumulative[lo]!) / share : 0;
  const x = edges[lo]! + within * (edges[hi]! - edges[lo]!);
  return x < edges[hi]! ? x : edges[lo]!;
}

/** P(X ≤ x) of a histogram law: linear inside each bin. */
function histogramCdf(spec: Histogram, x: number): number {
  const { edges } = spec;
  if (x <= edges[0]!) return 0;
  if (x >= edges[edges.length - 1]!) return 1;
  const c = histogramCumulative(spec);
  let i = 0;
  while (edges[i + 1]! <= x) i++;
  return c[i]! + ((c[i + 1]! - c[i]!) * (x - edges[i]!)) / (edges[i + 1]! - edges[i]!);
}

/** The continuous law of a duration spec with its bound (Infinity when unbounded). */
function durationLaw(spec: Parametric): {
  law: Continuous;
  max: number;
  top: number;
} {
  const law = continuous(spec);
  const max = spec.max ?? Number.POSITIVE_INFINITY;
  const top = Number.isFinite(max) ? continuousCdf(law[0], law[1], law[2], max) : 1;
  return { law, max, top };
}

/**
 * The mean of a duration law as `DurationDraw` draws it, E[X | X ≤ max]
 * (Infinity for an unbounded Pareto with alpha ≤ 1):
 * exponential μ − m/(e^(m/μ) − 1); lognormal e^(μ + σ²/2)·Φ(z − σ)/Φ(z),
 * z = (ln m − μ)/σ; Pareto α·min^α·(m^(1−α) − min^(1−α))/(1 − α) / F(m)
 * (α·min·ln(m/min) / F(m) at α = 1).
 */
export function meanDuration(spec: DurationDistribution): number {
  if (typeof spec === "number") return spec;
  if (spec.dist === "empirical") {
    // Each bin's mass at its midpoint (uniform inside it).
    let sum = 0;
    let weight = 0;
    spec.weights.forEach((w, i) => {
      sum += (w * (spec.edges[i]! + spec.edges[i + 1]!)) / 2;
      weight += w;
    });
    return sum / weight;
  }
  const m = spec.max ?? Number.POSITIVE_INFINITY;
  if (spec.dist === "exponential")
    return Number.isFinite(m) ? spec.mean - m / Math.expm1(m / spec.mean) : spec.mean;
  if (spec.dist === "lognormal") {
    const mu = Math.log(spec.median);
    const s = spec.sigma;
    const mean = Math.exp(mu + (s * s) / 2);
    if (!Number.isFinite(m)) return mean;
    if (s === 0) return spec.median;
    const z = (Math.log(m) - mu) / s;
    return (mean * normalCdf(z - s)) / normalCdf(z);
  }
  const { alpha, min } = spec;
  if (!Number.isFinite(m))
    return alpha > 1 ? (alpha * min) / (alpha - 1) : Number.POSITIVE_INFINITY;
  if (m <= min) return min;
  const top = 1 - (min / m) ** alpha;
  if (Math.abs(alpha - 1) < 1e-12) return (min * Math.log(m / min)) / top;
  return (alpha * min ** alpha * (m ** (1 - alpha) - min ** (1 - alpha))) / (1 - alpha) / top;
}

/** The p-quantile of a duration law as `DurationDraw` draws it (truncated at its max). */
export function durationQuantile(spec: DurationDistribution, p: number): number {
  if (typeof spec === "number") return spec;
  if (spec.dist === "empirical")
    return histogramQuantile(spec.edges, histogramCumulative(spec), Math.min(p, 1 - 1e-12));
  const { law, top } = durationLaw(spec);
  return continuousQuantile(law[0], law[1], law[2], p * top);
}

/** P(X ≤ x) of a duration law as `DurationDraw` draws it (truncated at its max). */
export function durationCdf(spec: DurationDistribution, x: number): number {
  if (typeof spec === "number") return x < spec ? 0 : 1;
  if (spec.dist === "empirical") return histogramCdf(spec, x);
  const { law, max, top } = durationLaw(spec);
  if (x >= max) return 1;
  return continuousCdf(law[0], law[1], law[2], x) / top;
}
