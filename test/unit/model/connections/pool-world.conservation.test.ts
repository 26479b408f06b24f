import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RUNTIMES } from "../../../../src/scenario/index.js";
import { poolScenario, runPools, servers, sum } from "./pool-helpers.js";

describe("connection pools: conservation and determinism", () => {
  it("every request is counted once: served + unserved is Poisson(clients × rate × duration), per-bin series sum to the totals", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RUNTIMES),
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.option(fc.double({ min: 0.5, max: 100, noNaN: true }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
        fc.option(fc.double({ min: 0.2, max: 30, noNaN: true }), { nil: undefined }),
        (runtime, clients, rate, maxAge, maxRequests, idleTimeout) => {
          const s = poolScenario(
            {
              runtime,
              clients,
              rate,
              pool: { size: 2, maxAge, maxRequests, idleTimeout },
            },
            {
              servers: servers(5),
              duration: 200,
              pool: {
                changes: [
                  { at: 50, add: ["10.0.0.5"] },
                  { at: 120, remove: ["10.0.0.2"] },
                ],
                grace: 10,
              },
            },
          );
          const r = runPools(s);
          const offered = clients * rate * 200;
          expect(Math.abs(r.requests + r.unserved - offered)).toBeLessThan(
            6 * Math.sqrt(offered) + 1,
          );
          expect(sum(r.servers.map((x) => x.requests))).toBe(r.requests);
          r.servers.forEach((x, i) => {
            expect(sum(r.timeline.requests[i]!)).toBe(x.requests);
            // Open connections never go negative, and what opened and did not close is still open.
            expect(x.connectionsOpened).toBeGreaterThanOrEqual(x.connectionsClosed);
          });
          expect(r.connectionsOpened).toBe(sum(r.timeline.opened));
          // The server added at 50 s serves nothing before it.
          expect(sum(r.timeline.requests[4]!.slice(0, 5))).toBe(0);
        },
      ),
      { numRuns: 60, seed: 29 },
    );
  });

  it("same scenario and seed give the same results; stepping the run changes nothing", () => {
    const s = poolScenario(
      { runtime: "grpc-round-robin", clients: 40, rate: 7, pool: { maxAge: 30 } },
      { servers: servers(5), pool: { changes: [{ at: 100, add: ["10.0.0.5"] }] } },
    );
    const once = JSON.stringify(runPools(s));
    expect(JSON.stringify(runPools(s))).toBe(once);
    expect(JSON.stringify(runPools(s, [13.5, 100, 250.25, 599]))).toBe(once);
    expect(JSON.stringify(runPools({ ...s, seed: 2 }))).not.toBe(once);
  });

  it("time-averaged open connections per server sum to clients × connections each", () => {
    const r = runPools(poolScenario({ runtime: "haproxy", clients: 30, rate: 3 }));
    for (let b = 0; b < r.timeline.opened.length; b++) {
      const open = sum(r.timeline.openConnections.map((row) => row[b]!));
      expect(open).toBeCloseTo(30 * 4, 6);
    }
  });
});
