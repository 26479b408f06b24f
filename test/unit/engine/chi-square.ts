import * as ss from "simple-statistics";

/**
 * Pearson's chi-square goodness-of-fit test against uniform expected
 * counts, with the exact p-value from the chi-square distribution
 * (regularized upper incomplete gamma Q(df/2, x/2), Numerical Recipes §6.2).
 */
export function chiSquareUniform(counts: readonly number[]): { statistic: number; p: number } {
  const n = ss.sum(counts as number[]);
  const expected = n / counts.length;
  let statistic = 0;
  for (const c of counts) statistic += (c - expected) ** 2 / expected;
  return { statistic, p: chiSquareSurvival(statistic, counts.length - 1) };
}

/** P(X >= x) for X ~ chi-square with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  return upperGamma(df / 2, x / 2);
}

function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnPrefix = -x + a * Math.log(x) - ss.gammaln(a);
  if (x < a + 1) {
    // Series for P(a, x).
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 1000; k++) {
      term *= x / (a + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(lnPrefix);
  }
  // Lentz's continued fraction for Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(lnPrefix) * h;
}

/** Tests are judged at this significance: a correct policy fails one run in 10,000. */
export const SIGNIFICANCE = 1e-4;
