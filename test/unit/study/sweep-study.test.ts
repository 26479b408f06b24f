import { describe, expect, it } from "vitest";
import { clusterShards, runCount, sweepStudy } from "../../../src/study/index.js";
import { scenario } from "../../helpers.js";

/* `rrdns sweep`'s decisions (src/study/sweep-study.ts): the plan, its points, the cluster's shards. */

const options = {
  scenario: scenario({ seed: 4 }),
  sets: ["dns.ttl=30,60", "resolvers.behaviour=rotate,frozen"],
  replications: 3,
  version: "test",
};

describe("sweepStudy", () => {
  it("makes the plan of the --set values and its grid points", () => {
    const { plan, points } = sweepStudy(options);
    expect(plan.parameters.map((p) => p.path)).toEqual(["dns.ttl", "resolvers.behaviour"]);
    expect(plan.seed).toBe(4);
    expect(plan.duration).toBeNull();
    expect(points).toHaveLength(4);
    expect(runCount(plan)).toBe(12);
    expect(sweepStudy({ ...options, seed: 1, duration: 60 }).plan).toMatchObject({
      seed: 1,
      duration: 60,
    });
  });

  it("refuses a path given twice and a duration given both ways", () => {
    expect(() => sweepStudy({ ...options, sets: ["dns.ttl=1,2", "dns.ttl=3"] })).toThrow(
      /dns\.ttl/,
    );
    expect(() => sweepStudy({ ...options, sets: ["duration=60,120"], duration: 60 })).toThrow(
      /^--duration: give the duration either/,
    );
  });
});

describe("clusterShards", () => {
  const { plan } = sweepStudy(options);
  it("one shard per run up to the most, or as asked; never more than the runs", () => {
    expect(clusterShards(plan, undefined, 100)).toBe(12);
    expect(clusterShards(plan, undefined, 5)).toBe(5);
    expect(clusterShards(plan, 12, 5)).toBe(12);
    expect(() => clusterShards(plan, 13, 100)).toThrow(/^--array-size: 13 shards for 12 runs/);
  });
});
