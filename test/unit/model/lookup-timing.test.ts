import { describe, expect, it } from "vitest";
import type { ResolverBehaviourName, ScenarioInput } from "../../../src/scenario/index.js";
import { run } from "../../helpers.js";

// Fidelity in time (issue 11 §2-4): lookups take time, presets timed like the
// real daemons, TTLs drawn per fetch, periodic arrivals.

const four = [1, 2, 3, 4].map((i) => ({ address: `10.0.0.${i}` }));

describe("DNS lookups take time (issue 11 §2)", () => {
  const common = (more: Partial<ScenarioInput> = {}): Partial<ScenarioInput> => ({
    duration: 20000,
    servers: four,
    dns: { ttl: 9, order: "cyclic" },
    resolvers: { count: 1, behaviour: "rotate", authorityRtt: 0.05 },
    clients: { rate: 1 },
    ...more,
  });

  it("a miss costs the resolver's round trip to the authority, a hit nothing", () => {
    const r = run(common());
    // Every lookup is a hit (0) or a miss (rtt): the mean is exact, the p99 a miss
    // (misses are 1/(1+λT) = 10% of lookups, well above 1%).
    const misses = r.dns.resolverLookups - r.dns.resolverHits;
    expect(r.delay.lookup!.meanSeconds).toBeCloseTo((0.05 * misses) / r.totals.visits, 9);
    expect(r.delay.lookup!.p99Seconds).toBe(0.05);
    expect(r.delay.lookup!.maxSeconds).toBe(0.05);
    expect(r.delay.lookup!.failedLookupSeconds).toBe(0);
    // With misses rarer than 1%, the p99 is a hit.
    const rare = run(common({ dns: { ttl: 300, order: "cyclic" } }));
    expect(rare.delay.lookup!.p99Seconds).toBe(0);
  });

  it("the visit's requests start once the lookup has ended (a dead server seen later)", () => {
    // Every lookup misses (TTL 0) and takes 50 s; the only server refuses until t = 40.
    const shifted = (rtt: number) =>
      run({
        duration: 30,
        servers: [{ address: "10.0.0.1" }],
        dns: { ttl: 0, order: "cyclic" },
        resolvers: { count: 1, behaviour: "rotate", authorityRtt: rtt },
        clients: { rate: 5 },
        failures: [{ server: "10.0.0.1", at: 0, duration: 40, mode: "refused" }],
      });
    const late = shifted(50);
    expect(late.totals.failed).toBe(0);
    expect(late.timeseries.afterHorizon.served).toBe(late.totals.visits);
    const atOnce = shifted(0);
    expect(atOnce.totals.served).toBe(0);
  });

  it("no answer costs the stub's timeout × attempts; SERVFAIL returns at once", () => {
    const outage = (
      behaviour: ResolverBehaviourName,
      stub?: { timeout: number; attempts: number },
    ) =>
      run({
        duration: 1000,
        servers: four,
        dns: { ttl: 5, order: "cyclic", outages: [{ at: 300, duration: 300 }] },
        resolvers: { count: 1, behaviour },
        clients: { rate: 2, ...(stub ? { stub } : {}) },
      });
    // The abstract behaviours' silence: every failed lookup costs the stub's full wait.
    const silent = outage("rotate");
    expect(silent.dns.noAnswerVisits).toBeGreaterThan(0);
    expect(silent.delay.lookup!.meanFailedLookupSeconds).toBe(10);
    expect(silent.delay.lookup!.failedLookupSeconds).toBe(10 * silent.dns.noAnswerVisits);
    expect(silent.delay.lookup!.maxSeconds).toBe(10);
    const tuned = outage("rotate", { timeout: 2, attempts: 3 });
    expect(tuned.delay.lookup!.meanFailedLookupSeconds).toBe(6);
    // PowerDNS: a SERVFAIL after its 1.5 s network timeout, or at once while throttled.
    const pdns = outage("pdns-recursor");
    expect(pdns.dns.servfailVisits).toBe(pdns.totals.unresolvedVisits);
    expect(pdns.delay.lookup!.maxSeconds).toBe(1.5);
    expect(pdns.delay.lookup!.meanFailedLookupSeconds).toBeGreaterThan(0);
    expect(pdns.delay.lookup!.meanFailedLookupSeconds).toBeLessThan(1.5);
  });
});
