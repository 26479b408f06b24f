import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clf, replay, T0, traceScenario } from "./content-helpers.js";

/** `hosts` hosts, each `visits` single-request visits `spacing` whole seconds apart (thinkTime 10 s). */
function spacedVisits(hosts: number, visits: number, spacing: number): string[] {
  const lines: string[] = [];
  for (let k = 0; k < visits; k++)
    for (let h = 0; h < hosts; h++) lines.push(clf(`10.1.${h >> 8}.${h & 255}`, T0 + k * spacing));
  return lines;
}

const cache = (lifetime: number | "ttl") => ({ population: 10000, lifetime });

/** Everything but the echoed scenario and the client-cache hit count (0 without caches). */
function comparable(r: Awaited<ReturnType<typeof replay>>) {
  const { dns, scenarioSpec: _spec, ...rest } = r;
  const { clientCacheHits: _hits, ...otherDns } = dns;
  return JSON.stringify({ ...rest, dns: otherDns });
}

describe("client caches on a replayed trace (clients.cache)", () => {
  it("a lifetime as long as the run: each host queries its resolver exactly once", async () => {
    const hosts = 50;
    const visits = 8;
    const r = await replay(
      traceScenario({ clients: clientsWith(cache(86400)) }),
      spacedVisits(hosts, visits, 600),
    );
    expect(r.totals.visits).toBe(hosts * visits);
    expect(r.dns.resolverLookups).toBe(hosts);
    expect(r.dns.clientCacheHits).toBe(hosts * (visits - 1));
  });

  it("lifetime L, visits Δ apart: a host queries at visits 0, m, 2m, … with m = ceil(L/Δ), i.e. ceil(V/m) times", async () => {
    const hosts = 20;
    const V = 10;
    for (const [L, spacing] of [
      [150, 60], // m = 3: visits 0, 3, 6, 9 → 4 queries
      [120, 60], // m = 2: a visit exactly at expiry refetches (the entry is fresh only before t + L) → 5
      [59, 60], // m = 1: every visit queries → 10
      [1000, 60], // m = 17 > V → 1
    ] as const) {
      const r = await replay(
        traceScenario({ clients: clientsWith(cache(L)) }),
        spacedVisits(hosts, V, spacing),
      );
      const m = Math.max(1, Math.ceil(L / spacing));
      expect(r.dns.resolverLookups, `L=${L}`).toBe(hosts * Math.ceil(V / m));
      expect(r.dns.clientCacheHits + r.dns.resolverLookups).toBe(hosts * V);
    }
  });

  it("the lifetime is in simulated seconds, like dns.ttl (speedup compresses the visits, not the caches)", async () => {
    // Visits 120 trace seconds apart at speedup 2 are 60 simulated seconds apart:
    // L = 150 simulated s gives m = 3 (4 queries of 10); as trace seconds (75 s simulated) it would give m = 2 (5).
    const c = clientsWith(cache(150));
    const r = await replay(
      traceScenario({ clients: { ...c, trace: { ...c.trace, speedup: 2 } } }),
      spacedVisits(10, 10, 120),
    );
    expect(r.dns.resolverLookups).toBe(10 * 4);
  });

  it("lifetime 'ttl' honours the TTL each answer came with", async () => {
    // TTL 300, visits 120 s apart: queries at 0, 360, 720 (m = 3) of V = 7 → ceil(7/3) = 3.
    const r = await replay(
      traceScenario({ dns: { ttl: 300, order: "cyclic" }, clients: clientsWith(cache("ttl")) }),
      spacedVisits(10, 7, 120),
    );
    expect(r.dns.resolverLookups).toBe(10 * 3);
  });

  it("lifetime 0 gives the same results as no client cache", async () => {
    const lines = spacedVisits(30, 6, 45);
    const s = { behaviour: "rotate", fragmentation: { sessionGap: 1800 } };
    const none = await replay(traceScenario(s), lines);
    const zero = await replay(traceScenario({ ...s, clients: clientsWith(cache(0)) }), lines);
    expect(zero.dns.clientCacheHits).toBe(0);
    expect(comparable(zero)).toBe(comparable(none));
  });

  it("fragmentation: within the client's lifetime a visit keeps its server; without client caches rotate switches every visit", async () => {
    const lines = spacedVisits(200, 5, 60);
    const base = { behaviour: "rotate", fragmentation: { sessionGap: 1800 } };
    const none = (await replay(traceScenario(base), lines)).fragmentation!;
    const cached = (
      await replay(traceScenario({ ...base, clients: clientsWith(cache(3600)) }), lines)
    ).fragmentation!;
    expect(none.visitPairs).toBe(800);
    expect(none.switchedPairs).toBe(800);
    expect(cached.visitPairs).toBe(800);
    expect(cached.switchedPairs).toBe(0);
    // Frozen resolvers with a short TTL and a cyclic authority: past the TTL a
    // refetch lands elsewhere; a client lifetime longer than the session keeps the server.
    const frozen = {
      fragmentation: base.fragmentation,
      behaviour: "frozen",
      dns: { ttl: 30, order: "cyclic" as const },
    };
    const f0 = (await replay(traceScenario(frozen), lines)).fragmentation!;
    const f1 = (await replay(traceScenario({ ...frozen, clients: clientsWith(cache(600)) }), lines))
      .fragmentation!;
    expect(f0.switchedPairs).toBeGreaterThan(0);
    expect(f1.switchedPairs).toBe(0);
  });

  it("conservation: every request ends once; every visit is a client-cache hit or a resolver lookup", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3000 })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.constant("ttl" as const)),
        async (reqs, lifetime) => {
          const lines = reqs
            .sort((a, b) => a[1] - b[1])
            .map(([h, t]) => clf(`10.2.0.${h}`, T0 + t));
          const r = await replay(
            traceScenario({
              behaviour: "rotate",
              dns: { ttl: 300, order: "cyclic" },
              clients: clientsWith(cache(lifetime)),
            }),
            lines,
          );
          expect(r.totals.requests).toBe(lines.length);
          expect(r.totals.served + r.totals.failed).toBe(lines.length);
          expect(r.dns.clientCacheHits + r.dns.resolverLookups).toBe(r.totals.visits);
          const hosts = new Set(reqs.map(([h]) => h)).size;
          expect(r.dns.resolverLookups).toBeGreaterThanOrEqual(hosts);
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** The traceScenario clients block with a client cache. */
function clientsWith(c: { population: number; lifetime: number | "ttl" }) {
  return {
    rate: 0,
    selection: "first" as const,
    cache: c,
    trace: {
      file: "test.log",
      from: String(T0),
      thinkTime: 10,
      resolvers: { rule: "host" as const },
    },
  };
}
