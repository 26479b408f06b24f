import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalQuantile, RandomStreams } from "../../../../src/engine/index.js";
import { fitCount, fitDuration, Sample } from "../../../../src/fit/index.js";
import {
  CountDraw,
  DurationDraw,
  durationCdf,
  durationQuantile,
  meanCount,
  meanDuration,
} from "../../../../src/model/index.js";
import {
  type CountDistribution,
  checkScenario,
  type DurationDistribution,
} from "../../../../src/scenario/index.js";
import { baseInput } from "../../../helpers.js";

/**
 * A bounded law is truncated at its max and renormalised, never clipped
 * (issue 25: a clipped Pareto think time put 3.6% of its draws at the max).
 * Each bound is set at the untruncated law's q-quantile, q in [0.3, 0.95],
 * so 5-70% of the untruncated mass lies beyond it: a clip would pile that
 * share at max, which the KS distance and the mean both see.
 */

const N = 20_000;
/** KS critical value at about 1e-4 for n draws (a fixed, known distribution). */
const ksLimit = (n: number) => 2.2 / Math.sqrt(n);

const durationLaw = fc.oneof(
  fc.record({
    dist: fc.constant("exponential" as const),
    mean: fc.double({ min: 0.5, max: 500, noNaN: true }),
  }),
  fc.record({
    dist: fc.constant("lognormal" as const),
    median: fc.double({ min: 0.5, max: 100, noNaN: true }),
    sigma: fc.double({ min: 0.2, max: 3, noNaN: true }),
  }),
  fc.record({
    dist: fc.constant("pareto" as const),
    alpha: fc.double({ min: 0.3, max: 3, noNaN: true }),
    min: fc.double({ min: 0.5, max: 20, noNaN: true }),
  }),
);

/** The untruncated law's q-quantile: where the bound goes. */
function untruncatedQuantile(
  law: Exclude<DurationDistribution, number | { dist: "empirical" }>,
  q: number,
): number {
  if (law.dist === "exponential") return -law.mean * Math.log1p(-q);
  if (law.dist === "lognormal") return law.median * Math.exp(law.sigma * normalQuantile(q));
  return law.min * (1 - q) ** (-1 / law.alpha);
}

function draws(make: (rng: () => number) => { draw(): number }, seed: number, n = N) {
  const d = make(new RandomStreams(seed).stream("truncated"));
  return Float64Array.from({ length: n }, () => d.draw()).sort();
}

/** KS distance of sorted draws from a CDF. */
function ks(sorted: Float64Array, cdf: (x: number) => number): number {
  let d = 0;
  for (let i = 0; i < sorted.length; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, Math.abs(f - i / sorted.length), Math.abs((i + 1) / sorted.length - f));
  }
  return d;
}

function meanAndError(xs: Float64Array): { mean: number; se: number } {
  let s = 0;
  let s2 = 0;
  for (const x of xs) {
    s += x;
    s2 += x * x;
  }
  const mean = s / xs.length;
  return { mean, se: Math.sqrt(Math.max(0, s2 / xs.length - mean * mean) / xs.length) };
}

/** E[X] = ∫₀^max P(X > x) dx by Simpson's rule on the quantile scale's range. */
function integratedMean(spec: DurationDistribution, max: number): number {
  const steps = 20_000;
  const h = max / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * (1 - durationCdf(spec, i * h));
  }
  return (sum * h) / 3;
}

