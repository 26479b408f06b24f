import { describe, expect, it } from "vitest";
import { fmix32, hashString, mix32 } from "../../../src/engine/hash.js";

/**
 * The inverses published with the two finalisers (Wellons' hash-prospector
 * for lowbias32, the MurmurHash3 literature for fmix32): each multiplier's
 * inverse mod 2^32, and x ^= x >>> s undone by x ^= x >>> s ^ x >>> 2s.
 */
function unmix(value: number, m1Inverse: number, shift: number, m2Inverse: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, m2Inverse);
  x ^= (x >>> shift) ^ (x >>> (2 * shift));
  x = Math.imul(x, m1Inverse);
  x ^= x >>> 16;
  return x >>> 0;
}
const unmix32 = (x: number) => unmix(x, 0x1d69e2a5, 15, 0x43021123);
const unfmix32 = (x: number) => unmix(x, 0xa5cb9243, 13, 0x7ed1b41d);

/** FNV-1a, 32 bits, written from its definition. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "latin1")) h = Math.imul(h ^ byte, 0x01000193);
  return h >>> 0;
}

/** Inputs spread over the 32-bit range (a Weyl sequence). */
const inputs = (n: number): number[] =>
  Array.from({ length: n }, (_, i) => Math.imul(i, 0x9e3779b9) >>> 0);

describe("the integer hashes", () => {
  it("fmix32 is MurmurHash3's finaliser: 0 → 0 and its published value for 1", () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });

  it("both are bijections on 32 bits: no two seeds derive the same stream", () => {
    const xs = [...inputs(20_000), 0, 1, 0x7fffffff, 0x80000000, 0xffffffff];
    expect(xs.map((x) => unmix32(mix32(x)))).toEqual(xs);
    expect(xs.map((x) => unfmix32(fmix32(x)))).toEqual(xs);
  });

  it("return unsigned 32-bit integers, and read their input modulo 2^32", () => {
    for (const f of [mix32, fmix32]) {
      for (const x of [-1, 0xffffffff, 2 ** 32 + 5, 5]) {
        const h = f(x);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      }
      expect(f(-1)).toBe(f(0xffffffff));
      expect(f(2 ** 32 + 5)).toBe(f(5));
    }
  });

  it("avalanche: each input bit flips each output bit with probability 1/2 (within 6 s.e.)", () => {
    const n = 4000;
    // The standard error of a proportion near 1/2 over n inputs.
    const tolerance = 6 * Math.sqrt(0.25 / n);
    for (const f of [mix32, fmix32]) {
      const flips = new Float64Array(32 * 32);
      for (const x of inputs(n)) {
        const h = f(x);
        for (let i = 0; i < 32; i++) {
          const d = (h ^ f((x ^ (1 << i)) >>> 0)) >>> 0;
          for (let o = 0; o < 32; o++) flips[i * 32 + o]! += (d >>> o) & 1;
        }
      }
      const worst = Math.max(...Array.from(flips, (c) => Math.abs(c / n - 0.5)));
      expect(worst).toBeLessThan(tolerance);
    }
  });
});

describe("hashString", () => {
  it("is FNV-1a (its reference vectors) then mix32", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
    for (const text of ["", "a", "foobar", "auth", "resolver-17", "é"])
      expect(hashString(text)).toBe(mix32(fnv1a(text)));
  });

  it("names that differ in one character get distinct hashes", () => {
    const names = Array.from({ length: 2000 }, (_, i) => `stream-${i}`);
    expect(new Set(names.map(hashString)).size).toBe(names.length);
  });
});
