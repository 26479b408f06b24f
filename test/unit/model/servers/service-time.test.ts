import { describe, expect, it } from "vitest";
import { RandomStreams, type Rng } from "../../../../src/engine/index.js";
import { serviceTimeOf } from "../../../../src/model/servers/service-time.js";

type Spec = Parameters<typeof serviceTimeOf>[0];

const N = 100_000;

/** A stream that counts the uniforms drawn from it. */
function counting(name: string): { rng: Rng; draws: () => number } {
  const inner = new RandomStreams(11).stream(name);
  let draws = 0;
  return {
    rng: () => {
      draws++;
      return inner();
    },
    draws: () => draws,
  };
}

function sample(spec: Spec, name: string, n = N): { xs: Float64Array; draws: number } {
  const { sample: draw } = serviceTimeOf(spec);
  const { rng, draws } = counting(name);
  const xs = Float64Array.from({ length: n }, () => draw(rng));
  return { xs, draws: draws() };
}

/** The fraction of xs below x, and 6 standard errors of that proportion. */
function below(xs: Float64Array, x: number, p: number): { fraction: number; tolerance: number } {
  let count = 0;
  for (const v of xs) if (v < x) count++;
  return { fraction: count / xs.length, tolerance: 6 * Math.sqrt((p * (1 - p)) / xs.length) };
}

const meanOf = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("service times", () => {
  it("exponential: mean as given, P(S > mean) = 1/e, one uniform a draw", () => {
    const spec: Spec = { distribution: "exponential", mean: 0.2 };
    expect(serviceTimeOf(spec).mean).toBe(0.2);
    const { xs, draws } = sample(spec, "exp");
    expect(draws).toBe(N);
    // The exponential's standard deviation is its mean.
    expect(Math.abs(meanOf(xs) - 0.2)).toBeLessThan((6 * 0.2) / Math.sqrt(N));
    const { fraction, tolerance } = below(xs, 0.2, 1 - Math.exp(-1));
    expect(Math.abs(fraction - (1 - Math.exp(-1)))).toBeLessThan(tolerance);
    expect(xs.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  });

  it("deterministic: the mean every time, drawing nothing", () => {
    const spec: Spec = { distribution: "deterministic", mean: 0.05 };
    const { xs, draws } = sample(spec, "det", 1000);
    expect(serviceTimeOf(spec).mean).toBe(0.05);
    expect(xs.every((x) => x === 0.05)).toBe(true);
    expect(draws).toBe(0);
  });

  it("lognormal: the median and p99 as given, mean e^(μ + σ²/2), two uniforms a draw", () => {
    const spec: Spec = { distribution: "lognormal", median: 0.1, p99: 0.8 };
    const { xs, draws } = sample(spec, "lognormal");
    expect(draws).toBe(2 * N);
    for (const [x, p] of [
      [0.1, 0.5],
      [0.8, 0.99],
    ] as const) {
      const { fraction, tolerance } = below(xs, x, p);
      expect(Math.abs(fraction - p)).toBeLessThan(tolerance);
    }
    const sigma = Math.log(8) / 2.3263478740408408;
    const mean = 0.1 * Math.exp((sigma * sigma) / 2);
    expect(serviceTimeOf(spec).mean).toBeCloseTo(mean, 12);
    // Standard error of the sample mean: the lognormal's sd is mean·√(e^σ² − 1).
    const se = (mean * Math.sqrt(Math.exp(sigma * sigma) - 1)) / Math.sqrt(N);
    expect(Math.abs(meanOf(xs) - mean)).toBeLessThan(6 * se);
  });

  it("empirical: only the listed values, each equally likely, mean their average", () => {
    const values = [0.01, 0.02, 0.02, 0.5];
    const spec: Spec = { distribution: "empirical", values };
    expect(serviceTimeOf(spec).mean).toBeCloseTo(0.1375, 15);
    const { xs, draws } = sample(spec, "empirical");
    expect(draws).toBe(N);
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([0.01, 0.02, 0.5]);
    for (const [value, p] of [
      [0.01, 0.25],
      [0.02, 0.5],
      [0.5, 0.25],
    ] as const) {
      const fraction = counts.get(value)! / N;
      expect(Math.abs(fraction - p)).toBeLessThan(6 * Math.sqrt((p * (1 - p)) / N));
    }
  });
});
