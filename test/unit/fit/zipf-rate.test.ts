import { describe, expect, it } from "vitest";
import { ActivityTracker, fitZipf, rateBins, rateProfile } from "../../../src/fit/index.js";
import { rng } from "./helpers.js";

describe("Zipf exponent of sessions per client", () => {
  it("recovers the exponent of a multinomial Zipf sample within its CI", () => {
    const u = rng("zipf");
    const n = 200;
    const s = 1.1;
    const w = Array.from({ length: n }, (_, i) => (i + 1) ** -s);
    const z = w.reduce((a, b) => a + b, 0);
    const cum: number[] = [];
    let acc = 0;
    for (const x of w) {
      acc += x / z;
      cum.push(acc);
    }
    const counts = new Array<number>(n).fill(0);
    for (let k = 0; k < 50000; k++) {
      const r = u();
      let i = 0;
      while (cum[i]! < r) i++;
      counts[i]!++;
    }
    const fit = fitZipf(counts);
    const se = (fit.high - fit.low) / (2 * 1.96);
    expect(Math.abs(fit.skew - s)).toBeLessThan(3 * se + 0.02); // + the ranking bias of the tail's small counts
    expect(fit.low).toBeLessThan(fit.skew);
    expect(fit.sessions).toBe(50000);
  });

  it("equal counts give 0; more skewed counts a larger exponent", () => {
    expect(fitZipf([5, 5, 5, 5]).skew).toBe(0);
    const a = fitZipf([40, 20, 13, 10, 8]).skew;
    const b = fitZipf([80, 20, 9, 5, 3]).skew;
    expect(a).toBeCloseTo(1, 1);
    expect(b).toBeGreaterThan(a);
  });
});

describe("session rate profile", () => {
  it("active stretches end at a silence of idleGap seconds, each extended by the resolution", () => {
    const a = new ActivityTracker(600, 1);
    for (const t of [0, 10, 59, 659, 700, 1299]) a.request(t);
    // 59 → 659 is exactly 600: a new stretch; 700 → 1299 is 599: the same one.
    expect(a.finish()).toEqual([
      { start: 0, end: 60 },
      { start: 659, end: 1300 },
    ]);
  });

  it("steps: each bin's sessions over its length, 0 in the silent stretches", () => {
    const bins = rateBins(
      [
        { start: 100, end: 160 },
        { start: 3700, end: 3760 },
      ],
      3600,
    );
    const p = rateProfile([100, 120, 150, 3700], bins, 100);
    expect(p).toEqual({
      profile: "steps",
      steps: [
        { at: 0, rate: 0.05 },
        { at: 60, rate: 0 },
        { at: 3600, rate: Number((1 / 60).toPrecision(4)) },
        { at: 3660, rate: 0 },
      ],
    });
  });

  it("a long stretch is cut into bins; a stretch shorter than one bin is a constant rate", () => {
    expect(rateBins([{ start: 0, end: 7300 }], 3600)).toEqual([
      { start: 0, end: 3600 },
      { start: 3600, end: 7200 },
      { start: 7200, end: 7300 },
    ]);
    expect(rateProfile([0, 5, 9], rateBins([{ start: 0, end: 10 }], 3600), 0)).toBe(0.3);
  });
});
