import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runScenario, Simulation } from "../../../src/run/index.js";
import { scenario } from "../../helpers.js";

// Everything that has state across events: warm-up, failures of both modes
// (begin/end events), health checks, client caches, random orders.
const busy = scenario({
  duration: 400,
  warmup: 37.5,
  window: 10,
  resolvers: {
    count: 50,
    skew: 1,
    behaviour: [
      { behaviour: "rotate-random", share: 0.5 },
      { behaviour: "dnsmasq", share: 0.5 },
    ],
  },
  dns: { ttl: 20, order: "random", healthCheck: { interval: 5, failures: 2 } },
  clients: {
    rate: 40,
    requestsPerVisit: 3,
    requestInterval: 2,
    selection: "failover",
    connectTimeout: 3,
    cache: { population: 200, lifetime: 15 },
  },
  failures: [
    { server: "10.0.0.2", at: 30, duration: 100, mode: "refused" },
    { server: "10.0.0.2", at: 80, duration: 150 },
    { server: "all", mtbf: 300, mttr: 20, mode: "refused" },
  ],
});
const whole = JSON.stringify(runScenario(busy));

describe("stepping a Simulation", () => {
  it("any sequence of runUntil steps, with snapshots on the way, gives the one-run results byte for byte", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 120, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        (steps, snapshotOnTheWay) => {
          const sim = new Simulation(busy);
          let t = 0;
          for (const step of steps) {
            t += step;
            sim.runUntil(t);
            if (snapshotOnTheWay) sim.snapshot();
          }
          sim.run();
          expect(sim.done).toBe(true);
          expect(JSON.stringify(sim.snapshot())).toBe(whole);
        },
      ),
      { numRuns: 40, seed: 20240601 },
    );
  });

  it("steps that land exactly on event times and on the warm-up boundary change nothing", () => {
    const sim = new Simulation(busy);
    for (const t of [30, 30, 37.5, 80, 80.000001, 130, 230, 399.999, 400, 1e9]) sim.runUntil(t);
    expect(JSON.stringify(sim.snapshot())).toBe(whole);
  });

  it("a snapshot mid-run holds what happened so far: visits grow with time, nothing before the warm-up", () => {
    const sim = new Simulation(busy);
    sim.runUntil(30);
    expect(sim.snapshot().totals.visits).toBe(0);
    expect(sim.now).toBe(30);
    sim.runUntil(200);
    const mid = sim.snapshot().totals.visits;
    sim.run();
    const end = sim.snapshot().totals.visits;
    expect(mid).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(mid);
    // Arrivals are Poisson at 40/s: the measured part [37.5, 200) holds about 40·162.5 visits.
    expect(Math.abs(mid - 40 * 162.5)).toBeLessThan(4 * Math.sqrt(40 * 162.5));
  });
});
