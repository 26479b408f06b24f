import { describe, expect, it } from "vitest";
import {
  countMean,
  detectObserveWindows,
  fitCount,
  observedRateProfile,
  Sample,
} from "../../../src/fit/index.js";
import { rng } from "./helpers.js";

const T0 = 1_431_857_100; // 2015-05-17T10:05:00Z

/** A log keeping one minute an hour: intervals [T0 + kP + phase, … + length), some hours missing. */
function sampled(hours: number[], jitter: (k: number) => number = () => 0) {
  return hours.map((k) => ({
    start: T0 + k * 3600 + jitter(k),
    end: T0 + k * 3600 + 60 - (k % 3 === 0 ? 1 : 0),
  }));
}

describe("fit: a sampled log's observation windows", () => {
  it("finds one minute an hour, with a skipped hour and a second or two of phase jitter", () => {
    const w = detectObserveWindows(
      sampled([0, 1, 2, 4, 5, 6, 7], (k) => (k === 2 ? 2 : k === 5 ? 1 : 0)),
      T0,
      1,
    );
    expect(w).toEqual({ period: 3600, length: 60, offset: 0 });
  });

  it("the offset is the windows' phase from t = 0 (the first request), modulo the period", () => {
    // The first request comes 10 s into its window's minute only in hour 0: the windows start 10 s before t = 0.
    const iv = sampled([0, 1, 2, 3]);
    iv[0] = { start: T0 + 10, end: T0 + 60 };
    expect(detectObserveWindows(iv, T0 + 10, 1)).toEqual({
      period: 3600,
      length: 60,
      offset: 3590,
    });
  });

  it("is not fooled by a log that is not sampled: too few stretches, or stretches longer than half the gaps", () => {
    expect(detectObserveWindows(sampled([0, 1]), T0, 1)).toBeUndefined();
    const long = [0, 1, 2, 3].map((k) => ({ start: T0 + k * 3600, end: T0 + k * 3600 + 2000 }));
    expect(detectObserveWindows(long, T0, 1)).toBeUndefined();
    expect(detectObserveWindows([{ start: T0, end: T0 + 86400 }], T0, 1)).toBeUndefined();
  });

  it("the rate profile (four significant digits): each window's sessions over its length, from the previous window's end, 0 after the last", () => {
    const iv = sampled([0, 1, 3]);
    const w = { period: 3600, length: 60, offset: 0 };
    const starts = [
      T0 + 1,
      T0 + 30,
      T0 + 3600 + 5,
      T0 + 3 * 3600 + 1,
      T0 + 3 * 3600 + 2,
      T0 + 3 * 3600 + 59,
    ];
    expect(observedRateProfile(starts, iv, w, T0, 0)).toEqual({
      profile: "steps",
      steps: [
        { at: 0, rate: 0.03333 },
        { at: 60, rate: 0.01667 },
        { at: 3660, rate: 0.05 },
        { at: 3 * 3600 + 60, rate: 0 },
      ],
    });
    // Sessions spanning 20 s on average are seen if they start up to 20 s before a window: N / (L + E[S]).
    const spanned = observedRateProfile(starts, iv, w, T0, 20).steps;
    expect(spanned.map((s) => s.rate)).toEqual([0.025, 0.0125, 0.0375, 0]);
  });
});

describe("fit: the empirical count law", () => {
  it("wins the AIC for a spike no smooth law has (a page with its five template resources), and keeps the log's mean and second moment", () => {
    const u = rng("spike");
    const s = new Sample();
    let sum = 0;
    let square = 0;
    for (let i = 0; i < 4000; i++) {
      const k = u() < 0.3 ? 5 : Math.floor(-1.5 * Math.log(1 - u()));
      s.add(k);
      sum += k;
      square += k * k;
    }
    const fit = fitCount("objects", "objects", s, 0);
    expect(fit.chosen).toBe("empirical");
    const empirical = fit.candidates.find((c) => c.family === "empirical")!;
    const best = fit.candidates
      .filter((c) => c.family !== "empirical")
      .sort((a, b) => a.aic - b.aic)[0]!;
    expect(empirical.aic).toBeLessThan(best.aic);
    expect(countMean(fit.spec, 0)).toBeCloseTo(sum / 4000, 10);
    const spec = fit.spec as { values: number[]; weights: number[] };
    const m2 = spec.values.reduce((a, v, i) => a + v * v * spec.weights[i]!, 0) / 4000;
    expect(m2).toBeCloseTo(square / 4000, 10);
  });

  it("pays k − 1 parameters: a plain geometric sample keeps its geometric law", () => {
    const u = rng("geometric");
    const s = new Sample();
    for (let i = 0; i < 4000; i++) s.add(1 + Math.floor(Math.log(1 - u()) / Math.log(1 - 1 / 3)));
    const fit = fitCount("pages", "pages", s, 1);
    expect(fit.chosen).toBe("geometric");
    expect(fit.candidates.map((c) => c.family)).toContain("empirical");
  });
});
