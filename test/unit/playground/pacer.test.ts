import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Pacer, SLICE_MS, type Steppable } from "../../../src/playground/index.js";
import { runScenario, Simulation } from "../../../src/run/index.js";
import { scenario } from "../../helpers.js";

/** A simulation whose work costs wall-clock time: `msPerSecond` per simulated second, on a fake clock. */
class CostlySim implements Steppable {
  now = 0;
  wall = 0;
  longestCall = 0;
  constructor(
    readonly horizon: number,
    private readonly msPerSecond: number,
  ) {}
  runUntil(t: number): void {
    const to = Math.min(t, this.horizon);
    const cost = (to - this.now) * this.msPerSecond;
    this.longestCall = Math.max(this.longestCall, cost);
    this.wall += cost;
    this.now = to;
  }
}

describe("Pacer: slices that return to the event loop well within 50 ms", () => {
  it("keeps every slice under 50 ms of wall clock once it has adapted, whatever the scenario's cost", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 200, noNaN: true }), (msPerSecond) => {
        const sim = new CostlySim(1e6, msPerSecond);
        const pacer = new Pacer(sim, () => sim.wall);
        const slices: number[] = [];
        for (let i = 0; i < 60 && sim.now < sim.horizon; i++) {
          const before = sim.wall;
          pacer.advance(Number.POSITIVE_INFINITY);
          slices.push(sim.wall - before);
        }
        // The first call is a guess (0.05 s of simulated time); after it the pacer knows the cost.
        const longest = Math.max(...slices.slice(1), 0);
        expect(longest).toBeLessThan(50);
        // ... and it does not crawl: a slice uses most of its budget unless the run ended.
        if (sim.now < sim.horizon) expect(slices[slices.length - 1]!).toBeGreaterThan(SLICE_MS / 2);
      }),
      { numRuns: 200 },
    );
  });

  it("stops at the target and never passes it", () => {
    const sim = new CostlySim(1000, 0.01);
    const pacer = new Pacer(sim, () => sim.wall);
    pacer.advance(123.5);
    expect(sim.now).toBe(123.5);
    pacer.advance(5000);
    expect(sim.now).toBe(1000);
  });

  it("a Simulation paced in slices ends with runScenario's results", () => {
    const s = scenario({
      duration: 400,
      failures: [{ server: "10.0.0.3", at: 100, duration: 90 }],
    });
    const sim = new Simulation(s);
    let wall = 0;
    const pacer = new Pacer(sim, () => (wall += 3));
    let slices = 0;
    while (!sim.done) {
      pacer.advance(Number.POSITIVE_INFINITY);
      slices++;
    }
    expect(slices).toBeGreaterThan(10);
    expect(JSON.stringify(sim.snapshot())).toBe(JSON.stringify(runScenario(s)));
  });
});
