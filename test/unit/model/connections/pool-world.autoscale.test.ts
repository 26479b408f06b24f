import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario, UserError } from "../../../../src/scenario/index.js";
import { poolScenario, runPools, servers, sum } from "./pool-helpers.js";

/** 300 clients × 20 req/s on 4 of 12 servers of 2,000 req/s, target 70 %; the rate doubles at 600 s. */
const doubling = (runtime: "grpc-pick-first" | "grpc-round-robin" | "envoy-strict-dns") =>
  poolScenario(
    {
      runtime,
      clients: 300,
      rate: 20,
      pool: { maxAge: 300 },
      rateChanges: [{ at: 600, rate: 40 }],
    },
    {
      servers: servers(12),
      duration: 1200,
      pool: { autoscale: { capacity: 2000, target: 0.7, min: 4, max: 12 } },
    },
  );

describe("an autoscaled pool", () => {
  it("measures the utilisation it acts on: requests served per server in the answer ÷ capacity", () => {
    const r = runPools(doubling("grpc-round-robin"));
    const ev = r.autoscale!.evaluations;
    // Every 15 s from 15 s to 1,185 s.
    expect(ev.at).toEqual(Array.from({ length: 79 }, (_, k) => (k + 1) * 15));
    // Before the step: 6,000 req/s over 4 × 2,000 = 0.75 (sd √(6000 × 15) / 120,000 ≈ 0.0025).
    for (let k = 0; k < 39; k++) expect(Math.abs(ev.utilisation[k]! - 0.75)).toBeLessThan(0.0125);
    // 0.75 / 0.7 = 1.07 is inside the tolerance: no change until the rate doubles.
    // At 615 s: 12,000 / 8,000 = 1.5, ceil(4 × 1.5 / 0.7) = ceil(8.57) = 9.
    expect(r.autoscale!.events).toHaveLength(1);
    const e = r.autoscale!.events[0]!;
    expect([e.at, e.from, e.to]).toEqual([615, 4, 9]);
    expect(Math.abs(e.utilisation - 1.5)).toBeLessThan(0.025);
    // Afterwards 12,000 / 18,000 = 0.67: within tolerance of 0.7, stays at 9.
    for (let k = 41; k < ev.at.length; k++) {
      expect(Math.abs(ev.utilisation[k]! - 2 / 3)).toBeLessThan(0.01);
      expect(ev.servers[k]).toBe(9);
    }
    // The five servers it added are the next ones listed, each a change with its fill time.
    expect(r.changes.map((c) => [c.at, c.kind, c.address])).toEqual(
      [5, 6, 7, 8, 9].map((i) => [615, "add", `10.0.0.${i}`]),
    );
    for (const c of r.changes) expect(c.fillTime).not.toBeNull();
    // The servers never in the answer served nothing.
    for (const i of [9, 10, 11]) expect(r.servers[i]!.requests).toBe(0);
  });

  it("pick_first fills the added servers later than round_robin (same load, same decisions)", () => {
    const pf = runPools(doubling("grpc-pick-first"));
    const rr = runPools(doubling("grpc-round-robin"));
    expect(pf.autoscale!.events.map((e) => [e.at, e.from, e.to])).toEqual([[615, 4, 9]]);
    const fill = (r: typeof pf) => Math.max(...r.changes.map((c) => c.fillTime!));
    expect(fill(rr)).toBeLessThan(180);
    expect(fill(pf)).toBeGreaterThan(fill(rr) + 60);
  });

  it("scales down after the window, last added first, and the withdrawn servers drain", () => {
    const s = poolScenario(
      { runtime: "envoy-strict-dns", clients: 100, rate: 60, rateChanges: [{ at: 300, rate: 20 }] },
      {
        servers: servers(8),
        duration: 900,
        pool: {
          autoscale: { capacity: 1000, target: 0.75, min: 2, max: 8, initial: 8 },
        },
      },
    );
    const r = runPools(s);
    // 6,000 / 8,000 = 0.75 on target; from 300 s 2,000 / 8,000 = 0.25: ceil(8 / 3) = 3,
    // held back by the 300 s window until the last recommendation of 8 (at 300 s, measured
    // over 285-300 s) leaves it: the window at 600 s is (300, 600].
    const events = r.autoscale!.events.map((e) => [e.at, e.from, e.to]);
    expect(events[0]).toEqual([600, 8, 3]);
    expect(r.autoscale!.evaluations.servers[38]).toBe(8); // still 8 at 585 s
    expect(r.changes.slice(0, 5).map((c) => [c.kind, c.address])).toEqual(
      [8, 7, 6, 5, 4].map((i) => ["remove", `10.0.0.${i}`]),
    );
    // Envoy re-resolves every 5 s: the withdrawn servers drain within TTL + refresh + a little.
    for (const c of r.changes.slice(0, 5)) expect(c.drainTime!).toBeLessThanOrEqual(15);
  });

  it("conserves requests through rate changes and scale events; the answer stays within [min, max]", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          "grpc-pick-first",
          "grpc-round-robin",
          "node",
          "nginx-valid",
          "jvm" as const,
        ),
        fc.integer({ min: 1, max: 40 }),
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 400 }),
            rate: fc.double({ min: 0.5, max: 40, noNaN: true }),
          }),
          { maxLength: 4 },
        ),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 3, max: 6 }),
        fc.double({ min: 0.2, max: 0.9, noNaN: true }),
        fc.integer({ min: 0, max: 120 }),
        (runtime, clients, steps, min, max, target, window) => {
          const rateChanges = [...steps].sort((a, b) => a.at - b.at);
          const s = poolScenario(
            { runtime, clients, rate: 10, pool: { maxAge: 40 }, rateChanges },
            {
              servers: servers(6),
              duration: 400,
              pool: {
                autoscale: {
                  capacity: 50,
                  target,
                  min,
                  max,
                  interval: 10,
                  downStabilization: window,
                },
                grace: 20,
              },
            },
          );
          const r = runPools(s);
          // Offered: clients × ∫ rate dt over the run.
          let offered = 0;
          let rate = 10;
          let from = 0;
          for (const step of rateChanges) {
            offered += clients * rate * (step.at - from);
            rate = step.rate;
            from = step.at;
          }
          offered += clients * rate * (400 - from);
          expect(Math.abs(r.requests + r.unserved - offered)).toBeLessThan(
            6 * Math.sqrt(offered) + 1,
          );
          expect(sum(r.servers.map((x) => x.requests))).toBe(r.requests);
          r.servers.forEach((x, i) => {
            expect(sum(r.timeline.requests[i]!)).toBe(x.requests);
          });
          // The answer: always within [min, max]; each event moves it from where the last left it.
          let n = min;
          for (const e of r.autoscale!.events) {
            expect(e.from).toBe(n);
            n = e.to;
          }
          for (const k of r.autoscale!.evaluations.servers) {
            expect(k).toBeGreaterThanOrEqual(min);
            expect(k).toBeLessThanOrEqual(max);
          }
          // One change per server added or withdrawn.
          const moved = sum(r.autoscale!.events.map((e) => Math.abs(e.to - e.from)));
          expect(r.changes).toHaveLength(moved);
          // Servers beyond max are never used.
          for (let i = max; i < 6; i++) expect(r.servers[i]!.requests).toBe(0);
        },
      ),
      { numRuns: 40, seed: 29 },
    );
  });

  it("same scenario and seed give the same results; stepping the run changes nothing", () => {
    const s = doubling("grpc-pick-first");
    const once = runPools(s);
    expect(runPools(s, [100, 607.5, 615, 900])).toEqual(once);
  });
});

