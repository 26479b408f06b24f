import { erfcxNonNegative, normalCdf } from "../engine/index.js";

/**
 * P(X ≤ x) of a fitted law (P(count ≤ k) for counts). A parametric duration
 * law also carries `below`, E[min(X, L)] = ∫₀ᴸ P(X > x) dx in closed form:
 * the fragments' fit (censored.ts, heavy.ts) reads it for every law its
 * searches try, where integrating the survival numerically took 2,000 of
 * the law's values each time (a third of the fit's time on the shared log).
 */
export type Law = ((x: number) => number) & { readonly below?: (length: number) => number };

/** A law with its partial mean attached. */
function withBelow(law: (x: number) => number, below: (length: number) => number): Law {
  return Object.assign(law, { below });
}

const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * The lognormal law of log-mean mu and log-sd sigma. With z = (ln L − μ)/σ,
 * E[min(X, L)] = L·P(X > L) + E[X; X ≤ L], and E[X; X ≤ L] = e^(μ+σ²/2)·Φ(z − σ)
 * = L·φ(z)·Φ(t)/φ(t) with t = z − σ: the second form never multiplies an
 * overflowing e^(σ²/2) by an underflowing Φ (a search may try σ of 40). For
 * t ≤ 0 the ratio Φ(t)/φ(t) is √(π/2)·erfcx(−t/√2); for t > 0 the term is
 * L·e^(σ²/2 − zσ)·Φ(t), whose exponent σ(σ/2 − z) is then below −σ²/2.
 */
export function lognormalDuration(mu: number, sigma: number): Law {
  return withBelow(
    (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
    (length) => {
      if (!(length > 0)) return 0;
      const z = (Math.log(length) - mu) / sigma;
      const t = z - sigma;
      const partial =
        t <= 0
          ? length *
            INV_SQRT_2PI *
            Math.exp(-0.5 * z * z) *
            SQRT_HALF_PI *
            erfcxNonNegative(-t / Math.SQRT2)
          : length * Math.exp(0.5 * sigma * sigma - z * sigma) * normalCdf(t);
      return length * (1 - normalCdf(z)) + partial;
    },
  );
}

/** The Pareto law from `min` with tail index `alpha`: E[min(X, L)] = min + min·((L/min)^(1−α) − 1)/(1 − α). */
export function paretoDuration(alpha: number, min: number): Law {
  return withBelow(
    (x) => (x <= min ? 0 : 1 - (min / x) ** alpha),
    (length) => {
      if (length <= min) return Math.max(0, length);
      const k = Math.log(length / min);
      const e = 1 - alpha;
      // expm1 keeps the digits as α → 1, where the integral is min·ln(L/min).
      return min + min * (e === 0 ? k : Math.expm1(e * k) / e);
    },
  );
}

/** The exponential law of mean `mean`: E[min(X, L)] = mean·(1 − e^(−L/mean)). */
export function exponentialDuration(mean: number): Law {
  return withBelow(
    (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / mean)),
    (length) => (length > 0 ? -mean * Math.expm1(-length / mean) : 0),
  );
}

/**
 * `law` truncated at `bound` and renormalised, P(X ≤ x | X ≤ bound), as the
 * engine draws a law whose spec has that max: no mass beyond the bound, none
 * piled at it. Its partial mean, from the law's own with m = min(L, bound):
 * ∫₀ᵐ (1 − F/F(b)) = m − (m − E[min(X, m)]) / F(b).
 */
export function truncatedLaw(law: Law, bound: number): Law {
  const top = law(bound);
  const cdf = (x: number) => (x >= bound ? 1 : law(x) / top);
  const below = law.below;
  if (below === undefined) return cdf;
  return withBelow(cdf, (length) => {
    const m = Math.min(length, bound);
    return m > 0 ? m - (m - below(m)) / top : 0;
  });
}
