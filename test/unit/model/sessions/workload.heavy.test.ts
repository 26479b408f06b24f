import { describe, expect, it } from "vitest";
import { Simulator } from "../../../../src/engine/index.js";
import { meanRequestsPerSession } from "../../../../src/model/index.js";
import { SessionWorkload } from "../../../../src/model/sessions/workload.js";
import { loadScenario, type SessionSpec, UserError } from "../../../../src/scenario/index.js";
import { type ClassInput, requestsOf, specOf } from "./workload-helpers.js";

/** Sessions of `pages` pages, a client each (a million clients, rare sessions), objects per page light or heavy. */
const reader = (heavy?: ClassInput["heavy"], pages: ClassInput["pages"] = 2): ClassInput => ({
  name: "readers",
  clients: 1_000_000,
  skew: 0,
  rate: 0.05,
  pages,
  thinkTime: { dist: "exponential", mean: 20 },
  objects: { dist: "geometric", mean: 0.5, max: 10000 },
  objectGap: 0.2,
  ...(heavy ? { heavy } : {}),
});

/** Requests per session (`sessionIds`: the host is the session), those cut at the horizon left out. */
function perSession(spec: SessionSpec, horizon: number): number[] {
  return sessionsOf(spec, horizon).map((s) => s.requests);
}

/** Each session's requests and span (first to last request), those cut at the horizon left out. */
function sessionsOf(spec: SessionSpec, horizon: number): { requests: number; span: number }[] {
  const sim = new Simulator();
  const n: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  const w = new SessionWorkload(
    spec,
    1,
    sim,
    horizon,
    {
      request(t, id) {
        n[id] = (n[id] ?? 0) + 1;
        first[id] ??= t;
        last[id] = t;
      },
    },
    { sessionIds: true },
  );
  w.start(0);
  sim.run(horizon);
  // A session whose last request is within an hour of the horizon may be cut there.
  return n
    .map((requests, id) => ({ requests, span: last[id]! - first[id]!, id }))
    .filter((x) => last[x.id]! < horizon - 3600);
}

describe("session workload: heavy sessions (a session-level objects law)", () => {
  const T = 200_000;

  it("weight 0 makes the requests of the class without `heavy`, time for time", () => {
    const a = requestsOf(specOf([reader()]), T);
    const b = requestsOf(specOf([reader({ weight: 0, objects: 7 })]), T);
    expect(b.times).toEqual(a.times);
    expect(b.clients).toEqual(a.clients);
  });

  it("draws heavy once a session: every page of a heavy session is heavy", () => {
    // Light pages 0 objects, heavy 5: a session of 2 pages is 2 or 12 requests, never 7.
    const spec = specOf([{ ...reader({ weight: 0.3, objects: 5 }), objects: 0 }]);
    const sizes = perSession(spec, T);
    expect(new Set(sizes)).toEqual(new Set([2, 12]));
    const heavy = sizes.filter((s) => s === 12).length / sizes.length;
    const se = Math.sqrt((0.3 * 0.7) / sizes.length);
    expect(Math.abs(heavy - 0.3)).toBeLessThan(4 * se);
  });

  it("a heavy session's objects come its own objectGap apart", () => {
    // One page of 5 objects: 5 gaps of 1 s (light) or 10 s (heavy).
    const c: ClassInput = {
      ...reader({ weight: 0.5, objects: 5, objectGap: 10 }, 1),
      objects: 5,
      objectGap: 1,
    };
    // (Rounded: a span is a difference of absolute times.)
    const spans = sessionsOf(specOf([c]), T).map((x) => Math.round(x.span * 1e6) / 1e6);
    expect(new Set(spans)).toEqual(new Set([5, 50]));
    const heavy = spans.filter((x) => x === 50).length / spans.length;
    expect(Math.abs(heavy - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / spans.length));
    // Weight 0: the class's own gaps, request for request.
    const a = requestsOf(specOf([reader()]), T);
    const b = requestsOf(specOf([reader({ weight: 0, objects: 7, objectGap: 9 })]), T);
    expect(b.times).toEqual(a.times);
  });

  it("requests per session average E[pages]·(1 + (1 − w)·E[light] + w·E[heavy])", () => {
    const c = reader(
      { weight: 0.1, objects: { dist: "lognormal", median: 6, sigma: 0.8, max: 10000 } },
      { dist: "geometric", mean: 3, max: 10000 },
    );
    const spec = specOf([c]);
    const sizes = perSession(spec, T);
    const mean = sizes.reduce((x, y) => x + y, 0) / sizes.length;
    const sd = Math.sqrt(sizes.reduce((x, y) => x + (y - mean) ** 2, 0) / (sizes.length - 1));
    const exact = meanRequestsPerSession(spec.classes[0]!);
    // 1 + 0.9·0.5 + 0.1·E[floor lognormal(6, 0.8)] ≈ 2.2 requests a page, 3 pages.
    expect(exact).toBeGreaterThan(6);
    expect(Math.abs(mean - exact)).toBeLessThan((4 * sd) / Math.sqrt(sizes.length));
  });

  it("the loader rejects a weight outside [0, 1] naming the field", () => {
    const yaml = `
name: heavy
duration: 600
servers: [{ address: 10.0.0.1 }]
dns: { ttl: 300 }
clients:
  rate: 0
  selection: failover
  sessions:
    classes:
      - name: v
        clients: 100
        rate: 0.02
        pages: 2
        thinkTime: 10
        heavy: { weight: 1.5, objects: 4 }
`;
    let error: unknown;
    try {
      loadScenario(yaml, "heavy.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain("clients.sessions.classes[0].heavy.weight");
  });
});
