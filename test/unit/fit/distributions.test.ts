import { describe, expect, it } from "vitest";
import { countMean, fitCount, fitDuration, Sample } from "../../../src/fit/index.js";
import { normal, rng } from "./helpers.js";

const N = 4000;

function sampleOf(draw: () => number, n = N): Sample {
  const s = new Sample();
  for (let i = 0; i < n; i++) s.add(draw());
  return s;
}

function param(fit: ReturnType<typeof fitDuration>, family: string, name: string) {
  const c = fit.candidates.find((x) => x.family === family)!;
  return c.params.find((p) => p.name === name)!;
}

/** |estimate − truth| within 3 standard errors, the SE read off the 95% interval (log scale). */
function within(p: { value: number; low: number; high: number }, truth: number) {
  const se = Math.log(p.high / p.low) / (2 * 1.96);
  expect(Math.abs(Math.log(p.value / truth))).toBeLessThan(3 * se);
  expect(p.low).toBeLessThan(p.value);
  expect(p.high).toBeGreaterThan(p.value);
}

describe("maximum-likelihood fits of durations (seconds)", () => {
  it("recovers an exponential mean from whole-second data and prefers it by AIC", () => {
    const u = rng("exp");
    const fit = fitDuration(
      "gap",
      sampleOf(() => Math.round(-8 * Math.log(1 - u()))),
    );
    expect(fit.chosen).toBe("exponential");
    within(param(fit, "exponential", "mean"), 8);
    // The closed form for exact data: the MLE is the sample mean (rounding to the nearest second keeps it unbiased).
    expect(param(fit, "exponential", "mean").value).toBeCloseTo(fit.mean, 0);
  });

  it("recovers a lognormal's median and sigma from millisecond data and prefers it", () => {
    const u = rng("lognormal");
    const fit = fitDuration(
      "think",
      sampleOf(() => 12 * Math.exp(1.2 * normal(u))),
    );
    expect(fit.chosen).toBe("lognormal");
    within(param(fit, "lognormal", "median"), 12);
    within(param(fit, "lognormal", "sigma"), 1.2);
    const best = fit.candidates.find((c) => c.family === "lognormal")!;
    // KS of the true law: ~1.36/√n at the 5% level; much larger for a wrong one.
    expect(best.ks).toBeLessThan(1.36 / Math.sqrt(N));
    expect(fit.candidates.find((c) => c.family === "exponential")!.ks).toBeGreaterThan(0.1);
  });

  it("recovers a Pareto tail index and prefers it", () => {
    const u = rng("pareto");
    const fit = fitDuration(
      "think",
      sampleOf(() => 2 * (1 - u()) ** (-1 / 1.5)),
    );
    expect(fit.chosen).toBe("pareto");
    within(param(fit, "pareto", "alpha"), 1.5);
    expect(param(fit, "pareto", "min").value).toBeCloseTo(2, 1);
  });

  it("caps the chosen law at the largest observation and keeps four significant digits", () => {
    const u = rng("cap");
    const s = sampleOf(() => Math.round(-3 * Math.log(1 - u())));
    const fit = fitDuration("gap", s);
    expect(fit.spec).toMatchObject({ dist: "exponential", max: s.max });
    const mean = (fit.spec as Record<string, number>).mean!;
    expect(String(mean).replace(/[.-]/g, "").replace(/^0+/, "").length).toBeLessThanOrEqual(4);
  });

  it("a constant sample is a fixed value, with no candidates", () => {
    const fit = fitDuration(
      "gap",
      sampleOf(() => 2, 10),
    );
    expect(fit.spec).toBe(2);
    expect(fit.chosen).toBeUndefined();
  });
});

describe("maximum-likelihood fits of counts", () => {
  it("geometric pages (minimum 1): the MLE of the mean is the sample mean, with a CI that covers the truth", () => {
    const u = rng("geo");
    const p = 1 / 3; // mean 3 on {1, 2, …}
    const fit = fitCount(
      "pages",
      "pages",
      sampleOf(() => 1 + Math.floor(Math.log(1 - u()) / Math.log(1 - p))),
      1,
    );
    expect(fit.chosen).toBe("geometric");
    const m = fit.candidates.find((c) => c.family === "geometric")!.params[0]!;
    expect(m.value).toBeCloseTo(fit.mean, 3);
    expect(m.low).toBeLessThan(3);
    expect(m.high).toBeGreaterThan(3);
  });

  it("floored lognormal objects (minimum 0) are told from a geometric by AIC", () => {
    const u = rng("objects");
    const fit = fitCount(
      "objects",
      "objects",
      sampleOf(() => Math.floor(2 * Math.exp(1.3 * normal(u)))),
      0,
    );
    expect(fit.chosen).toBe("lognormal");
    within(fit.candidates.find((c) => c.family === "lognormal")!.params[0]!, 2);
  });

  it("countMean sums the floored, capped law: geometric uncapped gives its mean; a cap lowers it", () => {
    expect(countMean({ dist: "geometric", mean: 4, max: 100000 }, 1)).toBeCloseTo(4, 6);
    expect(countMean({ dist: "geometric", mean: 4, max: 100000 }, 0)).toBeCloseTo(4, 6);
    expect(countMean({ dist: "geometric", mean: 4, max: 4 }, 1)).toBeLessThan(4);
    // Pareto floored: E[floor(X)] with X = 2·U^(−1/3) (alpha 3, min 2): E[X] = 3, E[floor X] = Σ_{k≥1} P(X ≥ k) = 1 + Σ_{k≥2}(2/k)^3.
    let expected = 1;
    for (let k = 2; k < 100000; k++) expected += (2 / k) ** 3;
    expect(countMean({ dist: "pareto", alpha: 3, min: 2, max: 100000 }, 1)).toBeCloseTo(
      expected,
      4,
    );
    expect(countMean(3, 1)).toBe(3);
  });
});
