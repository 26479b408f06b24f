import { describe, expect, it } from "vitest";
import type { Results } from "../../../src/metrics/index.js";
import { Authoritative } from "../../../src/model/authoritative.js";
import { IntervalSet } from "../../../src/model/intervals.js";
import { LOOKUP } from "../../../src/model/lookup-outcome.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "../../../src/model/resolver-behaviours.js";
import { ResolverPool, resolverKindsOf } from "../../../src/model/resolvers.js";
import type { ResolverBehaviourName } from "../../../src/scenario/index.js";
import { run } from "../../helpers.js";
import { fetchTimes, four, probe } from "./timing-probe.js";

// Fidelity in time (issue 11 §2-4): lookups take time, presets timed like the
// real daemons, TTLs drawn per fetch, periodic arrivals.

const every = (step: number, until: number): number[] =>
  Array.from({ length: Math.ceil(until / step) }, (_, i) => i * step);

function single(name: ResolverBehaviourName, ttl: number): ResolverPool {
  return new ResolverPool({
    serverCount: name === "pdns-recursor" ? 4 : 3,
    behaviours: resolverKindsOf([RESOLVER_BEHAVIOUR_REGISTRY[name]]),
    extraLifetime: new Float64Array(1),
    ttl,
    ttlMin: 0,
    ttlMax: 604800,
    serveStale: undefined,
    seed: 1,
  });
}

