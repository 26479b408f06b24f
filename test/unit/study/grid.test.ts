import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/scenario/index.js";
import {
  checkDistinctPaths,
  expandGrid,
  parsePath,
  parseSetFlag,
  parseValueList,
  SweepSyntaxError,
  setAtPath,
} from "../../../src/study/grid.js";
import { parseShard, type SweepPlan, sweepTasks } from "../../../src/study/index.js";
import { scenario } from "../../helpers.js";

const base = scenario({
  failures: [{ server: "10.0.0.2", at: 100, duration: 200 }],
});

function plan(sets: string[], replications = 2): SweepPlan {
  return {
    command: "sweep",
    version: "test",
    scenario: base,
    parameters: sets.map((s) => parseSetFlag(s)),
    replications,
    seed: 7,
    duration: null,
  };
}

function userErrorOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).format();
  }
  throw new Error("expected a UserError");
}

describe("value lists", () => {
  it("reads numbers, words and booleans, dropping duplicates", () => {
    expect(parseValueList("30, 60,300,30")).toEqual([30, 60, 300]);
    expect(parseValueList("rotate,frozen")).toEqual(["rotate", "frozen"]);
    expect(parseValueList("true,false,1e3,.5")).toEqual([true, false, 1000, 0.5]);
  });

  it("expands linear ranges, end included when hit, without float drift", () => {
    expect(parseValueList("30..300:30")).toEqual([30, 60, 90, 120, 150, 180, 210, 240, 270, 300]);
    expect(parseValueList("0..1:0.1")).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(parseValueList("1..10:4")).toEqual([1, 5, 9]);
    expect(parseValueList("1.5..3:0.5")).toEqual([1.5, 2, 2.5, 3]);
    expect(parseValueList("10,20..40:10,60")).toEqual([10, 20, 30, 40, 60]);
  });

  it("expands log ranges: ends exact, 3 significant digits, whole when the ends are", () => {
    expect(parseValueList("log:30..86400:8")).toEqual([30, 94, 292, 911, 2840, 8870, 27700, 86400]);
    expect(parseValueList("log:1..100:3")).toEqual([1, 10, 100]);
    expect(parseValueList("log:0.1..10:3")).toEqual([0.1, 1, 10]);
  });

  it.each(["", "1,,2", "1..10", "10..1:1", "1..10:0", "log:0..10:3", "log:1..10:1", "0..1e9:1"])(
    "rejects '%s'",
    (text) => {
      expect(() => parseValueList(text)).toThrow(SweepSyntaxError);
    },
  );
});

describe("field paths", () => {
  it("accepts dots and brackets for array elements", () => {
    expect(parsePath("servers[0].capacity")).toEqual(["servers", 0, "capacity"]);
    expect(parsePath("failures.0.at")).toEqual(["failures", 0, "at"]);
    expect(parsePath("dns.ttl")).toEqual(["dns", "ttl"]);
  });

  it("sets a copy, creating missing objects but never missing array elements", () => {
    const root = { dns: { ttl: 1 }, servers: [{ a: 1 }] };
    const next = setAtPath(root, ["dns", "healthCheck", "interval"], 5) as typeof root;
    expect(next).toEqual({ dns: { ttl: 1, healthCheck: { interval: 5 } }, servers: [{ a: 1 }] });
    expect(root.dns).toEqual({ ttl: 1 });
    expect(() => setAtPath(root, ["servers", 3, "a"], 1)).toThrow(/has 1 entry/);
    expect(() => setAtPath(root, ["dns", "ttl", "x"], 1)).toThrow(/is a number/);
  });
});

describe("grid expansion", () => {
  it("is the Cartesian product, the first --set varying slowest, each point validated", () => {
    const points = expandGrid(
      plan(["dns.ttl=30,300", "servers[0].capacity=100,200,300", "failures.0.at=50"]),
    );
    expect(points.map((p) => p.values)).toEqual([
      [30, 100, 50],
      [30, 200, 50],
      [30, 300, 50],
      [300, 100, 50],
      [300, 200, 50],
      [300, 300, 50],
    ]);
    expect(points[4]!.scenario.dns.ttl).toBe(300);
    expect(points[4]!.scenario.servers[0]!.capacity).toBe(200);
    expect(points[4]!.scenario.failures[0]).toMatchObject({ at: 50 });
    // Defaults of newly created objects are filled in by the schema.
    const hc = expandGrid(plan(["dns.healthCheck.interval=5"]))[0]!.scenario.dns.healthCheck;
    expect(hc).toEqual({ interval: 5, failures: 3, recoveries: 1 });
  });

  it("common random numbers: replication r has the same seed at every grid point", () => {
    const tasks = [...sweepTasks(plan(["dns.ttl=30,60,300"], 4))];
    expect(tasks).toHaveLength(12);
    for (const t of tasks) expect(t.seed).toBe(tasks[t.replication]!.seed);
    expect(tasks[0]!.seed).toBe(7);
  });

  it("shards are a deterministic partition of the tasks by index mod n", () => {
    const p = plan(["dns.ttl=30,60,300"], 3);
    const all = [...sweepTasks(p)].map((t) => t.task);
    const parts = [0, 1, 2, 3].map((i) =>
      [...sweepTasks(p, { index: i, count: 4 })].map((t) => t.task),
    );
    expect(parts.flat().sort((a, b) => a - b)).toEqual(all);
    expect(parts[1]).toEqual([1, 5]);
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(() => parseShard("4/4")).toThrow(SweepSyntaxError);
    expect(() => parseShard("1")).toThrow(SweepSyntaxError);
  });

  it("a bad path or value is a UserError naming the --set flag", () => {
    expect(userErrorOf(() => expandGrid(plan(["dns.tll=30"]), ["--set dns.tll=30"]))).toMatch(
      /^--set dns\.tll=30: dns\.tll: unknown field 'tll'/,
    );
    expect(userErrorOf(() => expandGrid(plan(["dns.ttl=30,-5"]), ["--set dns.ttl=30,-5"]))).toMatch(
      /^--set dns\.ttl=30,-5: dns\.ttl: .*\(at dns\.ttl=-5\)/,
    );
    expect(userErrorOf(() => expandGrid(plan(["servers[7].capacity=1"])))).toMatch(
      /--set servers\[7\]\.capacity=1: servers has 3 entries/,
    );
    expect(userErrorOf(() => expandGrid(plan(["clients.selection=first,psychic"])))).toMatch(
      /clients\.selection/,
    );
    expect(userErrorOf(() => parseSetFlag("seed=1,2"))).toMatch(/use --seed/);
    expect(userErrorOf(() => parseSetFlag("dns.ttl"))).toMatch(/expected path=values/);
    expect(userErrorOf(() => parseSetFlag("dns.ttl=log:0..5:3"))).toMatch(/^--set dns\.ttl=log/);
    const twice = [parseSetFlag("dns.ttl=1"), parseSetFlag("dns.ttl=2")];
    expect(userErrorOf(() => checkDistinctPaths(twice, ["--set a", "--set b"]))).toMatch(
      /already swept by --set a/,
    );
  });

  it("cross-field problems name the point", () => {
    expect(userErrorOf(() => expandGrid(plan(["servers[0].address=10.0.0.2"])))).toMatch(
      /duplicate address 10\.0\.0\.2/,
    );
  });
});
