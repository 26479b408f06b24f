import { describe, expect, it } from "vitest";
import {
  expectedVisits,
  expectedVisitsOver,
  peakRate,
  rateAt,
} from "../../../src/scenario/rate-profile.js";
import type { RateProfile } from "../../../src/scenario/schema.js";

/** The midpoint rule over `steps` pieces: the numerical check of the closed forms. */
function integrate(profile: RateProfile, from: number, to: number, steps = 200_000): number {
  const h = (to - from) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += rateAt(profile, from + (i + 0.5) * h);
  return sum * h;
}

const smooth: [string, RateProfile][] = [
  ["constant", 7.5],
  [
    "steps",
    {
      profile: "steps",
      steps: [
        { at: 0, rate: 2 },
        { at: 100, rate: 9 },
        { at: 250.5, rate: 0 },
        { at: 400, rate: 4 },
      ],
    },
  ],
  ["steps starting late", { profile: "steps", steps: [{ at: 50, rate: 3 }] }],
  ["diurnal", { profile: "diurnal", mean: 10, peakToTrough: 4, peakAt: 130, period: 360 }],
  ["flash", { profile: "flash", base: 1, peak: 40, at: 120, rise: 30, decay: 90 }],
  ["flash without a rise", { profile: "flash", base: 2, peak: 20, at: 60, rise: 0, decay: 45 }],
  ["flash below its base", { profile: "flash", base: 20, peak: 5, at: 60, rise: 10, decay: 45 }],
];

// Intervals that start before, inside and after the profiles' changes.
const intervals: [number, number][] = [
  [0, 600],
  [0, 75],
  [37.25, 290],
  [125, 131],
  [300, 1000],
];

describe("expected visits in closed form", () => {
  for (const [name, profile] of smooth) {
    it(`${name}: the integral of rateAt over [from, to), against the midpoint rule`, () => {
      for (const [from, to] of intervals) {
        const closed = expectedVisits(profile, from, to);
        const numeric = integrate(profile, from, to);
        // Midpoint error: O(h²) on smooth pieces, up to Δrate·h/2 per jump (h ≤ 0.005 s here).
        expect(Math.abs(closed - numeric)).toBeLessThan(1e-6 * Math.max(1, numeric) + 0.05);
      }
    });
  }

  it("is additive: [a, b) + [b, c) = [a, c)", () => {
    for (const [, profile] of smooth) {
      const whole = expectedVisits(profile, 10, 900);
      const parts = expectedVisits(profile, 10, 333.3) + expectedVisits(profile, 333.3, 900);
      expect(parts).toBeCloseTo(whole, 9);
    }
  });

  it("a diurnal profile makes mean × period visits over a whole period, wherever it starts", () => {
    const p: RateProfile = {
      profile: "diurnal",
      mean: 10,
      peakToTrough: 4,
      peakAt: 0,
      period: 100,
    };
    expect(expectedVisits(p, 0, 100)).toBeCloseTo(1000, 9);
    expect(expectedVisits(p, 37, 137)).toBeCloseTo(1000, 9);
    // Half a period around the peak holds more than the mean's share: a = 3/5, ∫ = 500 + 600/π.
    expect(expectedVisits(p, -25, 25)).toBeCloseTo(500 + 600 / Math.PI, 9);
  });

  it("a periodic source counts its visit times offset + k·interval in [from, to)", () => {
    const p: RateProfile = { profile: "periodic", interval: 10, offset: 5 };
    const times = Array.from({ length: 100 }, (_, k) => 5 + 10 * k);
    for (const [from, to] of [
      [0, 100],
      [0, 5],
      [0, 5.0001],
      [5, 15],
      [6, 15.5],
      [15, 15],
      [123, 456],
    ] as const) {
      const counted = times.filter((t) => t >= from && t < to).length;
      expect(expectedVisits(p, from, to)).toBe(counted);
    }
    expect(expectedVisitsOver(p, 100)).toBe(10);
  });

  it("expectedVisitsOver(p, d) is expectedVisits(p, 0, d), bit for bit", () => {
    for (const [, profile] of smooth)
      for (const d of [1, 99.5, 3600, 86400])
        expect(expectedVisitsOver(profile, d)).toBe(expectedVisits(profile, 0, d));
  });
});

describe("peak rate", () => {
  it("bounds rateAt everywhere and is reached", () => {
    for (const [, profile] of smooth) {
      const peak = peakRate(profile);
      let highest = 0;
      for (let t = 0; t < 2000; t += 0.5) {
        const r = rateAt(profile, t);
        expect(r).toBeLessThanOrEqual(peak * (1 + 1e-12));
        highest = Math.max(highest, r);
      }
      expect(highest).toBeGreaterThan(peak * (1 - 1e-3));
    }
  });

  it("a steps profile of 125,000 steps: found by a loop, not a spread (no stack overflow)", () => {
    const steps = Array.from({ length: 125_000 }, (_, i) => ({ at: i, rate: (i * 7919) % 1000 }));
    expect(peakRate({ profile: "steps", steps })).toBe(999);
  });

  it("periodic: one visit per interval; zero before its offset", () => {
    const p: RateProfile = { profile: "periodic", interval: 4, offset: 10 };
    expect(peakRate(p)).toBe(0.25);
    expect(rateAt(p, 9.99)).toBe(0);
    expect(rateAt(p, 10)).toBe(0.25);
  });
});
