import { describe, expect, it } from "vitest";
import { CounterStreams } from "../../../../src/engine/index.js";
import {
  CACHE_ORDER_POLICIES,
  type CacheOrderPolicy,
  type CacheOrderState,
  frozenOrder,
  rotateByOne,
  rotateByRandomOffset,
  rotateLastToFront,
  STATIONARY_CACHE_ORDER,
  shuffleCached,
} from "../../../../src/model/policies/cache-order.js";
import { CACHE_ORDERS } from "../../../../src/scenario/schema.js";

/** A cached list [a, b, c] at base 4, between other records (9) that no answer may read. */
const CACHED = Int32Array.of(9, 9, 9, 9, 0, 1, 2, 9);
const BASE = 4;
const LEN = 3;

function state(resolvers = 2): CacheOrderState {
  const draws = new CounterStreams(3, "resolver-order", resolvers);
  return {
    rotation: new Int32Array(resolvers),
    draws,
    rngOf: (r) => () => draws.next(r),
  };
}

/** `count` answers of resolver r, as letters; checks nothing past `len` is written. */
function answers(policy: CacheOrderPolicy, s: CacheOrderState, count: number, r = 1): string[] {
  return Array.from({ length: count }, () => {
    const out = new Int32Array(LEN + 1).fill(-1);
    policy(s, r, CACHED, BASE, LEN, out);
    expect(out[LEN]).toBe(-1);
    return Array.from(out.subarray(0, LEN), (i) => "abc"[i]).join("");
  });
}

/** Frequencies of each answer over n answers, each within 6 s.e. of 1/k (k equally likely answers). */
function expectUniform(seen: string[], k: number): void {
  const counts = new Map<string, number>();
  for (const a of seen) counts.set(a, (counts.get(a) ?? 0) + 1);
  expect(counts.size).toBe(k);
  const p = 1 / k;
  const tolerance = 6 * Math.sqrt((p * (1 - p)) / seen.length);
  for (const c of counts.values()) expect(Math.abs(c / seen.length - p)).toBeLessThan(tolerance);
}

describe("cache-order policies", () => {
  it("rotate: by one per answer, abc bca cab abc, a counter per resolver", () => {
    const s = state();
    expect(answers(rotateByOne, s, 4)).toEqual(["abc", "bca", "cab", "abc"]);
    // The counter is stored reduced modulo the answer's length: 4 answers of 3 records → 1.
    expect(Array.from(s.rotation)).toEqual([0, 1]);
    // Resolver 0 answering moves its own counter only: resolver 1 goes on where it was.
    expect(answers(rotateByOne, s, 1, 0)).toEqual(["abc"]);
    expect(Array.from(s.rotation)).toEqual([1, 1]);
    expect(answers(rotateByOne, s, 1)).toEqual(["bca"]);
  });

  it("dnsmasq: the last record to the front, abc cab bca abc", () => {
    expect(answers(rotateLastToFront, state(), 4)).toEqual(["abc", "cab", "bca", "abc"]);
  });

  it("rotate-random: always a rotation, each of the 3 equally likely", () => {
    const seen = answers(rotateByRandomOffset, state(), 30_000);
    expect(new Set(seen)).toEqual(new Set(["abc", "bca", "cab"]));
    expectUniform(seen, 3);
  });

  it("shuffle: each of the 6 permutations equally likely", () => {
    expectUniform(answers(shuffleCached, state(), 30_000), 6);
  });

  it("frozen: the cached order every time, the rotation untouched", () => {
    const s = state();
    expect(answers(frozenOrder, s, 3)).toEqual(["abc", "abc", "abc"]);
    expect(Array.from(s.rotation)).toEqual([0, 0]);
  });

  it("has one policy and one stationary order per cache order a behaviour can name", () => {
    expect(Object.keys(CACHE_ORDER_POLICIES).sort()).toEqual([...CACHE_ORDERS].sort());
    expect(Object.keys(STATIONARY_CACHE_ORDER).sort()).toEqual([...CACHE_ORDERS].sort());
  });
});
