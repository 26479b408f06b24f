import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomStreams, standardNormal } from "../../../src/engine/index.js";
import { FINE_BUCKETS } from "../../../src/metrics/index.js";
import {
  type IntervalMethod,
  metricById,
  summarizeMetric,
  summarizeSample,
} from "../../../src/run/index.js";

/*
 * The confidence intervals' methods (src/run/statistics.ts) checked the way
 * a statistician would: many small experiments from a known truth, counting
 * how often the 95% interval covers it. With E experiments the coverage
 * estimate has binomial sd √(0.95·0.05/E): 0.0069 at E = 1000, so 93–97% is
 * ±3 sd around 95%.
 */
const EXPERIMENTS = 1000;
const TOLERANCE = 3 * Math.sqrt((0.95 * 0.05) / EXPERIMENTS);

function binomial(rng: () => number, trials: number, p: number): number {
  let k = 0;
  for (let i = 0; i < trials; i++) if (rng() < p) k++;
  return k;
}

/** Share of experiments whose interval covers `truth`. */
function coverage(
  truth: number,
  experiment: () => { values: number[]; method: IntervalMethod },
): number {
  let covered = 0;
  for (let e = 0; e < EXPERIMENTS; e++) {
    const { values, method } = experiment();
    const s = summarizeSample(values, method);
    if (s.ci95Low! <= truth && truth <= s.ci95High!) covered++;
  }
  return covered / EXPERIMENTS;
}

