/**
 * The χ² upper tail, for the goodness-of-fit tests of the conformance
 * checks: Q(k/2, x/2), the regularized upper incomplete gamma function
 * (series and continued fraction, Numerical Recipes §6.2).
 */
function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function upperGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const gln = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - gln);
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

/** P(X ≥ x) for X ~ χ² with `df` degrees of freedom. */
export function chiSquareUpperTail(x: number, df: number): number {
  return upperGammaQ(df / 2, x / 2);
}

/**
 * Significance below which a daemon's rotation offsets are declared not
 * uniform (`analyseOrders`, `analyseFetchOrders`). A run makes about ten such
 * tests (the rotating daemons' cached orders on two upstreams and their fetch
 * answers): at 0.001 a daemon that rotates uniformly failed one CI run in
 * about a hundred (Unbound's fetch answers, December 2026: offsets 30/32/45/13
 * of 120, p = 6.2e-4). At 1e-5 that is one in 10,000, and every departure
 * the patterns tell apart stays far below it: offsets from two values, or
 * one offset at half the fetches (60/20/20/20 of 120: p ≈ 1e-8).
 */
export const UNIFORM_ALPHA = 1e-5;

/** Pearson's χ² statistic of observed counts against equal expected counts. */
export function chiSquareUniform(counts: readonly number[]): {
  statistic: number;
  df: number;
  p: number;
} {
  const total = counts.reduce((s, c) => s + c, 0);
  const expected = total / counts.length;
  const statistic = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  const df = counts.length - 1;
  return { statistic, df, p: chiSquareUpperTail(statistic, df) };
}
