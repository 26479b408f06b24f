import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DelayHistogram } from "../../../src/metrics/delay-histogram.js";

describe("delay histogram", () => {
  it("quantiles are exact for a few distinct delays, and within one bucket otherwise", () => {
    const h = new DelayHistogram();
    for (let i = 0; i < 980; i++) h.add(0);
    for (let i = 0; i < 15; i++) h.add(0.03);
    for (let i = 0; i < 5; i++) h.add(10);
    expect(h.quantile(0.98)).toBe(0);
    expect(h.quantile(0.99)).toBe(0.03);
    expect(h.quantile(0.999)).toBe(10);
    expect(h.mean()).toBeCloseTo((15 * 0.03 + 50) / 1000, 12);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-5, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (xs) => {
          const g = new DelayHistogram();
          for (const x of xs) g.add(x);
          const sorted = [...xs].sort((a, b) => a - b);
          const exact = sorted[Math.ceil(0.99 * xs.length) - 1]!;
          const q = g.quantile(0.99);
          expect(q).toBeLessThanOrEqual(exact * 10 ** (1 / DelayHistogram.PER_DECADE));
          expect(q).toBeGreaterThanOrEqual(exact / 10 ** (1 / DelayHistogram.PER_DECADE));
        },
      ),
    );
  });
});
