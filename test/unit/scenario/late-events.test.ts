import { describe, expect, it } from "vitest";
import { lateEvents } from "../../../src/scenario/index.js";
import { scenario } from "../../helpers.js";

describe("scheduled events the run ends before", () => {
  it("names each failure, rate step or crowd at or after the end", () => {
    const s = scenario({
      duration: 600,
      failures: [
        { server: "10.0.0.2", at: 100, duration: 60 },
        { server: "10.0.0.2", at: 600, duration: 60 },
        { server: "10.0.0.2", at: 1800, duration: 60 },
      ],
    });
    expect(lateEvents(s)).toEqual([
      { field: "failures[1].at", at: 600 },
      { field: "failures[2].at", at: 1800 },
    ]);
  });

  it("finds them in rate profiles too, and nothing in a run that holds them all", () => {
    const steps = scenario({
      duration: 600,
      clients: {
        rate: {
          profile: "steps",
          steps: [
            { at: 0, rate: 10 },
            { at: 700, rate: 20 },
          ],
        },
      },
    });
    expect(lateEvents(steps)).toEqual([{ field: "clients.rate.steps[1].at", at: 700 }]);
    expect(lateEvents(scenario({ duration: 3600 }))).toEqual([]);
  });

  it("an autoscaling rule whose first evaluation (one interval in) is not before the end", () => {
    const pool = (duration: number, interval: number) =>
      scenario({
        duration,
        servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
        clients: { rate: 0 },
        connections: { runtime: "grpc-pick-first", clients: 10, rate: 5 },
        pool: { autoscale: { capacity: 100, target: 0.7, max: 2, interval } },
      });
    expect(lateEvents(pool(60, 60))).toEqual([{ field: "pool.autoscale.interval", at: 60 }]);
    expect(lateEvents(pool(61, 60))).toEqual([]);
  });
});
