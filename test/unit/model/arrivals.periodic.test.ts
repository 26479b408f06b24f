import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArrivalProcess } from "../../../src/model/arrivals.js";
import { run } from "../../helpers.js";
import { fetchTimes, four, probe } from "./timing-probe.js";

// Fidelity in time (issue 11 §2-4): lookups take time, presets timed like the
// real daemons, TTLs drawn per fetch, periodic arrivals.

describe("the rest of the closed forms (issue 11 §4)", () => {
  it("periodic arrivals, d = 0.5 and T = 5: fetches at 0, 5, …, 35 and H = 0.9 exactly", () => {
    const r = probe("rotate", 5, { duration: 40 });
    expect(fetchTimes(r)).toEqual([0, 5, 10, 15, 20, 25, 30, 35]);
    expect(r.totals.visits).toBe(80);
    expect(r.dns.resolverHitRatio).toBe(0.9);
    // ⌈T/d⌉ − 1 hits per fetch in general: d = 0.7, T = 5 → 8 lookups per fetch, 7 hits (8 fetches).
    const odd = run({
      duration: 64 * 0.7,
      start: "cold",
      servers: four,
      dns: { ttl: 5, order: "cyclic" },
      resolvers: { count: 1, behaviour: "rotate" },
      clients: { rate: { profile: "periodic", interval: 0.7 } },
    });
    expect(odd.totals.visits).toBe(64);
    expect(odd.dns.authoritativeQueries).toBe(8);
    expect(odd.dns.resolverHits).toBe(56);
  });

  it("periodic arrivals are offset + k·d exactly, without drift", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (interval, offset) => {
          const a = new ArrivalProcess(
            { profile: "periodic", interval, offset },
            () => 0,
            () => 0,
          );
          const horizon = offset + 1000 * interval;
          let t = a.first(horizon);
          for (let k = 0; k < 1000; k++) {
            expect(t).toBe(offset + k * interval);
            t = a.next(t, horizon);
          }
          expect(t).toBe(Number.POSITIVE_INFINITY);
        },
      ),
    );
  });
});