describe("pool.autoscale validation", () => {
  const yaml = (pool: string, extra = "") => `
name: t
duration: 600
servers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }, { address: 10.0.0.3 }]
dns: { ttl: 5 }
clients: { rate: 0 }
connections: { runtime: node, clients: 2, rate: 1${extra} }
pool: ${pool}
`;
  const problem = (text: string): string => {
    try {
      loadScenario(text, "t.yaml");
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return (error as Error).message;
    }
    return "";
  };
  it("refuses a schedule and a rule together, naming the field", () => {
    const msg = problem(
      yaml(
        "{ changes: [{ at: 10, remove: [10.0.0.3] }], autoscale: { capacity: 10, target: 0.5, max: 3 } }",
      ),
    );
    expect(msg).toMatch(/pool\.autoscale/);
    expect(msg).toMatch(/not both/);
  });
  it("needs one of them", () => {
    expect(problem(yaml("{ grace: 5 }"))).toMatch(/pool\.changes.*or a rule \(pool\.autoscale\)/);
  });
  it("max within the servers listed, min ≤ initial ≤ max", () => {
    expect(problem(yaml("{ autoscale: { capacity: 10, target: 0.5, max: 4 } }"))).toMatch(
      /pool\.autoscale\.max.*more servers than the 3 listed/,
    );
    expect(problem(yaml("{ autoscale: { capacity: 10, target: 0.5, min: 3, max: 2 } }"))).toMatch(
      /pool\.autoscale\.min/,
    );
    expect(
      problem(yaml("{ autoscale: { capacity: 10, target: 0.5, min: 1, max: 2, initial: 3 } }")),
    ).toMatch(/pool\.autoscale\.initial.*outside \[min 1, max 2\]/);
    expect(problem(yaml("{ autoscale: { capacity: 10, target: 0.5, max: 3 } }"))).toBe("");
  });
  it("bounds the rule's cost: evaluations, and evaluations × connection slots", () => {
    // 600 s ÷ 0.01 s = 60,000 evaluations.
    expect(
      problem(yaml("{ autoscale: { capacity: 10, target: 0.5, max: 3, interval: 0.01 } }")),
    ).toMatch(/pool\.autoscale\.interval.*60000 evaluations.*exceed 50000/);
    // 40,000 evaluations × 100,000 clients × 3 slots = 1.2e10.
    const many = yaml(
      "{ autoscale: { capacity: 10, target: 0.5, max: 3, interval: 0.015 } }",
    ).replace("clients: 2,", "clients: 100000,");
    expect(problem(many)).toMatch(
      /pool\.autoscale\.interval.*40000 evaluations × 300000 connection slots/,
    );
  });
  it("rate changes in time order", () => {
    expect(
      problem(
        yaml(
          "{ autoscale: { capacity: 10, target: 0.5, max: 3 } }",
          ", rateChanges: [{ at: 20, rate: 2 }, { at: 10, rate: 3 }]",
        ),
      ),
    ).toMatch(/connections\.rateChanges\[1\]\.at.*time order/);
  });
});

