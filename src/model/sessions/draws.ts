import {
  AliasTable,
  exponential,
  geometric,
  lognormal,
  normalCdf,
  pareto,
  type Rng,
} from "../../engine/index.js";
import type { CountDistribution, DurationDistribution } from "../../scenario/index.js";

const FIXED = 0;
const EXPONENTIAL = 1;
const LOGNORMAL = 2;
const PARETO = 3;
const GEOMETRIC = 4;
const EMPIRICAL = 5;

/** A lognormal or Pareto law as [kind, a, b]: the parameters both draws store the same way. */
function heavyTailed(
  spec:
    | { dist: "lognormal"; median: number; sigma: number }
    | { dist: "pareto"; alpha: number; min: number },
): [number, number, number] {
  return spec.dist === "lognormal"
    ? [LOGNORMAL, Math.log(spec.median), spec.sigma]
    : [PARETO, spec.alpha, spec.min];
}

/**
 * Seconds drawn from a session duration law (schema `durationDistribution`),
 * compiled once into numbers so a draw is a switch and one or two uniforms:
 * nothing is allocated per draw.
 */
export class DurationDraw {
  private readonly kind: number;
  /** fixed: the value; exponential: the rate; lognormal: mu; pareto: alpha. */
  private readonly a: number;
  /** lognormal: sigma; pareto: min. */
  private readonly b: number;
  private readonly max: number;

  constructor(
    spec: DurationDistribution,
    private readonly rng: Rng,
  ) {
    if (typeof spec === "number") {
      this.kind = FIXED;
      this.a = spec;
      this.b = 0;
      this.max = Number.POSITIVE_INFINITY;
      return;
    }
    this.max = spec.max ?? Number.POSITIVE_INFINITY;
    [this.kind, this.a, this.b] =
      spec.dist === "exponential" ? [EXPONENTIAL, 1 / spec.mean, 0] : heavyTailed(spec);
  }

  draw(): number {
    let x: number;
    switch (this.kind) {
      case FIXED:
        return this.a;
      case EXPONENTIAL:
        x = exponential(this.rng, this.a);
        break;
      case LOGNORMAL:
        x = lognormal(this.rng, this.a, this.b);
        break;
      default:
        x = pareto(this.rng, this.a, this.b);
    }
    return x < this.max ? x : this.max;
  }
}

/**
 * A count drawn from a session count law (schema `countDistribution`) with
 * minimum `lo` (1 for pages, 0 for objects): fixed; geometric on
 * {lo, lo+1, ...} with the given mean; or floor of a lognormal or Pareto
 * draw, raised to lo. Every law is capped at its `max`.
 */
export class CountDraw {
  private readonly kind: number;
  /** fixed: the count; geometric: the success probability; lognormal: mu; pareto: alpha. */
  private readonly a: number;
  /** lognormal: sigma; pareto: min. */
  private readonly b: number;
  private readonly max: number;
  /** empirical: the values and an alias table over their weights (one uniform pair per draw). */
  private readonly values: Int32Array = new Int32Array(0);
  private readonly table: AliasTable | undefined;

  constructor(
    spec: CountDistribution,
    private readonly lo: number,
    private readonly rng: Rng,
  ) {
    if (typeof spec === "number") {
      this.kind = FIXED;
      this.a = spec;
      this.b = 0;
      this.max = spec;
      return;
    }
    if (spec.dist === "empirical") {
      this.kind = EMPIRICAL;
      this.a = 0;
      this.b = 0;
      this.max = Number.POSITIVE_INFINITY;
      this.values = Int32Array.from(spec.values);
      this.table = new AliasTable(spec.weights);
      return;
    }
    this.max = Math.max(lo, spec.max);
    // Geometric: mean lo + (1 - p)/p = spec.mean.
    [this.kind, this.a, this.b] =
      spec.dist === "geometric" ? [GEOMETRIC, 1 / (spec.mean - lo + 1), 0] : heavyTailed(spec);
  }

  draw(): number {
    let n: number;
    switch (this.kind) {
      case FIXED:
        return this.a;
      case GEOMETRIC:
        n = this.lo + geometric(this.rng, this.a);
        break;
      case EMPIRICAL:
        return this.values[this.table!.sample(this.rng)]!;
      case LOGNORMAL:
        n = Math.floor(lognormal(this.rng, this.a, this.b));
        break;
      default:
        n = Math.floor(pareto(this.rng, this.a, this.b));
    }
    if (n < this.lo) return this.lo;
    return n < this.max ? n : this.max;
  }
}

/** P(X >= x) of the continuous law behind a floor-count (lognormal or Pareto); X has no atoms. */
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
 * E[C] = sum over k >= 0 of P(C > k). For C = min(max(floor X, lo), max)
 * that is lo + sum_{j = lo+1}^{max} P(X >= j); for the capped geometric,
 * lo + q(1 - q^M)/(1 - q) with q = 1 - p and M = max - lo.
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
    return lo + (q * (1 - q ** (max - lo))) / (1 - q);
  }
  let sum = lo;
  for (let j = lo + 1; j <= max; j++) sum += survival(spec, j);
  return sum;
}

/**
 * The mean of a duration law as `DurationDraw` draws it, E[min(X, max)]
 * (Infinity for an uncapped Pareto with alpha <= 1).
 */
export function meanDuration(spec: DurationDistribution): number {
  if (typeof spec === "number") return spec;
  const m = spec.max ?? Number.POSITIVE_INFINITY;
  if (spec.dist === "exponential")
    return Number.isFinite(m) ? spec.mean * -Math.expm1(-m / spec.mean) : spec.mean;
  if (spec.dist === "lognormal") {
    const mu = Math.log(spec.median);
    const s = spec.sigma;
    const mean = Math.exp(mu + (s * s) / 2);
    if (!Number.isFinite(m)) return mean;
    if (s === 0) return Math.min(spec.median, m);
    const z = (Math.log(m) - mu) / s;
    return mean * normalCdf(z - s) + m * (1 - normalCdf(z));
  }
  const { alpha, min } = spec;
  if (m <= min) return m;
  if (!Number.isFinite(m))
    return alpha > 1 ? (alpha * min) / (alpha - 1) : Number.POSITIVE_INFINITY;
  // min + ∫_min^m (min/x)^alpha dx
  if (Math.abs(alpha - 1) < 1e-12) return min + min * Math.log(m / min);
  return min + (min ** alpha * (m ** (1 - alpha) - min ** (1 - alpha))) / (1 - alpha);
}
