import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import {
  AliasTable,
  CounterStreams,
  exponential,
  RandomStreams,
  shuffleInPlace,
  zipfWeights,
} from "../../../src/engine/index.js";
import { chiSquareUniform, SIGNIFICANCE } from "./chi-square.js";

describe("RandomStreams", () => {
  it("gives the same sequence for the same seed and name, different ones otherwise", () => {
    const a = new RandomStreams(1).stream("x", 3);
    const b = new RandomStreams(1).stream("x", 3);
    const c = new RandomStreams(1).stream("x", 4);
    const d = new RandomStreams(2).stream("x", 3);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    expect([d(), d(), d()]).not.toEqual(seqA);
  });

  it("keeps streams independent: drawing from one does not move another", () => {
    const s1 = new RandomStreams(5);
    const s2 = new RandomStreams(5);
    const other = s1.stream("other");
    for (let i = 0; i < 1000; i++) other();
    expect(s1.stream("arrivals")()).toBe(s2.stream("arrivals")());
  });
});

describe("distributions", () => {
  it("exponential has the right mean", () => {
    const rng = new RandomStreams(3).stream("exp");
    const xs = Array.from({ length: 50000 }, () => exponential(rng, 4));
    expect(ss.mean(xs)).toBeCloseTo(0.25, 2);
  });

  it("Zipf weights sum to 1 and fall as 1/i^s", () => {
    const w = zipfWeights(100, 1);
    expect(ss.sum(Array.from(w))).toBeCloseTo(1, 12);
    expect(w[0]! / w[9]!).toBeCloseTo(10, 9);
    // domain.md: with exponent 1 over 10..1000 resolvers the top one carries 13–34%.
    expect(zipfWeights(1000, 1)[0]).toBeGreaterThan(0.13);
    expect(zipfWeights(10, 1)[0]).toBeLessThan(0.35);
    expect(Array.from(zipfWeights(4, 0))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("alias table samples in proportion to the weights", () => {
    const weights = [0.5, 0.3, 0.15, 0.05, 0];
    const table = new AliasTable(weights);
    const rng = new RandomStreams(9).stream("alias");
    const counts = new Array(weights.length).fill(0);
    const n = 200000;
    for (let i = 0; i < n; i++) counts[table.sample(rng)]++;
    weights.forEach((w, i) => {
      const sd = Math.sqrt((n * w * (1 - w)) / 1) + 1e-9;
      expect(Math.abs(counts[i] - n * w)).toBeLessThan(5 * sd + 1);
    });
    expect(counts[4]).toBe(0);
  });

  it("alias table rejects bad weights", () => {
    expect(() => new AliasTable([])).toThrow();
    expect(() => new AliasTable([0, 0])).toThrow();
    expect(() => new AliasTable([1, -1])).toThrow();
  });

  it("shuffle gives every permutation with equal frequency (chi-square over all 24)", () => {
    const rng = new RandomStreams(1).stream("s");
    const counts = new Map<string, number>();
    const v = new Int32Array(4);
    const n = 24_000;
    for (let i = 0; i < n; i++) {
      v.set([0, 1, 2, 3]);
      shuffleInPlace(rng, v);
      const key = v.join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    expect([...counts.keys()].every((k) => [...k].sort().join("") === "0123")).toBe(true);
    expect(chiSquareUniform([...counts.values()]).p).toBeGreaterThan(SIGNIFICANCE);
  });

  it("shuffle of a prefix leaves the rest alone", () => {
    const v = Int32Array.from([0, 1, 2, 3, 4, 5]);
    shuffleInPlace(new RandomStreams(2).stream("s"), v, 3);
    expect(Array.from(v.subarray(3))).toEqual([3, 4, 5]);
    expect(Array.from(v.subarray(0, 3)).sort()).toEqual([0, 1, 2]);
  });
});

describe("CounterStreams", () => {
  it("is reproducible, independent per stream, and uniform", () => {
    const a = new CounterStreams(1, "x", 3);
    const b = new CounterStreams(1, "x", 3);
    const seqA = [a.next(0), a.next(0), a.next(1)];
    expect([b.next(0), b.next(0), b.next(1)]).toEqual(seqA);
    // Drawing from stream 2 does not move stream 1.
    const c = new CounterStreams(1, "x", 3);
    for (let i = 0; i < 100; i++) c.next(2);
    c.next(0);
    c.next(0);
    expect(c.next(1)).toBe(seqA[2]);
    expect(new CounterStreams(2, "x", 3).next(0)).not.toBe(seqA[0]);
    const u = new CounterStreams(7, "u", 1000);
    const xs: number[] = [];
    for (let i = 0; i < 1000; i++) for (let k = 0; k < 50; k++) xs.push(u.next(i));
    expect(ss.mean(xs)).toBeCloseTo(0.5, 2);
    expect(ss.variance(xs)).toBeCloseTo(1 / 12, 2);
    const deciles = new Array(10).fill(0);
    for (const x of xs) deciles[Math.floor(x * 10)]++;
    for (const d of deciles)
      expect(Math.abs(d - xs.length / 10)).toBeLessThan(5 * Math.sqrt(xs.length * 0.09));
    // Consecutive draws of one stream are uncorrelated.
    expect(Math.abs(ss.sampleCorrelation(xs.slice(0, -1), xs.slice(1)))).toBeLessThan(0.02);
  });
});
