import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tidy } from "../../../src/metrics/index.js";

describe("tidy", () => {
  it("rounds to 9 significant digits", () => {
    expect(tidy(1 / 3)).toBe(0.333333333);
    expect(tidy(2 / 3)).toBe(0.666666667);
    expect(tidy(123456789.5)).toBe(123456790);
    expect(tidy(1.0000000004)).toBe(1);
    expect(tidy(-2 / 3)).toBe(-0.666666667);
  });

  it("keeps integers and short decimals exactly", () => {
    for (const x of [0, 1, 42, 3600, 0.5, 13.04, 9007199254740991 / 2 ** 30])
      expect(tidy(x)).toBe(Number(x.toPrecision(9)));
  });

  it("an integer's shortcut is toPrecision(9)'s value, at and around its 1e9 bound (property)", () => {
    for (const x of [999_999_999, -999_999_999, 1e9, -1e9, 1_000_000_001, 1e9 - 0.5, 2 ** 31])
      expect(tidy(x), String(x)).toBe(Number(x.toPrecision(9)));
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (x) => {
        expect(tidy(x)).toBe(x === 0 ? 0 : Number(x.toPrecision(9)));
      }),
    );
  });

  it("turns −0 into 0, so that Object.is and every formatter agree", () => {
    expect(Object.is(tidy(-0), 0)).toBe(true);
    expect(Object.is(tidy(0), 0)).toBe(true);
  });

  it("passes NaN and infinities through for callers to map to null", () => {
    expect(tidy(Number.NaN)).toBeNaN();
    expect(tidy(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(tidy(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });
});