describe("a server withdrawn, added back and withdrawn again", () => {
  it("resets its connections a grace after its last withdrawal, not its first", () => {
    // nginx resolved once: its connections to every server stay until the server resets
    // them, so a withdrawn server drains exactly at its reset. The load falls, rises and
    // falls again: the rule (no stabilization window) goes 4 → 1 → 3 → 4 → 1.
    const s = poolScenario(
      {
        runtime: "nginx",
        clients: 10,
        rate: 20,
        rateChanges: [
          { at: 50, rate: 2 },
          { at: 75, rate: 40 },
          { at: 105, rate: 2 },
        ],
      },
      {
        duration: 300,
        pool: {
          autoscale: {
            capacity: 100,
            target: 0.5,
            min: 1,
            max: 4,
            initial: 4,
            interval: 10,
            downStabilization: 0,
          },
          grace: 100,
        },
      },
    );
    const r = runPools(s);
    expect(r.autoscale!.events.map((e) => [e.at, e.from, e.to])).toEqual([
      [60, 4, 1],
      [90, 1, 3],
      [100, 3, 4],
      [120, 4, 1],
    ]);
    // The resets due at 160 s (60 s + 100) are void: the servers came back and left again
    // at 120 s, so they reset at 220 s: 160 s after the first withdrawal, 100 s after the last.
    const removes = r.changes.filter((c) => c.kind === "remove");
    expect(removes.map((c) => [c.at, c.drainTime])).toEqual([
      [60, 160],
      [60, 160],
      [60, 160],
      [120, 100],
      [120, 100],
      [120, 100],
    ]);
  });
});