describe("duration laws with max: truncated and renormalised", () => {
  it("every draw lies in the support, the draws follow the truncated CDF, the mean its closed form", () => {
    fc.assert(
      fc.property(
        durationLaw,
        fc.double({ min: 0.3, max: 0.95, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        (law, q, seed) => {
          const max = untruncatedQuantile(law, q);
          const spec = { ...law, max } as DurationDistribution;
          const xs = draws((rng) => new DurationDraw(spec, rng), seed);
          const low = law.dist === "pareto" ? law.min : 0;
          expect(xs[0]!).toBeGreaterThanOrEqual(low);
          expect(xs[xs.length - 1]!).toBeLessThanOrEqual(max);
          // No atom at the bound: a clip would put 1 − q ≥ 5% there.
          expect(ks(xs, (x) => durationCdf(spec, x))).toBeLessThan(ksLimit(N));
          const { mean, se } = meanAndError(xs);
          const exact = meanDuration(spec);
          expect(Math.abs(mean - exact)).toBeLessThan(4.5 * se);
          // The closed form against the integral of its own survival function.
          expect(Math.abs(exact - integratedMean(spec, max)) / exact).toBeLessThan(1e-3);
          // The quantile inverts the CDF.
          expect(durationCdf(spec, durationQuantile(spec, 0.5))).toBeCloseTo(0.5, 6);
        },
      ),
      { numRuns: 25, seed: 25 },
    );
  });

  it("a clipped draw is not the law: the closed-form mean of a heavy Pareto truncated at 1797 s is below the clipped one", () => {
    // The think time: alpha 0.56, min 4.8 s, max 1,797 s.
    const spec: DurationDistribution = { dist: "pareto", alpha: 0.56, min: 4.8, max: 1797 };
    const xs = draws((rng) => new DurationDraw(spec, rng), 3, 200_000);
    const atBound = xs.filter((x) => x >= 1790).length / xs.length;
    // Truncated: P(1790 ≤ X ≤ 1797) is about 0.01%; clipped it was 3.6%.
    expect(atBound).toBeLessThan(0.001);
    const clippedMean = 4.8 + (4.8 ** 0.56 * (1797 ** 0.44 - 4.8 ** 0.44)) / 0.44;
    expect(clippedMean).toBeCloseTo(141, -1);
    expect(meanDuration(spec)).toBeLessThan(clippedMean - 30);
    const { mean, se } = meanAndError(xs);
    expect(Math.abs(mean - meanDuration(spec))).toBeLessThan(4 * se);
  });

  it("an unbounded law draws as before: inversion with F(max) = 1 is the engine's own draw", () => {
    const a = draws((rng) => new DurationDraw({ dist: "pareto", alpha: 1.5, min: 2 }, rng), 9, 100);
    const u = new RandomStreams(9).stream("truncated");
    const b = Float64Array.from({ length: 100 }, () => 2 * (1 - u()) ** (-1 / 1.5)).sort();
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

const countLaw = fc.oneof(
  fc.record({
    dist: fc.constant("geometric" as const),
    mean: fc.double({ min: 1.2, max: 30, noNaN: true }),
  }),
  fc.record({
    dist: fc.constant("lognormal" as const),
    median: fc.double({ min: 1, max: 20, noNaN: true }),
    sigma: fc.double({ min: 0.3, max: 2.5, noNaN: true }),
  }),
  fc.record({
    dist: fc.constant("pareto" as const),
    alpha: fc.double({ min: 0.4, max: 2.5, noNaN: true }),
    min: fc.double({ min: 0.5, max: 3, noNaN: true }),
  }),
);

describe("count laws with max: truncated and renormalised", () => {
  it("every draw lies in {lo, ..., max}, the mean matches meanCount, and max is not an atom", () => {
    fc.assert(
      fc.property(
        countLaw,
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        (law, lo, max, seed) => {
          const spec = { ...law, max } as CountDistribution;
          if (law.dist === "geometric" && law.mean > max) return;
          if (law.dist === "pareto" && law.min >= max + 1) return;
          const xs = draws((rng) => new CountDraw(spec, lo, rng), seed);
          expect(xs[0]!).toBeGreaterThanOrEqual(lo);
          expect(xs[xs.length - 1]!).toBeLessThanOrEqual(max);
          const { mean, se } = meanAndError(xs);
          expect(Math.abs(mean - meanCount(spec, lo))).toBeLessThan(4.5 * se + 1e-9);
        },
      ),
      { numRuns: 30, seed: 25 },
    );
  });

  it("a truncated geometric has its closed-form mean, below the clipped one", () => {
    const spec: CountDistribution = { dist: "geometric", mean: 10, max: 12 };
    // Clipped: 1 + Σ_{k=1}^{11} q^k with q = 0.9; truncated: renormalised on {1..12}.
    const q = 0.9;
    let clipped = 1;
    for (let k = 1; k <= 11; k++) clipped += q ** k;
    let num = 0;
    let den = 0;
    for (let k = 0; k <= 11; k++) {
      num += (1 + k) * q ** k;
      den += q ** k;
    }
    expect(meanCount(spec, 1)).toBeCloseTo(num / den, 9);
    expect(meanCount(spec, 1)).toBeLessThan(clipped - 0.3);
  });
});

/** A sample of whole seconds from a draw. */
function sampleOf(draw: () => number, n: number): Sample {
  const s = new Sample();
  for (let i = 0; i < n; i++) s.add(draw());
  return s;
}

describe("fitted laws: the law the fit scores is the law the engine draws", () => {
  it("a fitted duration law puts no mass beyond its max, and its CDF is the engine's for its spec", () => {
    fc.assert(
      fc.property(durationLaw, fc.integer({ min: 1, max: 1000 }), (law, seed) => {
        const u = new RandomStreams(seed).stream("fit-sample");
        const source = new DurationDraw(law as DurationDistribution, u);
        const fit = fitDuration(
          "think time",
          sampleOf(() => Math.round(source.draw()), 800),
        );
        if (typeof fit.spec === "number") return;
        const spec = fit.spec as unknown as Exclude<DurationDistribution, number>;
        // A smoothed empirical law (chosen when no family fits) is bounded by its last edge.
        const max =
          spec.dist === "empirical" ? spec.edges[spec.edges.length - 1]! : (spec.max as number);
        expect(fit.law(max)).toBe(1);
        for (const p of [0.1, 0.5, 0.9, 0.99]) {
          const x = durationQuantile(spec, p);
          expect(x).toBeLessThanOrEqual(max);
          // Parameters are rounded to 4 digits in the spec: CDFs agree to that.
          expect(Math.abs(fit.law(x) - p)).toBeLessThan(5e-3);
        }
        const xs = draws((rng) => new DurationDraw(spec, rng), seed, 2000);
        expect(xs[xs.length - 1]!).toBeLessThanOrEqual(max);
      }),
      { numRuns: 15, seed: 25 },
    );
  });

  it("a fitted count law puts no mass beyond its max, and its CDF is the engine's for its spec", () => {
    fc.assert(
      fc.property(countLaw, fc.integer({ min: 1, max: 1000 }), (law, seed) => {
        const u = new RandomStreams(seed).stream("fit-sample");
        const source = new CountDraw({ ...law, max: 10000 } as CountDistribution, 1, u);
        const fit = fitCount(
          "pages",
          "pages",
          sampleOf(() => source.draw(), 800),
          1,
        );
        if (typeof fit.spec === "number" || fit.chosen === "empirical") return;
        const spec = fit.spec as unknown as CountDistribution & { max: number };
        expect(fit.law(spec.max)).toBe(1);
        const xs = draws((rng) => new CountDraw(spec, 1, rng), seed);
        expect(xs[xs.length - 1]!).toBeLessThanOrEqual(spec.max);
        // P(C ≤ k) of the engine's draws against the fitted law.
        for (const k of [1, 2, 4, 8]) {
          const p = fit.law(k);
          const seen = xs.filter((x) => x <= k).length / xs.length;
          expect(Math.abs(seen - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / N) + 3e-3);
        }
      }),
      { numRuns: 15, seed: 25 },
    );
  });
});

describe("validation: a truncated law needs mass below its bound", () => {
  const check = (thinkTime: DurationDistribution, pages: CountDistribution = 2) =>
    checkScenario(
      baseInput({
        duration: 60,
        clients: {
          rate: 0,
          sessions: {
            classes: [
              { name: "c", clients: 10, rate: 1, pages, thinkTime, objects: 0, objectGap: 1 },
            ],
          },
        },
      }),
      () => ({ file: "x.yaml", line: 1, column: 1 }),
    );
  const fields = (r: ReturnType<typeof check>) =>
    r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);

  it("a lognormal bounded 5 sigma below its median is refused, naming the field; 4 sigma is accepted", () => {
    const far = { dist: "lognormal" as const, median: 100, sigma: 1, max: 100 * Math.exp(-5) };
    expect(fields(check(far))).toEqual([
      expect.stringMatching(
        /thinkTime\.max: the law is truncated at max and has \(almost\) no mass/,
      ),
    ]);
    expect(check({ ...far, max: 100 * Math.exp(-4) }).ok).toBe(true);
    expect(fields(check(10, { dist: "pareto", alpha: 1, min: 30, max: 20 }))).toEqual([
      expect.stringMatching(/pages\.max: the law is truncated at max/),
    ]);
    expect(check(10, { dist: "pareto", alpha: 1, min: 20, max: 20 }).ok).toBe(true);
  });
});
