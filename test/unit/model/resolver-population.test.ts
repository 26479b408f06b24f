import { describe, expect, it } from "vitest";
import { largestRemainder } from "../../../src/model/resolver-population.js";

describe("small helpers", () => {
  it("largest remainder splits exactly", () => {
    expect(largestRemainder([0.5, 0.3, 0.2], 7)).toEqual([4, 2, 1]);
    expect(largestRemainder([1 / 3, 1 / 3, 1 / 3], 10).reduce((a, b) => a + b)).toBe(10);
  });
});
