import { describe, expect, it } from "vitest";
import { binWeights, coveredSeconds } from "../../../src/metrics/bin-coverage.js";

describe("bin coverage", () => {
  it("is the overlap of each bin with [warmup, duration)", () => {
    expect(coveredSeconds(0, 60, 59, 3601)).toBe(1);
    expect(coveredSeconds(1, 60, 59, 3601)).toBe(60);
    expect(coveredSeconds(60, 60, 59, 3601)).toBe(1);
    expect(coveredSeconds(0, 60, 120, 3600)).toBe(0);
    expect([...binWeights(3, 60, 30, 150)]).toEqual([0.5, 1, 0.5]);
  });

  it("weighs full bins exactly 1 even when b·w is inexact", () => {
    expect([...binWeights(10, 0.1, 0, 1)].every((w) => w === 1)).toBe(true);
  });
});