describe("presets timed like the real software (issue 11 §3)", () => {
  it.each([
    ["unbound", 6],
    ["knot-resolver", 6],
    ["dnsmasq", 5],
    ["pdns-recursor", 5],
  ] as const)("%s refetches a TTL-5 record every %d.0 s (one query per 0.5 s)", (name, period) => {
    expect(fetchTimes(probe(name, 5))).toEqual(every(period, 60));
  });

  it("clamped lifetimes get the extra second too: min 20 → Unbound refetches at 21 s, dnsmasq at 20 s", () => {
    const clamp = { resolvers: { count: 1, behaviour: "unbound" as const, ttl: { min: 20 } } };
    expect(fetchTimes(probe("unbound", 5, clamp))).toEqual([0, 21, 42]);
    const dnsmasq = { resolvers: { count: 1, behaviour: "dnsmasq" as const, ttl: { min: 20 } } };
    expect(fetchTimes(probe("dnsmasq", 5, dnsmasq))).toEqual([0, 20, 40]);
  });

  it("whole-second clocks: the TTL shown counts down in whole seconds; Unbound shows 0 for its last second", () => {
    const down = new IntervalSet([]);
    const auth = new Authoritative(3, "fixed", () => 0, [down, down, down], false);
    const out = new Int32Array(3);
    const shown = (name: ResolverBehaviourName, times: number[]) => {
      const pool = single(name, 5);
      return times.map((t) => {
        pool.lookup(0, t, auth, down, out);
        return `${pool.lastOutcome === LOOKUP.HIT ? "hit" : "miss"}:${pool.lastTtl.toFixed(1)}`;
      });
    };
    // Fetched at 10.3: the daemons' clock says 10, so the record runs to 15 (shown TTL 15 − floor(t)).
    expect(shown("unbound", [10.3, 11.2, 14.9, 15.5, 15.99, 16])).toEqual([
      "miss:5.0",
      "hit:4.0",
      "hit:1.0",
      "hit:0.0",
      "hit:0.0",
      "miss:5.0",
    ]);
    expect(shown("dnsmasq", [10.3, 11.2, 14.9, 15])).toEqual([
      "miss:5.0",
      "hit:4.0",
      "hit:1.0",
      "miss:5.0",
    ]);
    // The abstract behaviours keep exact time (the closed forms' model).
    expect(shown("rotate", [10.3, 11.2, 15.29, 15.3])).toEqual([
      "miss:5.0",
      "hit:4.1",
      "hit:0.0",
      "miss:5.0",
    ]);
  });

  it("PowerDNS: a new random order per fetch, frozen until expiry, so dns.order: fixed does not pin it", () => {
    const r = run({
      duration: 4000,
      start: "cold",
      servers: four,
      dns: { ttl: 1, order: "fixed" },
      resolvers: { count: 1, behaviour: "pdns-recursor" },
      clients: { rate: 20 },
    });
    // Each fetch epoch pins every visit to one uniformly chosen server. Epochs
    // carry unequal visit counts (lifetime (0, 1] s by the clock phase, so
    // Σw²/(Σw)² ≤ 2/F for F epochs): a share's SE is at most sqrt(p(1−p)·2/F).
    const epochs = r.dns.authoritativeQueries;
    const se = Math.sqrt(((1 / 4) * (3 / 4) * 2) / epochs);
    for (const sv of r.servers) expect(Math.abs(sv.share - 1 / 4)).toBeLessThan(4 * se);
    // The nearest neighbour, a frozen cache of the fixed order, sends everything to one server.
    const frozen = run({
      duration: 400,
      start: "cold",
      servers: four,
      dns: { ttl: 1, order: "fixed" },
      resolvers: { count: 1, behaviour: "unbound-no-rr" },
      clients: { rate: 20 },
    });
    expect(frozen.servers[0]!.share).toBe(1);
    // Frozen within an epoch: the fetch answer and every cached answer agree.
    const pool = single("pdns-recursor", 60);
    const down = new IntervalSet([]);
    const auth = new Authoritative(4, "fixed", () => 0, [down, down, down, down], false);
    const out = new Int32Array(4);
    const orders = new Set<string>();
    for (let t = 0; t < 50; t++) {
      pool.lookup(0, t, auth, down, out);
      orders.add([...out].join(""));
    }
    expect(orders.size).toBe(1);
  });

  describe("recovery after the authority returns (the mechanisms: policies/server-trouble.test.ts)", () => {
    const outage = (behaviour: ResolverBehaviourName): Results =>
      run({
        duration: 400,
        window: 1,
        start: "cold",
        servers: four,
        dns: { ttl: 5, order: "cyclic", outages: [{ at: 100, duration: 100 }] },
        resolvers: { count: 1, behaviour },
        clients: { rate: 10 },
      });
    /** The last second in which some visit was left unresolved. */
    const lastUnresolved = (r: Results): number => {
      const u = r.timeseries.unresolvedVisits;
      return r.timeseries.start[u.reduce((last, x, b) => (x > 0 ? b : last), -1)]!;
    };

    it("the abstract behaviours recover at once; dnsmasq's held queries fail only while no answer can come within the stub's 10 s", () => {
      expect(lastUnresolved(outage("rotate"))).toBe(199);
      // Held queries are answered at the first forward after the return at 200 (the
      // next query, ~0.1 s apart): those from just after 190 on wait under 10 s.
      expect(lastUnresolved(outage("dnsmasq"))).toBe(190);
    });

    it("Unbound with serve-expired never fails through an outage", () => {
      expect(outage("unbound-serve-expired").totals.unresolvedVisits).toBe(0);
    });

    it("a resolver that did not meet the outage (its record outlived it) is not held down", () => {
      const r = run({
        duration: 400,
        window: 1,
        start: "cold",
        servers: four,
        dns: { ttl: 200, order: "cyclic", outages: [{ at: 100, duration: 50 }] },
        resolvers: { count: 1, behaviour: "unbound" },
        clients: { rate: 10 },
      });
      expect(r.totals.unresolvedVisits).toBe(0);
    });
  });

  it("dnsmasq --use-stale-cache answers stale with TTL 0 while the authority is down", () => {
    const pool = single("dnsmasq-stale", 5);
    const down = new IntervalSet([{ start: 10, end: 100, tag: 0 }]);
    const auth = new Authoritative(3, "fixed", () => 0, [down, down, down], false);
    const out = new Int32Array(3);
    pool.lookup(0, 0, auth, down, out);
    expect(pool.lookup(0, 50, auth, down, out)).toBe(3);
    expect(pool.lastOutcome).toBe(LOOKUP.STALE);
    expect(pool.lastTtl).toBe(0);
    // Plain dnsmasq holds the query: answered by its first forward after the return
    // at 100 (forwards follow the stub's 5 s retransmissions here), 50 s later.
    const plain = single("dnsmasq", 5);
    plain.lookup(0, 0, auth, down, out);
    expect(plain.lookup(0, 50, auth, down, out)).toBe(3);
    expect(plain.lastOutcome).toBe(LOOKUP.MISS);
    expect(plain.lastDelay).toBe(50);
  });
});
