import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/run/index.js";
import { type ScenarioInput, scenarioSchema } from "../../../src/scenario/index.js";
import { total } from "../../helpers.js";

const behaviours = [
  "rotate",
  "rotate-random",
  "shuffle",
  "frozen",
  "unbound",
  "dnsmasq",
  "pdns-recursor",
  "knot-resolver",
  "unbound-serve-expired",
] as const;

/** Arbitrary valid scenarios: every variant of every policy, small enough to run fast. */
const scenarioArb = fc
  .record({
    servers: fc.integer({ min: 1, max: 5 }),
    ttl: fc.constantFrom(0, 1, 5, 30, 300),
    order: fc.constantFrom("cyclic", "random", "fixed", "cname"),
    behaviour: fc.constantFrom(...behaviours),
    mix: fc.boolean(),
    resolvers: fc.integer({ min: 1, max: 50 }),
    skew: fc.double({ min: 0, max: 2, noNaN: true }),
    selection: fc.constantFrom("first", "failover", "random", "sorted"),
    k: fc.integer({ min: 1, max: 4 }),
    gap: fc.constantFrom(0, 1, 7),
    rate: fc.double({ min: 0.5, max: 20, noNaN: true }),
    failures: fc.array(
      fc.record({
        server: fc.integer({ min: 0, max: 4 }),
        at: fc.integer({ min: 0, max: 250 }),
        duration: fc.integer({ min: 1, max: 200 }),
        mode: fc.constantFrom("blackhole", "refused"),
      }),
      { maxLength: 3 },
    ),
    randomFailure: fc.boolean(),
    healthCheck: fc.boolean(),
    takeover: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    authOutage: fc.option(
      fc.record({
        at: fc.integer({ min: 0, max: 250 }),
        duration: fc.integer({ min: 1, max: 200 }),
      }),
      { nil: undefined },
    ),
    violators: fc.boolean(),
    clientCache: fc.boolean(),
    warmup: fc.constantFrom(0, 30),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map((p): ScenarioInput => {
    const addresses = Array.from({ length: p.servers }, (_, i) => `10.0.${i}.${i + 2}`);
    return {
      name: "prop",
      duration: 300,
      warmup: p.warmup,
      seed: p.seed,
      window: 30,
      servers: addresses.map((address) => ({ address })),
      dns: {
        ttl: p.ttl,
        order: p.order as "cyclic",
        ...(p.healthCheck ? { healthCheck: { interval: 5, failures: 2 } } : {}),
        outages: p.authOutage ? [p.authOutage] : [],
      },
      resolvers: {
        count: p.resolvers,
        skew: p.skew,
        behaviour: p.mix
          ? [
              { behaviour: p.behaviour, share: 0.5 },
              { behaviour: "frozen", share: 0.5 },
            ]
          : p.behaviour,
        ...(p.violators ? { violators: { share: 0.3, extra: 40 } } : {}),
      },
      clients: {
        rate: p.rate,
        requestsPerVisit: p.k,
        requestInterval: p.gap,
        selection: p.selection as "first",
        connectTimeout: 3,
        address: "10.0.1.9",
        ...(p.clientCache ? { cache: { population: 50, lifetime: 20 } } : {}),
      },
      failures: [
        ...p.failures.map((f) => ({
          ...f,
          server: addresses[f.server % p.servers]!,
          mode: f.mode as "refused",
        })),
        ...(p.randomFailure ? [{ server: "all", mtbf: 200, mttr: 30 }] : []),
      ],
      ...(p.takeover !== undefined ? { takeover: { delay: p.takeover } } : {}),
    };
  });

describe("conservation (property)", () => {
  it("every request ends exactly once, as served or failed; every visit is counted once", () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const r = runScenario(scenarioSchema.parse(input));
        const t = r.totals;
        expect(t.served + t.failed).toBe(t.requests);
        expect(t.requests).toBe(t.visits * input.clients.requestsPerVisit!);
        expect(t.attempts).toBe(t.served + t.failedAttempts);
        expect(total(r.servers.map((s) => s.served))).toBe(t.served);
        expect(total(r.servers.map((s) => s.attempts))).toBe(t.attempts);
        expect(total(r.servers.map((s) => s.load))).toBe(t.served);
        expect(total(r.servers.map((s) => s.failedAttempts))).toBe(t.failedAttempts);
        expect(t.failedVisits).toBeLessThanOrEqual(t.visits);
        expect(t.unresolvedVisits).toBeLessThanOrEqual(t.failedVisits);
        expect(r.dns.resolverLookups + r.dns.clientCacheHits).toBe(t.visits);
        // The time series adds up to the totals.
        expect(total(r.timeseries.visits)).toBe(t.visits);
        expect(total(r.timeseries.failedRequests) + r.timeseries.afterHorizon.failedRequests).toBe(
          t.failed,
        );
        expect(total(r.timeseries.failedVisits)).toBe(t.failedVisits);
        expect(total(r.timeseries.servedByServer.flat()) + r.timeseries.afterHorizon.served).toBe(
          t.served,
        );
        expect(total(r.timeseries.loadByServer.flat()) + r.timeseries.afterHorizon.served).toBe(
          t.served,
        );
        expect(total(r.timeseries.authoritativeQueries)).toBe(r.dns.authoritativeQueries);
        // Failures attribute no more than happened.
        expect(total(r.failures.map((f) => f.failedAttempts))).toBeLessThanOrEqual(
          t.failedAttempts,
        );
        if (r.failures.length === 0) expect(t.failedAttempts).toBe(0);
        if (input.dns?.outages?.length === 0) expect(t.unresolvedVisits).toBe(0);
        for (const s of r.servers) expect(s.share).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 150 },
    );
  });
});
