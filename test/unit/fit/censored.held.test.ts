import { describe, expect, it } from "vitest";
import { holdMean } from "../../../src/fit/censored.js";

/*
 * The empirical pages law held to a mean (censored.ts, `holdMean`): the
 * moment condition ρ = ρ̂ read as E[N] given the other laws. Lower: the
 * exponential tilt of the weights; higher: the top atom ("top or more")
 * moved above the most pages seen, split between two integers.
 */
const mean = (h: { values: number[]; counts: number[] }) =>
  h.values.reduce((a, v, j) => a + v * h.counts[j]!, 0) / h.counts.reduce((a, b) => a + b, 0);

describe("holdMean: the empirical pages law held to a mean", () => {
  const values = [1, 2, 3, 8];
  const counts = [72, 2, 1, 25];

  it("lowers the mean by an exponential tilt on the same values, keeping the total", () => {
    const h = holdMean(values, counts, 2.5);
    expect(h.values).toEqual(values);
    expect(mean(h)).toBeCloseTo(2.5, 9);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
    // A tilt: w_j / ŵ_j is e^{θ·v_j}, so its log is linear in v with θ < 0.
    const r = h.counts.map((w, j) => Math.log(w / counts[j]!));
    const theta = (r[1]! - r[0]!) / (values[1]! - values[0]!);
    expect(theta).toBeLessThan(0);
    for (let j = 2; j < values.length; j++)
      expect((r[j]! - r[0]!) / (values[j]! - values[0]!)).toBeCloseTo(theta, 9);
  });

  it("raises the mean by moving the top atom above the most pages seen, the rest unchanged", () => {
    const h = holdMean(values, counts, 3.5);
    // rest 72 + 4 + 3 = 79; the atom of 25 at V = (350 − 79) / 25 = 10.84.
    expect(h.values).toEqual([1, 2, 3, 10, 11]);
    expect(h.counts.slice(0, 3)).toEqual([72, 2, 1]);
    expect(h.counts[3]! + h.counts[4]!).toBeCloseTo(25, 9);
    expect(mean(h)).toBeCloseTo(3.5, 9);
    // Just above the top: split between the top and the next count.
    const near = holdMean(values, counts, 3.01);
    expect(near.values).toEqual([1, 2, 3, 8, 9]);
    expect(mean(near)).toBeCloseTo(3.01, 9);
  });

  it("leaves the law at its own mean, caps the move at 1,000 pages, and lowers at most to the least count", () => {
    expect(holdMean(values, counts, mean({ values, counts }))).toEqual({ values, counts });
    expect(Math.max(...holdMean(values, counts, Number.POSITIVE_INFINITY).values)).toBe(1000);
    expect(holdMean(values, counts, 0.5)).toEqual({ values: [1], counts: [100] });
  });
});
