import { describe, expect, it } from "vitest";
import { balanceOf } from "../../../src/metrics/index.js";

/** Closed forms on known load vectors: max/mean, CoV (population sd / mean), Jain (Σx)²/(nΣx²). */
describe("balanceOf", () => {
  it("is perfect for equal loads", () => {
    expect(balanceOf([5, 5, 5, 5], 4)).toEqual({ maxOverMean: 1, cov: 0, jain: 1 });
  });

  it("is worst when one server has it all: max/mean n, CoV √(n−1), Jain 1/n", () => {
    const b = balanceOf([8, 0, 0, 0], 4)!;
    expect(b.maxOverMean).toBe(4);
    expect(b.cov).toBeCloseTo(Math.sqrt(3), 12);
    expect(b.jain).toBe(0.25);
  });

  it("matches the formulas on 1, 2, 3", () => {
    // mean 2, population variance (1 + 0 + 1) / 3 = 2/3, Σx = 6, Σx² = 14.
    const b = balanceOf([1, 2, 3], 3)!;
    expect(b.maxOverMean).toBe(1.5);
    expect(b.cov).toBeCloseTo(Math.sqrt(2 / 3) / 2, 12);
    expect(b.jain).toBeCloseTo(36 / (3 * 14), 12);
  });

  it("uses the population, not the sample, standard deviation", () => {
    // Two servers 1 and 3: population sd 1 (sample sd would be √2).
    expect(balanceOf([1, 3], 2)!.cov).toBeCloseTo(0.5, 12);
  });

  it("reads n values from an offset (one bin of a per-bin, per-server array)", () => {
    const bins = [9, 9, 1, 3, 7, 7];
    expect(balanceOf(bins, 2, 2)!.maxOverMean).toBe(1.5);
    expect(balanceOf(bins, 2, 4)!.jain).toBe(1);
  });

  it("is null when nothing was carried", () => {
    expect(balanceOf([0, 0, 0], 3)).toBeNull();
  });
});
