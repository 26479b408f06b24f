import { describe, expect, it } from "vitest";
import { Simulator } from "../../../../src/engine/index.js";
import { SessionWorkload, type SessionWorkloadOptions } from "../../../../src/model/index.js";
import { clearTapes } from "../../../../src/model/sessions/tapes.js";
import type { SessionSpec } from "../../../../src/scenario/index.js";
import { type ClassInput, specOf } from "./workload-helpers.js";

/** Every law kind, return visits, a heavy class (whose objects and gaps share streams) and a fixed one. */
const CLASSES: ClassInput[] = [
  {
    name: "browsers",
    clients: 40,
    skew: 1,
    rate: 0.3,
    pages: { dist: "lognormal", median: 2, sigma: 1, max: 50 },
    thinkTime: { dist: "pareto", alpha: 0.6, min: 4, max: 1800 },
    objects: { dist: "pareto", alpha: 1.1, min: 0.3, max: 1000 },
    objectGap: { dist: "lognormal", median: 2, sigma: 1.2, max: 1800 },
    revisit: { probability: 0.8, gap: { dist: "exponential", mean: 600 } },
  },
  {
    name: "heavy",
    clients: 5,
    skew: 0,
    rate: 0.05,
    pages: { dist: "geometric", mean: 3, max: 20 },
    thinkTime: { dist: "exponential", mean: 30 },
    objects: { dist: "geometric", mean: 2, max: 50 },
    objectGap: { dist: "exponential", mean: 1 },
    heavy: {
      weight: 0.3,
      objects: { dist: "geometric", mean: 20, max: 200 },
      objectGap: { dist: "exponential", mean: 0.2 },
    },
  },
  {
    name: "crawler",
    clients: 2,
    skew: 0,
    rate: 0.02,
    pages: 3,
    thinkTime: 5,
    objects: 0,
    objectGap: 1,
  },
];

function run(
  s: SessionSpec,
  o: { horizon: number; seed: number; preRoll: number; quiet: boolean },
  options: SessionWorkloadOptions,
) {
  const times: number[] = [];
  const hosts: number[] = [];
  const sim = new Simulator();
  const w = new SessionWorkload(
    s,
    o.seed,
    sim,
    o.horizon,
    {
      request(t, host) {
        times.push(t);
        hosts.push(host);
      },
    },
    options,
  );
  w.start(o.preRoll, o.quiet);
  if (options.alone) w.runAlone(o.horizon);
  else sim.run(o.horizon);
  return { times, hosts, sessions: w.sessionsStarted, unobserved: w.requestsUnobserved };
}

describe("session workload: alone (its own queue) and taped draws", () => {
  const observe = { period: 600, length: 60, offset: 100 };
  const cases = [
    { name: "steady pre-roll", spec: specOf(CLASSES), preRoll: 3000, quiet: false },
    {
      name: "quiet pre-roll, windows",
      spec: { ...specOf(CLASSES), observe },
      preRoll: 3000,
      quiet: true,
    },
    { name: "no pre-roll", spec: specOf(CLASSES), preRoll: 0, quiet: false },
  ];
  for (const c of cases)
    it(`makes the simulator's requests in its order (${c.name})`, () => {
      const o = { horizon: 20_000, seed: 4, preRoll: c.preRoll, quiet: c.quiet };
      const plain = run(c.spec, o, {});
      expect(plain.times.length).toBeGreaterThan(1000);
      clearTapes();
      for (const [name, options] of [
        ["alone", { alone: true }],
        ["taped, cold tapes", { tapes: true }],
        ["alone, taped, the tapes read back", { alone: true, tapes: true }],
      ] as const) {
        const r = run(c.spec, o, options);
        expect({ name, ...r }).toEqual({ name, ...plain });
      }
      // A shorter run leaves the tapes part-drawn: a longer one reads them and extends them.
      clearTapes();
      run(c.spec, { ...o, horizon: 5000 }, { alone: true, tapes: true });
      expect(run(c.spec, o, { alone: true, tapes: true })).toEqual(plain);
    });

  it("refuses runAlone on a workload made for a simulator", () => {
    const w = new SessionWorkload(specOf(CLASSES), 1, new Simulator(), 100, { request() {} });
    w.start(0);
    expect(() => w.runAlone(100)).toThrow(RangeError);
  });
});
