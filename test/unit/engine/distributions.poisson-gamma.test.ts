import { describe, expect, it } from "vitest";
import { alea } from "../../../src/engine/alea.js";
import { gamma, logFactorial, poisson } from "../../../src/engine/index.js";
import { chiSquareSurvival, SIGNIFICANCE } from "./chi-square.js";

/** Sample mean and variance of n draws. */
function moments(n: number, draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: (sumSq - n * mean * mean) / (n - 1) };
}

describe("poisson", () => {
  // Inversion below a mean of 10, PTRS above: both branches and the boundary.
  for (const mean of [0.3, 4, 9.99, 10, 37, 1000, 250_000]) {
    it(`mean ${mean}: sample mean and variance within sampling error of the mean`, () => {
      const rng = alea(`poisson-${mean}`);
      const n = 40_000;
      const m = moments(n, () => poisson(rng, mean));
      // Standard error of the mean √(μ/n); of the variance about μ√(2/n) (plus the 4th cumulant μ/n).
      expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
      expect(Math.abs(m.variance - mean)).toBeLessThan(5 * Math.sqrt((2 * mean * mean + mean) / n));
    });
  }

  it("gives integers, and 0 for a mean of 0", () => {
    const rng = alea("poisson-int");
    expect(poisson(rng, 0)).toBe(0);
    for (let i = 0; i < 1000; i++) expect(Number.isInteger(poisson(rng, 55.5))).toBe(true);
  });

  for (const mean of [6, 37, 400]) {
    it(`mean ${mean}: the whole pmf fits (chi-square over cells of expected count >= 20)`, () => {
      const rng = alea(`poisson-pmf-${mean}`);
      const n = 200_000;
      const counts = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const k = poisson(rng, mean);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      // Cells: each k with n·P(k) >= 20, the two tails pooled.
      let statistic = 0;
      let cells = 0;
      let tailObserved = 0;
      let tailExpected = 0;
      const hi = Math.ceil(mean + 12 * Math.sqrt(mean) + 20);
      for (let k = 0; k <= hi; k++) {
        const expected = n * Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
        const observed = counts.get(k) ?? 0;
        if (expected >= 20) {
          statistic += (observed - expected) ** 2 / expected;
          cells++;
        } else {
          tailObserved += observed;
          tailExpected += expected;
        }
      }
      for (const [k, c] of counts) if (k > hi) tailObserved += c;
      statistic += (tailObserved - tailExpected) ** 2 / Math.max(tailExpected, 1e-9);
      expect(chiSquareSurvival(statistic, cells)).toBeGreaterThan(SIGNIFICANCE);
    });
  }

  it("P(0) matches e^-mean (a frequency test of the pmf, not only moments)", () => {
    const rng = alea("poisson-p0");
    const n = 100_000;
    let zeros = 0;
    for (let i = 0; i < n; i++) if (poisson(rng, 2) === 0) zeros++;
    const p = Math.exp(-2);
    expect(Math.abs(zeros / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });
});

describe("logFactorial", () => {
  it("matches the exact sum on both sides of the Stirling switch", () => {
    let exact = 0;
    for (let k = 1; k <= 200; k++) {
      exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThan(1e-9 * Math.max(1, exact));
    }
  });
});

describe("gamma", () => {
  for (const [shape, rate] of [
    [0.5, 2],
    [1, 1],
    [3, 10],
    [1000, 50],
  ] as const) {
    it(`shape ${shape}, rate ${rate}: mean shape/rate, variance shape/rate²`, () => {
      const rng = alea(`gamma-${shape}`);
      const n = 40_000;
      const m = moments(n, () => gamma(rng, shape, rate));
      const mean = shape / rate;
      const variance = shape / (rate * rate);
      expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
      // Var of the sample variance: (μ4 − σ⁴)/n with μ4 = 3σ⁴(1 + 2/shape).
      const sdVar = Math.sqrt(((3 * (1 + 2 / shape) - 1) * variance * variance) / n);
      expect(Math.abs(m.variance - variance)).toBeLessThan(5 * sdVar);
    });
  }
});
