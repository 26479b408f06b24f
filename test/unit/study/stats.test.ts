import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  replicationSeed,
  replicationSeeds,
  summarizeSample,
  upperBound,
} from "../../../src/run/index.js";
import { paretoEfficient } from "../../../src/study/index.js";

describe("summarizeSample", () => {
  it("gives mean, sample sd and the t interval", () => {
    const s = summarizeSample([1, 2, 3, 4]);
    expect(s.n).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(1.2909944, 6);
    // 2.5 ± t(0.975, 3) · sd / 2
    expect(s.ci95Low).toBeCloseTo(2.5 - (3.182446305 * 1.2909944) / 2, 6);
    expect(s.ci95High).toBeCloseTo(2.5 + (3.182446305 * 1.2909944) / 2, 6);
  });

  it("leaves out missing values, and has no interval below two values", () => {
    expect(summarizeSample([null, 5, null])).toEqual({
      n: 1,
      mean: 5,
      sd: null,
      ci95Low: null,
      ci95High: null,
    });
    expect(summarizeSample([null]).mean).toBeNull();
    expect(upperBound(summarizeSample([7]))).toBe(7);
  });

  it("a constant sample has a zero-width interval", () => {
    expect(summarizeSample([3, 3, 3])).toMatchObject({ sd: 0, ci95Low: 3, ci95High: 3 });
  });

  it("the interval always contains the mean", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2 }),
        (xs) => {
          const s = summarizeSample(xs);
          expect(s.ci95Low!).toBeLessThanOrEqual(s.mean! + 1e-6 * (1 + Math.abs(s.mean!)));
          expect(s.ci95High!).toBeGreaterThanOrEqual(s.mean! - 1e-6 * (1 + Math.abs(s.mean!)));
        },
      ),
    );
  });
});

describe("replication seeds", () => {
  it("published seeds never change (taken from the build before any refactoring)", () => {
    // Users quote these in notes and papers: `rrdns run --seed 1 --replications 5` must
    // keep meaning these five runs. Any change to the hash behind them breaks this test.
    expect(replicationSeeds(1, 5)).toEqual([1, 1505332313, 73419840, 4249946436, 1409816692]);
    expect(replicationSeeds(42, 5)).toEqual([42, 690927402, 1484115038, 1835106900, 3750287454]);
  });

  it("replication 0 is the base seed; the others are derived, distinct and stable", () => {
    expect(replicationSeed(42, 0)).toBe(42);
    const seeds = replicationSeeds(42, 1000);
    expect(new Set(seeds).size).toBe(1000);
    expect(replicationSeeds(42, 1000)).toEqual(seeds);
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
  });

  it("different base seeds do not share replications", () => {
    const a = new Set(replicationSeeds(1, 100));
    const b = replicationSeeds(2, 100);
    expect(b.filter((s) => a.has(s))).toEqual([]);
  });
});

describe("paretoEfficient (minimise every column)", () => {
  it("marks rows nobody beats on every column", () => {
    expect(
      paretoEfficient([
        [1, 5],
        [2, 2],
        [3, 3], // beaten by [2, 2]
        [5, 1],
        [5, 1], // equal rows do not dominate each other
      ]),
    ).toEqual([true, true, false, true, true]);
  });

  it("ignores columns with a missing value", () => {
    expect(
      paretoEfficient([
        [1, null],
        [2, 1],
      ]),
    ).toEqual([true, false]);
  });

  it("no efficient row is dominated, and every dominated row has an efficient dominator", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (rows) => {
          const eff = paretoEfficient(rows);
          const dom = (a: number[], b: number[]) =>
            a.every((x, i) => x <= b[i]!) && a.some((x, i) => x < b[i]!);
          rows.forEach((r, i) => {
            const beaten = rows.some((o) => dom(o, r));
            expect(eff[i]).toBe(!beaten);
          });
          expect(eff.some(Boolean)).toBe(true);
        },
      ),
    );
  });
});
