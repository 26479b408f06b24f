import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/index.js";
import { fitDuration, POOR_FIT_P, Sample } from "../../../src/fit/index.js";
import {
  DurationDraw,
  durationCdf,
  durationQuantile,
  meanDuration,
} from "../../../src/model/index.js";
import { checkScenario, type DurationDistribution } from "../../../src/scenario/index.js";
import { baseInput } from "../../helpers.js";
import { normal, rng } from "./helpers.js";

/*
 * The smoothed empirical duration law (issue 25): a histogram, {dist:
 * empirical, edges, weights}, drawn by inversion (one uniform: a bin by its
 * cumulative weight, then linearly inside it), so it never puts mass outside
 * [first edge, last edge]; and the fit's choice: the parametric law with the
 * lowest AIC unless the KS test rejects it at 1%, then the empirical law.
 */

type Histogram = Extract<DurationDistribution, { dist: "empirical" }>;

const histogram = fc
  .record({
    start: fc.double({ min: 0, max: 50, noNaN: true }),
    widths: fc.array(fc.double({ min: 0.01, max: 500, noNaN: true }), {
      minLength: 1,
      maxLength: 40,
    }),
    weights: fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), {
      minLength: 40,
      maxLength: 40,
    }),
  })
  .map(({ start, widths, weights }): Histogram => {
    const edges = [start];
    for (const w of widths) edges.push(edges[edges.length - 1]! + w);
    return { dist: "empirical", edges, weights: weights.slice(0, widths.length) };
  });

function draws(spec: DurationDistribution, seed: number, n: number): Float64Array {
  const d = new DurationDraw(spec, new RandomStreams(seed).stream("empirical"));
  return Float64Array.from({ length: n }, () => d.draw());
}

function sampleOf(draw: () => number, n: number): Sample {
  const s = new Sample();
  for (let i = 0; i < n; i++) s.add(draw());
  return s;
}

