import { describe, expect, it } from "vitest";
import { preRollSeconds } from "../../../../src/model/index.js";
import { runScenario } from "../../../../src/run/index.js";
import {
  type Scenario,
  type ScenarioInput,
  scenarioSchema,
} from "../../../../src/scenario/index.js";
import { baseInput } from "../../../helpers.js";
import { requestsOf } from "./workload-helpers.js";

type ClassInput = NonNullable<NonNullable<ScenarioInput["clients"]["sessions"]>["classes"]>[number];

const browsers: ClassInput = {
  name: "browsers",
  clients: 300,
  skew: 0.9,
  rate: 0.2,
  pages: { dist: "lognormal", median: 3, sigma: 1.1, max: 1000 },
  thinkTime: { dist: "lognormal", median: 30, sigma: 1.5 },
  objects: { dist: "geometric", mean: 4, max: 200 },
  objectGap: { dist: "exponential", mean: 0.5 },
};

function sessionScenario(
  cache: { lifetime: number | "ttl" } | undefined,
  overrides: Partial<ScenarioInput> = {},
  cls: ClassInput = browsers,
): Scenario {
  return scenarioSchema.parse(
    baseInput({
      duration: 3600,
      start: "cold",
      clients: {
        rate: 0,
        selection: "failover",
        ...(cache ? { cache } : {}),
        sessions: { lookupGap: 300, classes: [cls] },
      },
      ...overrides,
    }),
  );
}

/** Results without the echoed scenario and the client-cache hits (0 without caches). */
function comparable(r: ReturnType<typeof runScenario>): string {
  const { dns, scenarioSpec: _spec, ...rest } = r;
  const { clientCacheHits: _hits, ...otherDns } = dns;
  return JSON.stringify({ ...rest, dns: otherDns });
}

describe("client caches with session workloads (clients.cache)", () => {
  it("a lifetime as long as the run: each client with a request queries its resolver exactly once", () => {
    const s = sessionScenario({ lifetime: 86400 });
    const made = requestsOf(s.clients.sessions!, s.duration, s.seed);
    const active = new Set(made.clients).size;
    expect(active).toBeGreaterThan(50);
    const r = runScenario(s);
    expect(r.dns.resolverLookups).toBe(active);
    expect(r.dns.clientCacheHits + r.dns.resolverLookups).toBe(r.totals.visits);
    expect(r.dns.clientCacheHits).toBeGreaterThan(0);
    expect(r.totals.requests).toBe(made.times.length);
  });

  it("start: steady pre-rolls the client caches too: only clients first seen after t = 0 query in the measured period", () => {
    const s = sessionScenario({ lifetime: 10_000_000 }, { start: "steady", duration: 1800 });
    const preRoll = preRollSeconds(s, s.clients.sessions!);
    const made = requestsOf(s.clients.sessions!, s.duration, s.seed, preRoll);
    const first = new Map<number, number>();
    made.clients.forEach((c, i) => {
      if (!first.has(c)) first.set(c, made.times[i]!);
    });
    const seenBefore = [...first.values()].filter((t) => t < 0).length;
    const newcomers = [...first.values()].filter((t) => t >= 0).length;
    const activeInRun = new Set(made.clients.filter((_, i) => made.times[i]! >= 0)).size;
    // The pre-roll matters here: many clients active in the run were already cached.
    expect(seenBefore).toBeGreaterThan(20);
    expect(activeInRun).toBeGreaterThan(newcomers + 20);
    expect(runScenario(s).dns.resolverLookups).toBe(newcomers);
  });

  it("a lifetime no longer than lookupGap never answers a burst: one starts only after that much silence", () => {
    const r = runScenario(sessionScenario({ lifetime: 300 }));
    expect(r.dns.clientCacheHits).toBe(0);
    expect(runScenario(sessionScenario({ lifetime: 600 })).dns.clientCacheHits).toBeGreaterThan(0);
  });

  it("lifetime 0 gives the same results as no client cache", () => {
    const extra = { fragmentation: { sessionGap: 1800 } };
    const none = runScenario(sessionScenario(undefined, extra));
    const zero = runScenario(sessionScenario({ lifetime: 0 }, extra));
    expect(zero.dns.clientCacheHits).toBe(0);
    expect(comparable(zero)).toBe(comparable(none));
  });

  it("fragmentation: a client lifetime longer than its sessions keeps every visit on one server; rotate without it switches", () => {
    // Long gaps between pages (median 400 s > lookupGap 300 s): sessions of several visits.
    const cls = { ...browsers, thinkTime: { dist: "lognormal" as const, median: 400, sigma: 0.5 } };
    const extra = {
      fragmentation: { sessionGap: 1800 },
      dns: { ttl: 3600, order: "cyclic" as const },
    };
    const none = runScenario(sessionScenario(undefined, extra, cls)).fragmentation!;
    const cached = runScenario(sessionScenario({ lifetime: 86400 }, extra, cls)).fragmentation!;
    expect(none.visitPairs).toBeGreaterThan(100);
    // Own resolvers rotating: every lookup within the TTL moves the head by one.
    expect(none.switchedShare).toBe(1);
    expect(cached.visitPairs).toBe(none.visitPairs);
    expect(cached.switchedPairs).toBe(0);
  });

  it("lifetime 'ttl': a lookup only once the TTL has passed, so fewer lookups than visits and more than clients", () => {
    const s = sessionScenario({ lifetime: "ttl" }, { dns: { ttl: 600, order: "cyclic" } });
    const r = runScenario(s);
    const none = runScenario(sessionScenario(undefined, { dns: { ttl: 600, order: "cyclic" } }));
    expect(r.totals.visits).toBe(none.totals.visits);
    expect(r.dns.clientCacheHits + r.dns.resolverLookups).toBe(r.totals.visits);
    // Own resolvers with the same TTL: the client's cache expires when its resolver's does, so
    // the resolver's hits become client-cache hits and every remaining lookup is a miss.
    expect(r.dns.resolverHits).toBe(0);
    expect(r.dns.resolverLookups).toBe(none.dns.resolverLookups - none.dns.resolverHits);
  });
});