describe("interval coverage by simulation (1000 experiments each, 93–97%)", () => {
  const rng = new RandomStreams(20261205).stream("coverage");

  it("plain metric: the t interval of 5 normal replications", () => {
    const c = coverage(10, () => ({
      values: Array.from({ length: 5 }, () => 10 + 2 * standardNormal(rng)),
      method: { kind: "mean" },
    }));
    expect(Math.abs(c - 0.95)).toBeLessThanOrEqual(TOLERANCE);
  });

  for (const [replications, trials, p, spread] of [
    [5, 1000, 0.02, false],
    [10, 500, 0.01, false],
    [5, 2000, 0.001, false], // most experiments see 0–2 events per run
    [10, 1000, 0.05, true], // runs differ more than binomially (a failure hits some runs only)
  ] as const) {
    it(`share: Wilson on ${replications} runs × ${trials} trials, p = ${p}${spread ? ", overdispersed" : ""}`, () => {
      const c = coverage(p, () => {
        const values: number[] = [];
        for (let r = 0; r < replications; r++) {
          // Overdispersed: each run's own p is uniform on [0, 2p] (mean p).
          const pr = spread ? 2 * p * rng() : p;
          values.push(binomial(rng, trials, pr) / trials);
        }
        return { values, method: { kind: "share", trials: values.map(() => trials) } };
      });
      expect(Math.abs(c - 0.95)).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  // A quantile estimator with sampling spread `relSd` around the true quantile, read as
  // FINE_BUCKETS midpoints. The bucket term is a bound, not a random error: where it
  // dominates the interval covers nearly always (by design, conservative); where sampling
  // dominates coverage is the t interval's. The plain t interval ignores the buckets.
  for (const [truth, relSd, plainBelow] of [
    [0.5283, 0.001, 0.5], // quantisation dominates: five equal values, t gives zero width
    [0.51, 0.003, 0.8],
    [0.5283, 0.02, 1],
  ] as const) {
    it(`histogram quantile ${truth}, spread ${relSd * 100}%: at least 93%`, () => {
      const sample = () =>
        Array.from({ length: 5 }, () =>
          FINE_BUCKETS.value(FINE_BUCKETS.index(truth * (1 + relSd * standardNormal(rng)))),
        );
      const withBuckets = coverage(truth, () => ({
        values: sample(),
        method: { kind: "quantile", buckets: FINE_BUCKETS },
      }));
      expect(withBuckets).toBeGreaterThanOrEqual(0.95 - TOLERANCE);
      const plain = coverage(truth, () => ({ values: sample(), method: { kind: "mean" } }));
      expect(plain).toBeLessThan(plainBelow);
    });
  }

  it("count: the Poisson floor covers a small rate when most runs count the same", () => {
    // Rate 0.05 per run: most experiments are five zeros, where the t interval is [0, 0].
    const poisson = (mean: number) => {
      let k = 0;
      let t = -Math.log(1 - rng());
      while (t < mean) {
        k++;
        t += -Math.log(1 - rng());
      }
      return k;
    };
    const c = coverage(0.05, () => ({
      values: Array.from({ length: 5 }, () => poisson(0.05)),
      method: { kind: "count" },
    }));
    expect(c).toBeGreaterThanOrEqual(0.95 - TOLERANCE);
  });
});

describe("intervals are never falsely certain, never outside their range", () => {
  it("five replications all reading p99 = 0.528384 still span the bucket (±0.78%)", () => {
    const s = summarizeMetric(
      metricById("queueing.totals.responseTime.p99"),
      [0.528384, 0.528384, 0.528384, 0.528384, 0.528384],
    );
    expect(s.sd).toBe(0);
    const half = FINE_BUCKETS.halfWidth(0.528384);
    expect(half / 0.528384).toBeGreaterThan(0.0077);
    expect(s.ci95Low).toBeCloseTo(0.528384 - half, 9);
    expect(s.ci95High).toBeCloseTo(0.528384 + half, 9);
  });

  it("the bucket half-width is half the bucket the value falls in, everywhere", () => {
    for (const x of [1e-7, 3e-6, 0.001, 0.0123, 0.528384, 7.5, 300]) {
      const i = FINE_BUCKETS.index(x);
      const mid = FINE_BUCKETS.value(i);
      const h = FINE_BUCKETS.halfWidth(x);
      expect(FINE_BUCKETS.index(mid - h * 0.999), String(x)).toBe(i);
      expect(FINE_BUCKETS.index(mid + h * 0.999), String(x)).toBe(i);
      if (i > 0) expect(FINE_BUCKETS.index(mid - h * 1.001), String(x)).toBe(i - 1);
      expect(FINE_BUCKETS.index(mid + h * 1.001), String(x)).toBe(i + 1);
    }
  });

  it("an error share of 0 in every run is [0, small], not [0, 0]; 0.007 never goes negative", () => {
    const zero = summarizeSample([0, 0, 0, 0, 0], {
      kind: "share",
      trials: [2000, 2000, 2000, 2000, 2000],
    });
    expect(zero.ci95Low).toBe(0);
    // Wilson upper bound of 0 in 10,000: z²/(n + z²).
    expect(zero.ci95High).toBeCloseTo(1.959963985 ** 2 / (10_000 + 1.959963985 ** 2), 9);
    // The case: mean 0.007 with a spread that took the t interval to -0.013.
    const skewed = summarizeSample([0, 0, 0, 0, 0.035], {
      kind: "share",
      trials: [500, 500, 500, 500, 500],
    });
    expect(summarizeSample([0, 0, 0, 0, 0.035]).ci95Low!).toBeLessThan(0);
    expect(skewed.ci95Low).toBeGreaterThanOrEqual(0);
    expect(skewed.ci95High!).toBeGreaterThan(0.007);
  });

  it("shares stay in [0, 1] and contain their mean, whatever the sample", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 50, max: 5000 }),
        (events, trials) => {
          const values = events.map((e) => e / 50);
          const s = summarizeSample(values, { kind: "share", trials: values.map(() => trials) });
          expect(s.ci95Low!).toBeGreaterThanOrEqual(0);
          expect(s.ci95High!).toBeLessThanOrEqual(1);
          expect(s.ci95Low!).toBeLessThanOrEqual(s.mean!);
          expect(s.ci95High!).toBeGreaterThanOrEqual(s.mean!);
          // Never zero-width while any trial was made.
          expect(s.ci95High!).toBeGreaterThan(s.ci95Low!);
        },
      ),
    );
  });

  it("metrics with a known range are cut to it: Jain ≤ 1, max/mean ≥ 1, shares ≥ 0", () => {
    const jain = summarizeMetric(metricById("balance.jain"), [0.999, 1, 0.998, 1]);
    expect(jain.ci95High).toBe(1);
    expect(summarizeSample([0.999, 1, 0.998, 1]).ci95High!).toBeGreaterThan(1);
    const imbalance = summarizeMetric(metricById("balance.window.maxOverMean"), [1, 1.001, 1.05]);
    expect(imbalance.ci95Low).toBe(1);
    const hit = summarizeMetric(metricById("dns.resolverHitRatio"), [1, 0.99, 1, 0.98]);
    expect(hit.ci95High).toBeLessThanOrEqual(1);
    const failed = summarizeMetric(metricById("totals.failedVisits"), [0, 0, 0, 0, 0]);
    // Poisson score interval of 0 events in 5 runs, per run: z²/5.
    expect(failed).toMatchObject({ ci95Low: 0 });
    expect(failed.ci95High).toBeCloseTo(1.959963985 ** 2 / 5, 9);
  });
});
