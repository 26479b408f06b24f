import { describe, expect, it } from "vitest";
import { tCritical95 } from "../../../src/run/index.js";

describe("tCritical95 (two-sided 95% Student t)", () => {
  it.each([
    [1, 12.7062],
    [2, 4.3027],
    [5, 2.5706],
    [9, 2.2622],
    [10, 2.2281],
    [19, 2.093],
    [29, 2.0452],
    [30, 2.0423],
    [40, 2.0211],
    [60, 2.0003],
    [120, 1.9799],
  ])("df %i is %f, as in every t table", (df, t) => {
    expect(tCritical95(df)).toBeCloseTo(t, 3);
  });

  it("interpolates between the anchors within 1e-3 of the exact quantile (scipy t.ppf)", () => {
    expect(tCritical95(45)).toBeCloseTo(2.014103, 3);
    expect(tCritical95(50)).toBeCloseTo(2.008559, 3);
    expect(tCritical95(1000)).toBeCloseTo(1.962339, 3);
    expect(tCritical95(Number.POSITIVE_INFINITY)).toBeCloseTo(1.959964, 6);
  });

  it("decreases with the degrees of freedom towards the normal 1.96", () => {
    let previous = Number.POSITIVE_INFINITY;
    for (let df = 1; df <= 500; df++) {
      const t = tCritical95(df);
      expect(t).toBeLessThanOrEqual(previous);
      expect(t).toBeGreaterThan(1.959);
      previous = t;
    }
  });

  it("rejects df below 1", () => {
    expect(() => tCritical95(0)).toThrow(RangeError);
    expect(() => tCritical95(Number.NaN)).toThrow(RangeError);
  });
});
