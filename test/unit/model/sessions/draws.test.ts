import { describe, expect, it } from "vitest";
import { CountDraw, DurationDraw, meanCount, meanDuration } from "../../../../src/model/index.js";
import type { CountDistribution, DurationDistribution } from "../../../../src/scenario/index.js";
import { meanAndError, rng } from "../../engine/sample-mean.js";

describe("session count and duration laws: the exact means the model states", () => {
  const counts: [CountDistribution, number][] = [
    [{ dist: "geometric", mean: 4, max: 10000 }, 1],
    [{ dist: "geometric", mean: 4, max: 6 }, 0],
    [{ dist: "lognormal", median: 3, sigma: 1.1, max: 1000 }, 1],
    [{ dist: "lognormal", median: 0.5, sigma: 1, max: 20 }, 0],
    [{ dist: "pareto", alpha: 1.5, min: 1, max: 10000 }, 1],
    [{ dist: "pareto", alpha: 1.2, min: 2, max: 50 }, 0],
    [7, 1],
  ];
  for (const [spec, lo] of counts) {
    it(`count ${JSON.stringify(spec)} (min ${lo}): sample mean within 4 SE of meanCount`, () => {
      const d = new CountDraw(spec, lo, rng(`count-${JSON.stringify(spec)}`));
      const { mean, se } = meanAndError(() => d.draw());
      const exact = meanCount(spec, lo);
      if (typeof spec === "number") expect(mean).toBe(spec);
      else expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
    });
  }

  it("floor-counts are not the continuous mean: floor(lognormal) raised to 1 differs from e^(mu+sigma²/2)", () => {
    const spec: CountDistribution = { dist: "lognormal", median: 3, sigma: 1.1, max: 10000 };
    const continuous = 3 * Math.exp(1.1 ** 2 / 2);
    expect(Math.abs(meanCount(spec, 1) - continuous)).toBeGreaterThan(0.3);
  });

  it("geometric count mean includes the minimum: mean 4 pages is 4, not 5", () => {
    expect(meanCount({ dist: "geometric", mean: 4, max: 10000 }, 1)).toBeCloseTo(4, 6);
    expect(meanCount({ dist: "geometric", mean: 4, max: 10000 }, 0)).toBeCloseTo(4, 6);
  });

  const durations: DurationDistribution[] = [
    12,
    { dist: "exponential", mean: 20 },
    { dist: "exponential", mean: 20, max: 15 },
    { dist: "lognormal", median: 30, sigma: 1.5, max: 600 },
    { dist: "pareto", alpha: 2.5, min: 5 },
    { dist: "pareto", alpha: 1, min: 5, max: 500 },
    { dist: "pareto", alpha: 0.8, min: 5, max: 500 },
  ];
  for (const spec of durations) {
    it(`duration ${JSON.stringify(spec)}: sample mean within 4 SE of meanDuration`, () => {
      const d = new DurationDraw(spec, rng(`duration-${JSON.stringify(spec)}`));
      const { mean, se } = meanAndError(() => d.draw());
      if (typeof spec === "number") expect(mean).toBe(spec);
      else expect(Math.abs(mean - meanDuration(spec))).toBeLessThan(4 * se);
    });
  }

  it("an uncapped Pareto with alpha <= 1 has no mean", () => {
    expect(meanDuration({ dist: "pareto", alpha: 1, min: 5 })).toBe(Number.POSITIVE_INFINITY);
  });
});
