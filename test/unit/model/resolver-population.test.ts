import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/index.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "../../../src/model/resolver-behaviours.js";
import { assignBehaviours, largestRemainder } from "../../../src/model/resolver-population.js";
import { resolverKindsOf } from "../../../src/model/resolvers.js";
import { scenario } from "../../helpers.js";

describe("small helpers", () => {
  it("largest remainder splits exactly", () => {
    expect(largestRemainder([0.5, 0.3, 0.2], 7)).toEqual([4, 2, 1]);
    expect(largestRemainder([1 / 3, 1 / 3, 1 / 3], 10).reduce((a, b) => a + b)).toBe(10);
  });
});

describe("assignBehaviours: a few kinds and each resolver's index into them", () => {
  it("one behaviour: one kind, every resolver on it", () => {
    const s = scenario({ resolvers: { count: 90_000, skew: 1, behaviour: "frozen" } });
    const a = assignBehaviours(s, 90_000, new RandomStreams(1));
    expect(a.kinds).toEqual([RESOLVER_BEHAVIOUR_REGISTRY.frozen]);
    expect(a.of.length).toBe(90_000);
    expect(a.of.every((k) => k === 0)).toBe(true);
  });

  it("a mix: exact counts per behaviour, a behaviour named twice one kind, dealt by the seed", () => {
    const s = scenario({
      resolvers: {
        count: 10,
        skew: 1,
        behaviour: [
          { behaviour: "rotate", share: 0.3 },
          { behaviour: "frozen", share: 0.5 },
          { behaviour: "rotate", share: 0.2 },
        ],
      },
    });
    const a = assignBehaviours(s, 10, new RandomStreams(1));
    expect(a.kinds).toEqual([
      RESOLVER_BEHAVIOUR_REGISTRY.rotate,
      RESOLVER_BEHAVIOUR_REGISTRY.frozen,
    ]);
    const counts = [0, 0];
    for (const k of a.of) counts[k]!++;
    expect(counts).toEqual([5, 5]);
    const again = assignBehaviours(s, 10, new RandomStreams(1));
    expect([...again.of]).toEqual([...a.of]);
    const other = assignBehaviours(s, 10, new RandomStreams(2));
    expect([...other.of]).not.toEqual([...a.of]);
  });

  it("resolverKindsOf: the distinct behaviours in first-seen order", () => {
    const { rotate, frozen } = RESOLVER_BEHAVIOUR_REGISTRY;
    const k = resolverKindsOf([frozen, rotate, frozen]);
    expect(k.kinds).toEqual([frozen, rotate]);
    expect([...k.of]).toEqual([0, 1, 0]);
  });
});
