import { describe, expect, it } from "vitest";
import { type PlanStudyOptions, parseSlo, planStudy } from "../../../src/study/index.js";
import { scenario } from "../../helpers.js";

/* `rrdns plan`'s decisions before any run (src/study/plan-study.ts). */

const withCapacity = scenario({
  seed: 9,
  service: { workers: 4, serviceTime: { distribution: "exponential", mean: 0.01 } },
});
const options: PlanStudyOptions = {
  scenario: withCapacity,
  path: "s.yaml",
  arg: "s",
  slo: parseSlo("p99<0.5s"),
  maxErrors: 0.001,
  servers: { from: 2, to: 5 },
  nPlusOne: true,
  replications: 3,
  sets: ["clients.rate=20"],
  duration: 300,
};

describe("planStudy", () => {
  it("applies the overrides and makes the planner's options; the most runs is counts × replications", () => {
    const study = planStudy(options);
    expect(study.scenario.clients.rate).toBe(20);
    expect(study.scenario.duration).toBe(300);
    expect(study.options).toEqual({
      slo: options.slo,
      maxErrors: 0.001,
      servers: { from: 2, to: 5 },
      nPlusOne: true,
      replications: 3,
      seed: 9,
    });
    expect(study.maxRuns).toBe(4 * 3);
    expect(planStudy({ ...options, seed: 4 }).options.seed).toBe(4);
  });

  it("refuses servers without capacity, naming the scenario as given", () => {
    expect(() => planStudy({ ...options, scenario: scenario() })).toThrow(
      /^s: rrdns plan needs servers with capacity/,
    );
  });
});
