import { describe, expect, it } from "vitest";
import { overrideList, valueAtPath } from "../../../../src/scenario/index.js";
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
