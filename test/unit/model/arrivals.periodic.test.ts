import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Results } from "../../../src/metrics/index.js";
import { ArrivalProcess } from "../../../src/model/arrivals.js";
import type { ResolverBehaviourName, ScenarioInput } from "../../../src/scenario/index.js";
import { run } from "../../helpers.js";

// Fidelity in time (issue 11 §2-4): lookups take time, presets timed like the
// real daemons, TTLs drawn per fetch, periodic arrivals.

const four = [1, 2, 3, 4].map((i) => ({ address: `10.0.0.${i}` }));

/** One resolver, one query every `interval` s from t = 0, cold caches, 1 s bins. */
function probe(
  behaviour: ResolverBehaviourName,
  ttl: ScenarioInput["dns"]["ttl"],
  more: Partial<ScenarioInput> = {},
): Results {
  return run({
    duration: 60,
    window: 0.5,
    start: "cold",
    servers: four,
    dns: { ttl, order: "cyclic" },
    resolvers: { count: 1, behaviour },
    clients: { rate: { profile: "periodic", interval: 0.5 } },
    ...more,
  });
}

/** Times (s) at which the authority was asked, from 0.5 s bins of a periodic probe. */
function fetchTimes(r: Results): number[] {
  const q = r.timeseries.authoritativeQueries;
  const times: number[] = [];
  q.forEach((count, b) => {
    for (let i = 0; i < count; i++) times.push(r.timeseries.start[b]!);
  });
  return times;
}

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
