import { describe, expect, it } from "vitest";
import type { Authoritative } from "../../../src/model/authoritative.js";
import { IntervalSet } from "../../../src/model/intervals.js";
import { chiSquareUniform, SIGNIFICANCE } from "../engine/chi-square.js";
import { authoritative, letters, never } from "./authority-helpers.js";

function answers(auth: Authoritative, count: number, t = 0): string[] {
  const out = new Int32Array(3);
  return Array.from({ length: count }, () => letters(out, auth.answer(t, out)));
}

describe("authoritative answer orders", () => {
  it("cyclic rotates by one per answer: abc, bca, cab, abc", () => {
    expect(answers(authoritative("cyclic"), 4)).toEqual(["abc", "bca", "cab", "abc"]);
  });
  it("fixed always answers the same order", () => {
    expect(answers(authoritative("fixed"), 3)).toEqual(["abc", "abc", "abc"]);
  });
  it("random answers every permutation with uniform frequencies (chi-square)", () => {
    const counts = new Map<string, number>();
    for (const a of answers(authoritative("random"), 12_000))
      counts.set(a, (counts.get(a) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["abc", "acb", "bac", "bca", "cab", "cba"]);
    expect(chiSquareUniform([...counts.values()]).p).toBeGreaterThan(SIGNIFICANCE);
  });
  it("cname answers one rotating address", () => {
    expect(answers(authoritative("cname"), 4)).toEqual(["a", "b", "c", "a"]);
  });
  it("health-checked: a withdrawn address is left out while withdrawn", () => {
    const auth = authoritative("cyclic", [
      never,
      new IntervalSet([{ start: 10, end: 20, tag: 0 }]),
      never,
    ]);
    expect(answers(auth, 2, 15)).toEqual(["ac", "ca"]);
    expect(answers(auth, 1, 25)[0]).toHaveLength(3);
  });
});
