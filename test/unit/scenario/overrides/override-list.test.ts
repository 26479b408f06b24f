import { describe, expect, it } from "vitest";
import { lateEvents, overrideList, valueAtPath } from "../../../../src/scenario/index.js";
import { scenario } from "../../../helpers.js";

describe("the overrides a run was asked for", () => {
  const base = scenario({ seed: 1, duration: 3600 });

  it("lists --duration, --seed, then each --set, each with the file's value", () => {
    expect(
      overrideList(base, ["dns.ttl=300", "servers[0].address=10.9.9.9"], {
        duration: 600,
        seed: 7,
      }),
    ).toEqual([
      { field: "duration", value: 600, file: 3600 },
      { field: "seed", value: 7, file: 1 },
      { field: "dns.ttl", value: 300, file: base.dns.ttl },
      { field: "servers[0].address", value: "10.9.9.9", file: base.servers[0]!.address },
    ]);
  });

  it("leaves out a flag that sets the file's own value, so that run is the file's run", () => {
    expect(overrideList(base, [`dns.ttl=${base.dns.ttl}`], { seed: 1, duration: 3600 })).toEqual(
      [],
    );
  });

  it("keeps the last flag for a field, in its place", () => {
    expect(overrideList(base, ["duration=100"], { duration: 600 })).toEqual([
      { field: "duration", value: 100, file: 3600 },
    ]);
    expect(overrideList(base, ["duration=3600"], { duration: 600 })).toEqual([]);
  });

  it("says nothing of a file value for a field the file does not set", () => {
    const [o] = overrideList(base, ["dns.healthCheck.interval=5"]);
    expect(o).toEqual({ field: "dns.healthCheck.interval", value: 5 });
    expect(Object.hasOwn(o!, "file")).toBe(false);
  });

  it("reads values by path, own fields only", () => {
    expect(valueAtPath({ a: [{ b: 2 }] }, ["a", 0, "b"])).toBe(2);
    expect(valueAtPath({ a: 1 }, ["a", "b"])).toBeUndefined();
    expect(valueAtPath({}, ["constructor"])).toBeUndefined();
  });
});

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
