import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FINE_BUCKETS, LogBuckets, WINDOW_BUCKETS } from "../../../src/metrics/index.js";

describe("log-bucket histograms", () => {
  it("the bit-level bucket index equals the octave / linear sub-bucket definition", () => {
    for (const b of [FINE_BUCKETS, WINDOW_BUCKETS, new LogBuckets(1, 1, 4)]) {
      fc.assert(
        fc.property(
          fc.double({ min: b.min, max: b.min * 2 ** b.octaves * 0.999, noNaN: true }),
          (v) => {
            const x = v / b.min;
            const e = Math.floor(Math.log2(x));
            const sub = Math.floor((x / 2 ** e - 1) * b.subBuckets);
            // log2 can round at exact powers of two; compare where it is unambiguous.
            fc.pre(Math.abs(x / 2 ** e - 1 - sub / b.subBuckets) > 1e-9);
            expect(b.index(v)).toBe(1 + e * b.subBuckets + Math.min(sub, b.subBuckets - 1));
          },
        ),
      );
    }
  });
  it("a value's bucket midpoint is within 1 / (2 · subBuckets) of it, relative", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e5, noNaN: true }), (v) => {
        const mid = FINE_BUCKETS.value(FINE_BUCKETS.index(v));
        expect(Math.abs(mid - v) / v).toBeLessThanOrEqual(
          1 / (2 * FINE_BUCKETS.subBuckets) + 1e-12,
        );
      }),
    );
  });
  it("below min and beyond the last octave land in the two open buckets", () => {
    expect(FINE_BUCKETS.index(0)).toBe(0);
    expect(FINE_BUCKETS.index(1e-7)).toBe(0);
    expect(FINE_BUCKETS.index(1e12)).toBe(FINE_BUCKETS.size - 1);
  });
  it("quantiles of exponential samples match −ln(1−q)/rate to the bucket resolution and sampling error", () => {
    const counts = new Float64Array(FINE_BUCKETS.size);
    // Deterministic stratified sample: the exact quantiles of Exp(2) at (i + 0.5) / n.
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[FINE_BUCKETS.index(-Math.log(1 - (i + 0.5) / n) / 2)]!++;
    for (const q of [0.5, 0.95, 0.99, 0.999]) {
      const exact = -Math.log(1 - q) / 2;
      const got = FINE_BUCKETS.quantile(counts, 0, q)!;
      expect(Math.abs(got - exact) / exact).toBeLessThan(1 / 64);
    }
    expect(FINE_BUCKETS.quantile(new Float64Array(FINE_BUCKETS.size), 0, 0.5)).toBeNull();
  });
});
