import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/index.js";
import { ArrivalProcess } from "../../../src/model/arrivals.js";
import { expectedVisits, peakRate, type RateProfile, rateAt } from "../../../src/scenario/index.js";

describe("arrival profiles", () => {
  const profiles: RateProfile[] = [
    5,
    {
      profile: "steps",
      steps: [
        { at: 0, rate: 2 },
        { at: 1000, rate: 10 },
        { at: 2000, rate: 0 },
        { at: 3000, rate: 4 },
      ],
    },
    { profile: "diurnal", mean: 5, peakToTrough: 3, peakAt: 1000, period: 4000 },
    { profile: "flash", base: 1, peak: 30, at: 1000, rise: 100, decay: 500 },
    { profile: "flash", base: 0, peak: 30, at: 1000, rise: 100, decay: 300 },
    {
      profile: "steps",
      steps: [
        { at: 700, rate: 3 },
        { at: 1400, rate: 0 },
      ],
    },
  ];
  it.each(
    profiles.map((p, i) => [`${typeof p === "number" ? "constant" : p.profile} #${i}`, p] as const),
  )(
    "%s: arrivals per window match the integrated rate (non-homogeneous Poisson, exact)",
    (_name, profile) => {
      const process = new ArrivalProcess(
        profile,
        new RandomStreams(4).stream("a"),
        new RandomStreams(4).stream("b"),
      );
      const horizon = 4000;
      const windows = new Float64Array(8);
      let t = process.next(0, horizon);
      while (t < horizon) {
        windows[Math.floor(t / 500)]!++;
        t = process.next(t, horizon);
      }
      windows.forEach((count, w) => {
        const expected = expectedVisits(profile, w * 500, (w + 1) * 500);
        expect(Math.abs(count - expected)).toBeLessThanOrEqual(5 * Math.sqrt(expected) + 1);
      });
    },
  );
  it("a steps profile with 125,000 steps: the peak is found without overflowing the stack", () => {
    const steps = Array.from({ length: 125_000 }, (_, i) => ({ at: i, rate: (i * 7919) % 1000 }));
    expect(peakRate({ profile: "steps", steps })).toBe(999);
    const process = new ArrivalProcess(
      { profile: "steps", steps },
      new RandomStreams(1).stream("a"),
      new RandomStreams(1).stream("b"),
    );
    expect(process.next(0, 10)).toBeLessThan(10);
  });

  it("diurnal peak-to-trough and mean are as configured", () => {
    const p: RateProfile = {
      profile: "diurnal",
      mean: 10,
      peakToTrough: 4,
      peakAt: 0,
      period: 100,
    };
    expect(rateAt(p, 0) / rateAt(p, 50)).toBeCloseTo(4, 9);
    expect(expectedVisits(p, 0, 100) / 100).toBeCloseTo(10, 6);
    expect(peakRate(p)).toBeCloseTo(rateAt(p, 0), 9);
  });
});
