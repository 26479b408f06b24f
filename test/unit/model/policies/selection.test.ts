import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../../src/engine/index.js";
import { SELECTION_POLICIES } from "../../../../src/model/policies/selection.js";
import { SELECTIONS } from "../../../../src/scenario/index.js";
import { run } from "../../../helpers.js";
import { chiSquareUniform, SIGNIFICANCE } from "../../engine/chi-square.js";

const context = () => ({
  rng: new RandomStreams(3).stream("selection"),
  prefixLength: Int32Array.from([0, 24, 0, 28]),
});

describe("client selection policies", () => {
  it("has one policy per schema value", () => {
    expect(Object.keys(SELECTION_POLICIES).sort()).toEqual([...SELECTIONS].sort());
  });

  it("first tries only the first address; failover all of them in DNS order", () => {
    const answer = Int32Array.from([2, 0, 3, 1]);
    expect(SELECTION_POLICIES.first(answer, 4, context())).toBe(1);
    expect(SELECTION_POLICIES.failover(answer, 4, context())).toBe(4);
    expect(Array.from(answer)).toEqual([2, 0, 3, 1]);
  });

  it("sorted puts the longest prefix match first, keeps DNS order otherwise, then fails over", () => {
    const answer = Int32Array.from([2, 0, 3, 1]);
    expect(SELECTION_POLICIES.sorted(answer, 4, context())).toBe(4);
    expect(Array.from(answer)).toEqual([3, 1, 2, 0]);
  });

  it("random: each of len addresses gets 1/len of the picks (within 4 SE; chi-square)", () => {
    const ctx = context();
    const n = 40_000;
    const counts = [0, 0, 0, 0];
    const answer = new Int32Array(4);
    for (let i = 0; i < n; i++) {
      answer.set([0, 1, 2, 3]);
      expect(SELECTION_POLICIES.random(answer, 4, ctx)).toBe(1);
      counts[answer[0]!]!++;
    }
    const se = Math.sqrt(n * 0.25 * 0.75);
    for (const c of counts) expect(Math.abs(c - n / 4)).toBeLessThan(4 * se);
    expect(chiSquareUniform(counts).p).toBeGreaterThan(SIGNIFICANCE);
  });

  it("random selection spreads one frozen resolver's clients over every server, 1/N each (within 4 SE)", () => {
    const r = run({
      duration: 2000,
      dns: { ttl: 1e6, order: "fixed" },
      resolvers: { count: 1, behaviour: "frozen" },
      clients: { rate: 20, selection: "random" },
    });
    const n = r.totals.served;
    const se = Math.sqrt((1 / 3) * (2 / 3) * n);
    for (const s of r.servers) expect(Math.abs(s.served - n / 3), s.address).toBeLessThan(4 * se);
  });
});
