import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../src/scenario/index.js";
import { pointCount, type TtlStudyOptions, ttlStudy } from "../../../src/study/index.js";
import { ROOT } from "../../cli-helpers.js";
import { scenario } from "../../helpers.js";

/* `rrdns ttl`'s decisions (src/study/ttl-study.ts): the options make the plan, or a UserError. */

const options: TtlStudyOptions = {
  scenario: scenario({ seed: 7 }),
  path: "s.yaml",
  ttls: "30,300",
  sets: ["clients.rate=20"],
  replications: 4,
  limits: { maxQps: 5, maxFailedShare: "1%", maxDelayMean: 0.2 },
  version: "test",
};

describe("ttlStudy", () => {
  it("sweeps dns.ttl over the TTLs on the overridden scenario, the limits in the options' order", () => {
    const study = ttlStudy(options);
    expect(study.plan.command).toBe("ttl");
    expect(study.plan.parameters).toEqual([{ path: "dns.ttl", values: [30, 300] }]);
    expect(study.plan.scenario.clients.rate).toBe(20);
    expect(study.plan.seed).toBe(7);
    expect(study.plan.duration).toBeNull();
    expect(study.points).toHaveLength(pointCount(study.plan));
    expect(Object.entries(study.limits)).toEqual([
      ["maxQps", 5],
      ["maxFailedShare", 0.01],
      ["maxDelayMean", 0.2],
    ]);
    // Nothing run yet: the first round asks every TTL for its first seeds, fewer than the most.
    const first = study.rounds([]);
    expect(new Set(first.map((t) => t.point))).toEqual(new Set([0, 1]));
    expect(first.length).toBeLessThan(2 * options.replications);
  });

  it("keeps --seed and --duration as the plan's own", () => {
    const study = ttlStudy({ ...options, seed: 3, duration: 120 });
    expect(study.plan.seed).toBe(3);
    expect(study.plan.duration).toBe(120);
  });

  it("refuses a --set of the TTL, TTLs that are not numbers, a bad share and a pool scenario", () => {
    expect(() => ttlStudy({ ...options, sets: ["dns.ttl=5"] })).toThrow(/^--set dns\.ttl:/);
    expect(() => ttlStudy({ ...options, ttls: "30,abc" })).toThrow(/--ttls 30,abc/);
    expect(() => ttlStudy({ ...options, limits: { maxFailedShare: "2" } })).toThrow(
      /--max-failed-share/,
    );
    const file = join(ROOT, "scenarios/headless-scale-out-grpc.yaml");
    const pool = loadScenario(readFileSync(file, "utf8"), file);
    expect(() => ttlStudy({ ...options, scenario: pool, path: file })).toThrow(
      /connections: rrdns ttl weighs/,
    );
  });
});
