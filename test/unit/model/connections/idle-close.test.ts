import { describe, expect, it } from "vitest";
import { alea } from "../../../../src/engine/alea.js";
import { idleCloseDelay } from "../../../../src/model/index.js";

describe("idleCloseDelay: time until a Poisson stream first leaves a gap of the timeout", () => {
  // E[first gap ≥ T] for a Poisson stream of rate r: (e^{rT} − 1)/r.
  for (const [rate, timeout] of [
    [0.1, 5],
    [1, 2],
    [2, 3.5],
    [3, 3],
  ] as const) {
    it(`rate ${rate}/s, timeout ${timeout} s: mean (e^{rT} − 1)/r within 5 standard errors`, () => {
      const rng = alea(`idle-${rate}-${timeout}`);
      const n = 20_000;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < n; i++) {
        const x = idleCloseDelay(rng, rate, timeout);
        expect(x).toBeGreaterThanOrEqual(timeout);
        sum += x;
        sumSq += x * x;
      }
      const mean = sum / n;
      const se = Math.sqrt((sumSq / n - mean * mean) / n);
      expect(Math.abs(mean - Math.expm1(rate * timeout) / rate)).toBeLessThan(5 * se);
    });
  }

  it("a connection busy enough never idles (Infinity), an idle one closes after the timeout", () => {
    const rng = alea("idle-edge");
    expect(idleCloseDelay(rng, 100, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(idleCloseDelay(rng, 0, 5)).toBe(5);
  });
});
