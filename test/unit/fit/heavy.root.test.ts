import { describe, expect, it } from "vitest";
import { increasingRoot, type RootSearch } from "../../../src/fit/heavy.js";

/** What the heavy-sessions fit did before the warm starts: `steps` halvings of the whole range. */
function bisect(f: (x: number) => number, o: RootSearch): number {
  let lo = o.lo;
  let hi = o.hi;
  for (let it = 0; it < o.steps; it++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const RANGE = { lo: -30, hi: 12, steps: 40 };
const tolerance = (RANGE.hi - RANGE.lo) / 2 ** RANGE.steps;

describe("increasingRoot: the heavy-sessions fit's scale equations", () => {
  it("finds the root bisection finds, to its precision, from no guess and from guesses near and far", () => {
    for (const root of [-29.5, -3.2, 0, 0.7, 11.9]) {
      const f = (x: number) => Math.tanh(x - root) + 1e-3 * (x - root);
      const want = bisect(f, { ...RANGE, from: Number.NaN });
      for (const from of [Number.NaN, root + 1e-4, root - 2, root + 9, RANGE.lo + 1])
        expect(Math.abs(increasingRoot(f, { ...RANGE, from }) - want)).toBeLessThan(2 * tolerance);
    }
  });

  it("an f that falls back below 0 at the top (every draw past the law's cap: mean 0 again) still gets bisection's root inside", () => {
    // Increasing up to 5, then back down to its value at the bottom: no sign change between the ends.
    const f = (x: number) => (x < 5 ? Math.tanh(x + 0.7) : Math.tanh(5.7) - (x - 5)) - 0.2;
    expect(f(RANGE.lo)).toBeLessThan(0);
    expect(f(RANGE.hi)).toBeLessThan(0);
    const want = bisect(f, { ...RANGE, from: Number.NaN });
    expect(Math.abs(want - (Math.atanh(0.2) - 0.7))).toBeLessThan(2 * tolerance);
    for (const from of [Number.NaN, 4, 11])
      expect(Math.abs(increasingRoot(f, { ...RANGE, from }) - want)).toBeLessThan(2 * tolerance);
  });

  it("a value that is not a number reads as above the root, as in bisection", () => {
    const f = (x: number) => (x > 8 ? Number.NaN : x - 1.5);
    for (const from of [Number.NaN, 1.4, 7.9])
      expect(Math.abs(increasingRoot(f, { ...RANGE, from }) - 1.5)).toBeLessThan(2 * tolerance);
  });
});
