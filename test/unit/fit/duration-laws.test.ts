import { describe, expect, it } from "vitest";
import { meanBelow } from "../../../src/fit/censored.js";
import {
  exponentialDuration,
  type Law,
  lognormalDuration,
  paretoDuration,
  truncatedLaw,
} from "../../../src/fit/duration-laws.js";

/**
 * ∫₀ᴸ (1 − F) by the midpoint rule on 200,000 steps. Its error is at most
 * L·h²/24·max|f′| for a smooth law (h = L / 200,000: under 1e-9 here) and
 * about h at a kink (a Pareto's minimum, a truncation's bound): 3e-4 s of a
 * 60 s window. The closed forms are held to 1e-6 of L where the law is
 * smooth on [0, L] (the erfc behind Φ is good to 1.2e-7) and to 2h at a kink.
 */
function integrated(law: (x: number) => number, L: number, steps = 200_000): number {
  const h = L / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += 1 - law((i + 0.5) * h);
  return sum * h;
}

function expectBelow(law: Law, L: number, tolerance = 1e-6 * L): void {
  expect(law.below).toBeDefined();
  expect(Math.abs(law.below!(L) - integrated(law, L))).toBeLessThan(tolerance);
}

describe("duration laws' partial means E[min(X, L)] in closed form", () => {
  it("lognormal: both branches of the partial mean (z − σ below and above 0), tiny to huge σ", () => {
    const L = 60;
    // (median, σ): t = z − σ < 0 for the first four, > 0 for the last two.
    for (const [median, sigma] of [
      [1.9, 1.18],
      [25, 0.5],
      [300, 2],
      [0.4, 12],
      [0.5, 0.3],
      [2, 0.8],
    ] as const) {
      const law = lognormalDuration(Math.log(median), sigma);
      expectBelow(law, L);
    }
    // σ = 40 about the window: e^(σ²/2) overflows a double and Φ(−40) underflows; the Mills-ratio form does neither.
    const wide = lognormalDuration(Math.log(60), 40);
    expect(Number.isFinite(wide.below!(60))).toBe(true);
    expectBelow(wide, 60);
  });

  it("Pareto: the minimum below and above L, α below, at and near 1, and above", () => {
    for (const [alpha, min] of [
      [0.56, 4.8],
      [1, 2],
      [1 + 1e-12, 2],
      [2.5, 0.3],
      [0.0035, 1.5],
    ] as const)
      expectBelow(paretoDuration(alpha, min), 60, 2 * (60 / 200_000));
    // A minimum past the window: every draw outlasts it, E[min(X, L)] = L.
    expect(paretoDuration(1.2, 90).below!(60)).toBe(60);
  });

  it("exponential: mean·(1 − e^(−L/mean)), short and long means", () => {
    for (const mean of [0.5, 30, 5000]) expectBelow(exponentialDuration(mean), 60);
  });

  it("truncated at a bound past and short of the window (no mass beyond the bound)", () => {
    const law = lognormalDuration(Math.log(20), 1.5);
    expectBelow(truncatedLaw(law, 1797), 60);
    const short = truncatedLaw(law, 45);
    expect(short(45)).toBe(1);
    expectBelow(short, 60, 2 * (60 / 200_000));
    expectBelow(truncatedLaw(paretoDuration(0.56, 4.8), 30), 60, 2 * (60 / 200_000));
  });

  it("meanBelow reads a law's closed form, and integrates a law without one", () => {
    const law = lognormalDuration(Math.log(1.9), 1.18);
    const bare = (x: number) => law(x);
    expect(meanBelow(law, 60)).toBe(law.below!(60));
    // The 2,000-step midpoint rule: within its own error of the closed form, not equal to it.
    expect(meanBelow(bare, 60)).not.toBe(law.below!(60));
    expect(Math.abs(meanBelow(bare, 60) - law.below!(60))).toBeLessThan(1e-4);
  });
});
