import { describe, expect, it } from "vitest";
import {
  erfc,
  geometric,
  lognormal,
  normalCdf,
  pareto,
  standardNormal,
} from "../../../src/engine/index.js";
import { chiSquareSurvival } from "./chi-square.js";
import { meanAndError, N, rng } from "./sample-mean.js";

/** Chi-square p-value of samples against bin probabilities (the last bin takes the rest). */
function chiSquareP(samples: Float64Array, edges: number[], cdf: (x: number) => number): number {
  const counts = new Float64Array(edges.length + 1);
  for (const x of samples) {
    let b = 0;
    while (b < edges.length && x >= edges[b]!) b++;
    counts[b]!++;
  }
  let stat = 0;
  let prev = 0;
  for (let b = 0; b <= edges.length; b++) {
    const next = b < edges.length ? cdf(edges[b]!) : 1;
    const expected = (next - prev) * samples.length;
    stat += (counts[b]! - expected) ** 2 / expected;
    prev = next;
  }
  return chiSquareSurvival(stat, edges.length);
}

describe("erfc and Φ", () => {
  it("match tabulated values to 1e-7", () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.00134989803163, 8);
  });
});

describe("new distribution draws against their closed forms", () => {
  it("standard normal: mean 0, variance 1, and Φ per bin", () => {
    const r = rng("normal");
    const xs = Float64Array.from({ length: N }, () => standardNormal(r));
    const m = xs.reduce((a, b) => a + b, 0) / N;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1);
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(v - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    expect(chiSquareP(xs, [-2, -1, -0.5, 0, 0.5, 1, 2], normalCdf)).toBeGreaterThan(1e-3);
  });

  it("lognormal: median e^mu, mean e^(mu + sigma²/2)", () => {
    const r = rng("lognormal");
    const mu = Math.log(30);
    const sigma = 0.8;
    const { mean, se } = meanAndError(() => lognormal(r, mu, sigma));
    expect(Math.abs(mean - Math.exp(mu + (sigma * sigma) / 2))).toBeLessThan(4 * se);
    const xs = Float64Array.from({ length: N }, () => lognormal(r, mu, sigma));
    const cdf = (x: number) => normalCdf((Math.log(x) - mu) / sigma);
    expect(chiSquareP(xs, [5, 10, 20, 30, 50, 100, 200], cdf)).toBeGreaterThan(1e-3);
    // The neighbour: a lognormal with the same median but sigma 1 fails the test.
    expect(
      chiSquareP(xs, [5, 10, 20, 30, 50, 100, 200], (x) => normalCdf(Math.log(x) - mu)),
    ).toBeLessThan(1e-6);
  });

  it("pareto: P(X > x) = (min/x)^alpha, mean alpha·min/(alpha - 1)", () => {
    const r = rng("pareto");
    const alpha = 2.5;
    const min = 2;
    const { mean, se } = meanAndError(() => pareto(r, alpha, min));
    expect(Math.abs(mean - (alpha * min) / (alpha - 1))).toBeLessThan(4 * se);
    const xs = Float64Array.from({ length: N }, () => pareto(r, alpha, min));
    expect(Math.min(...xs.slice(0, 10_000))).toBeGreaterThanOrEqual(min);
    const cdf = (x: number) => 1 - (min / x) ** alpha;
    expect(chiSquareP(xs, [2.2, 2.5, 3, 4, 6, 10], cdf)).toBeGreaterThan(1e-3);
  });

  it("geometric: P(K = k) = (1-p)^k p, mean (1-p)/p", () => {
    const r = rng("geometric");
    const p = 0.2;
    const { mean, se } = meanAndError(() => geometric(r, p));
    expect(Math.abs(mean - (1 - p) / p)).toBeLessThan(4 * se);
    const xs = Float64Array.from({ length: N }, () => geometric(r, p));
    // P(K < k) = 1 - (1-p)^k; integer edges: bins {0}, {1}, ...
    const cdf = (k: number) => 1 - (1 - p) ** k;
    expect(chiSquareP(xs, [1, 2, 3, 4, 6, 9, 15], cdf)).toBeGreaterThan(1e-3);
    expect(geometric(r, 1)).toBe(0);
  });
});