describe("the empirical duration law: support, CDF, mean, determinism", () => {
  it("every draw lies in [first edge, last edge], the draws follow its CDF, the mean its closed form, the quantile inverts the CDF", () => {
    fc.assert(
      fc.property(histogram, fc.integer({ min: 1, max: 1000 }), (spec, seed) => {
        const n = 10_000;
        const xs = draws(spec, seed, n).sort();
        const first = spec.edges[0]!;
        const last = spec.edges[spec.edges.length - 1]!;
        expect(xs[0]!).toBeGreaterThanOrEqual(first);
        expect(xs[n - 1]!).toBeLessThanOrEqual(last);
        let ks = 0;
        for (let i = 0; i < n; i++) {
          const f = durationCdf(spec, xs[i]!);
          ks = Math.max(ks, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
        }
        // Critical value at about 1e-4 for a known law.
        expect(ks).toBeLessThan(2.2 / Math.sqrt(n));
        let s = 0;
        let s2 = 0;
        for (const x of xs) {
          s += x;
          s2 += x * x;
        }
        const mean = s / n;
        const se = Math.sqrt(Math.max(0, s2 / n - mean * mean) / n);
        expect(Math.abs(mean - meanDuration(spec))).toBeLessThanOrEqual(4.5 * se + 1e-9);
        for (const p of [0.1, 0.5, 0.9]) {
          const x = durationQuantile(spec, p);
          expect(durationCdf(spec, x)).toBeCloseTo(p, 9);
        }
      }),
      { numRuns: 30, seed: 25 },
    );
  });

  it("a bin of weight w holds a share w / Σ of the draws (a bin is not its width)", () => {
    // A narrow heavy bin and a wide light one: a law uniform over the support would put 1% below 1.
    const spec: Histogram = { dist: "empirical", edges: [0, 1, 100], weights: [3, 1] };
    const xs = draws(spec, 7, 40_000);
    const below = xs.filter((x) => x < 1).length / xs.length;
    expect(Math.abs(below - 0.75)).toBeLessThan(4 * Math.sqrt((0.75 * 0.25) / 40_000));
    expect(meanDuration(spec)).toBeCloseTo(0.75 * 0.5 + 0.25 * 50.5, 12);
  });

  it("same seed, same draws; another seed, other draws", () => {
    const spec: Histogram = { dist: "empirical", edges: [0, 2, 5, 60], weights: [1, 2, 1] };
    expect(Array.from(draws(spec, 3, 100))).toEqual(Array.from(draws(spec, 3, 100)));
    expect(Array.from(draws(spec, 4, 100))).not.toEqual(Array.from(draws(spec, 3, 100)));
  });

  it("the schema refuses edges that do not increase and weights of the wrong length, naming the field; accepts a valid one in a session class", () => {
    const check = (thinkTime: DurationDistribution) =>
      checkScenario(
        baseInput({
          duration: 60,
          clients: {
            rate: 0,
            sessions: {
              classes: [
                { name: "c", clients: 10, rate: 1, pages: 2, thinkTime, objects: 0, objectGap: 1 },
              ],
            },
          },
        }),
        () => ({ file: "x.yaml", line: 1, column: 1 }),
      );
    const fields = (r: ReturnType<typeof check>) =>
      r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`).join("\n");
    expect(check({ dist: "empirical", edges: [0, 5, 30], weights: [2, 1] }).ok).toBe(true);
    expect(fields(check({ dist: "empirical", edges: [0, 5, 5], weights: [2, 1] }))).toMatch(
      /thinkTime.*edges must be strictly increasing/,
    );
    expect(fields(check({ dist: "empirical", edges: [0, 5, 30], weights: [2] }))).toMatch(
      /thinkTime.*one entry per bin/,
    );
    expect(fields(check({ dist: "empirical", edges: [-1, 5], weights: [2] }))).toMatch(/thinkTime/);
    expect(check({ dist: "empirical", edges: [0, 5], weights: [0] }).ok).toBe(false);
  });
});

describe("the fit's choice between a family and the smoothed empirical law", () => {
  it("a two-humped think time (no family fits): the empirical law replaces the best family, fits the log, and the engine draws it back", () => {
    const u = rng("humps");
    const sample = sampleOf(
      () => Math.max(0, Math.round((u() < 0.6 ? 8 : 600) * Math.exp(0.4 * normal(u)))),
      5000,
    );
    const fit = fitDuration("think time", sample);
    expect(fit.chosen).toBe("empirical");
    expect(fit.rejected!.poor).toBe(true);
    expect(fit.rejected!.p).toBeLessThan(POOR_FIT_P);
    expect(["exponential", "lognormal", "pareto"]).toContain(fit.rejected!.family);
    expect(fit.goodness!.poor).toBe(false);
    // The KS distance is at most half the critical value's third by construction (bins of √n / 2).
    expect(fit.goodness!.ks).toBeLessThan(1.63 / Math.sqrt(5000) / 2);
    const spec = fit.spec as unknown as Histogram;
    expect(spec.dist).toBe("empirical");
    // The support: the shortest gap's second to the longest's.
    expect(spec.edges[0]).toBe(Math.max(0, sample.quantile(0) - 0.5));
    expect(spec.edges[spec.edges.length - 1]).toBe(sample.max + 0.5);
    expect(spec.weights.reduce((a, b) => a + b, 0)).toBe(5000);
    // Bins of about √n / 2 gaps: no more than 2√n of them (+ a few heavy values of their own).
    expect(spec.weights.length).toBeGreaterThan(Math.sqrt(5000) / 2);
    expect(spec.weights.length).toBeLessThan(2 * Math.sqrt(5000) + 20);
    // The summary is the empirical law's: its mean within 2% of the log's (half-second cells).
    expect(Math.abs(fit.summary!.fitted.mean - sample.mean) / sample.mean).toBeLessThan(0.02);
    // The engine's draws, rounded to the second as a log would, against the log's sample.
    const xs = draws(spec as DurationDistribution, 5, 5000).map((x) => Math.round(x));
    const again = sampleOf(
      (() => {
        let i = 0;
        return () => xs[i++]!;
      })(),
      5000,
    );
    const refit = fitDuration("think time", again);
    expect(Math.abs(again.quantile(0.5) - sample.quantile(0.5))).toBeLessThanOrEqual(
      0.1 * sample.quantile(0.5) + 1,
    );
    expect(Math.abs(again.mean - sample.mean) / sample.mean).toBeLessThan(0.05);
    expect(refit.chosen).toBe("empirical");
  });

  it("a lognormal think time: the lognormal stands (its KS test passes), the empirical law is a candidate in the table", () => {
    const u = rng("lognormal");
    const sample = sampleOf(() => Math.round(20 * Math.exp(1.2 * normal(u))), 3000);
    const fit = fitDuration("think time", sample);
    expect(fit.chosen).toBe("lognormal");
    expect(fit.rejected).toBeUndefined();
    expect(fit.goodness!.poor).toBe(false);
    expect(fit.candidates.map((c) => c.family)).toContain("empirical");
    // The empirical candidate pays for its bins in the AIC: the two-parameter law has the lower.
    const aic = (f: string) => fit.candidates.find((c) => c.family === f)!.aic;
    expect(aic("lognormal")).toBeLessThan(aic("empirical"));
  });
});
