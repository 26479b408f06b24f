import fc from "fast-check";
import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/index.js";
import { DelayHistogram } from "../../../src/metrics/delay-histogram.js";
import type { Results } from "../../../src/metrics/index.js";
import { ArrivalProcess } from "../../../src/model/arrivals.js";
import { Authoritative } from "../../../src/model/authoritative.js";
import { IntervalSet } from "../../../src/model/intervals.js";
import { LOOKUP } from "../../../src/model/lookup-outcome.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "../../../src/model/resolver-behaviours.js";
import { ResolverPool } from "../../../src/model/resolvers.js";
import { stationaryFetchTimeOf, stationaryRecordTtl } from "../../../src/model/steady-state.js";
import { TtlDraw } from "../../../src/model/ttl-draw.js";
import type { ResolverBehaviourName, ScenarioInput } from "../../../src/scenario/index.js";
import { run, total } from "../../helpers.js";

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

const every = (step: number, until: number): number[] =>
  Array.from({ length: Math.ceil(until / step) }, (_, i) => i * step);

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

  describe("recovery after the authority returns (the mechanisms: resolvers-in-trouble.test.ts)", () => {
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

function single(name: ResolverBehaviourName, ttl: number): ResolverPool {
  return new ResolverPool({
    serverCount: name === "pdns-recursor" ? 4 : 3,
    behaviours: [RESOLVER_BEHAVIOUR_REGISTRY[name]],
    extraLifetime: new Float64Array(1),
    ttl,
    ttlMin: 0,
    ttlMax: 604800,
    serveStale: undefined,
    seed: 1,
  });
}

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

describe("delay histogram", () => {
  it("quantiles are exact for a few distinct delays, and within one bucket otherwise", () => {
    const h = new DelayHistogram();
    for (let i = 0; i < 980; i++) h.add(0);
    for (let i = 0; i < 15; i++) h.add(0.03);
    for (let i = 0; i < 5; i++) h.add(10);
    expect(h.quantile(0.98)).toBe(0);
    expect(h.quantile(0.99)).toBe(0.03);
    expect(h.quantile(0.999)).toBe(10);
    expect(h.mean()).toBeCloseTo((15 * 0.03 + 50) / 1000, 12);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-5, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (xs) => {
          const g = new DelayHistogram();
          for (const x of xs) g.add(x);
          const sorted = [...xs].sort((a, b) => a - b);
          const exact = sorted[Math.ceil(0.99 * xs.length) - 1]!;
          const q = g.quantile(0.99);
          expect(q).toBeLessThanOrEqual(exact * 10 ** (1 / DelayHistogram.PER_DECADE));
          expect(q).toBeGreaterThanOrEqual(exact / 10 ** (1 / DelayHistogram.PER_DECADE));
        },
      ),
    );
  });
});

describe("the rest of the closed forms (issue 11 §4)", () => {
  it("TTL per fetch from a distribution: the hit ratio depends only on its mean (λ = 0.1, E[T] = 30 → 0.750)", () => {
    const uniform = (duration: number, ttl: ScenarioInput["dns"]["ttl"]) =>
      run({
        duration,
        servers: four,
        dns: { ttl, order: "cyclic" },
        resolvers: { count: 1, behaviour: "rotate" },
        clients: { rate: 0.1 },
      });
    const r = uniform(400_000, { uniform: [15, 45] });
    // Regenerative cycles (fetch + its hits): C ≈ n/(1+λE[T]) of them, hits per
    // cycle of variance λE[T] + λ²Var(T) = 3 + 0.75; by the delta method
    // SE(H) = sqrt(3.75 / C) / (1 + λE[T])².
    const n = r.dns.resolverLookups;
    const cycles = n / 4;
    const se = Math.sqrt(3.75 / cycles) / 16;
    expect(Math.abs(r.dns.resolverHitRatio - 0.75)).toBeLessThan(4 * se);
    // Its neighbours: one TTL at either end of the range gives 0.6 and 0.818.
    expect(Math.abs(uniform(40_000, 15).dns.resolverHitRatio - 0.6)).toBeLessThan(0.02);
    expect(4 * se).toBeLessThan(0.01);
  });

  it("a TTL distribution is drawn per fetch: refetch intervals vary within its range", () => {
    const times = fetchTimes(
      probe("rotate", { uniform: [15, 45] }, { duration: 2000, window: 0.5 }),
    );
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(45.5);
    expect(new Set(gaps).size).toBeGreaterThan(10);
  });

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

  it("a constant TTL draws nothing from the TTL stream", () => {
    let draws = 0;
    const constant = new TtlDraw(60, () => {
      draws++;
      return 0.5;
    });
    for (let i = 0; i < 10; i++) constant.next();
    expect(draws).toBe(0);
    expect(total([constant.next()])).toBe(60);
  });
});

describe("steady-state start with a TTL drawn per fetch", () => {
  it("the record alive at t = 0 is length-biased: mean lifetime E[T²]/E[T] = 32.5 s for uniform [15, 45]", () => {
    const pool = new ResolverPool({
      serverCount: 3,
      behaviours: [RESOLVER_BEHAVIOUR_REGISTRY.rotate],
      extraLifetime: new Float64Array(1),
      ttl: new TtlDraw({ uniform: [15, 45] }, () => 0.5),
      meanLifetime: 30,
      ttlMin: 0,
      ttlMax: 604800,
      serveStale: undefined,
      seed: 1,
    });
    const rng = new RandomStreams(7).stream("test");
    const valid: number[] = [];
    const idle: number[] = [];
    const rate = 0.1;
    for (let i = 0; i < 20000; i++) {
      const u = rng();
      const life = stationaryRecordTtl(pool, 0, rate, u, rng); // rotate: lifetime = TTL
      const at = stationaryFetchTimeOf(rate, 30, life, u, rng());
      (at + life > 0 ? valid : idle).push(life);
    }
    // Valid with probability λE[T]/(1+λE[T]) = 0.75: binomial SE.
    const p = valid.length / 20000;
    expect(Math.abs(p - 0.75)).toBeLessThan(4 * Math.sqrt((0.75 * 0.25) / 20000));
    // Length-biased: density l/900 on [15, 45], mean 32.5, variance E[L³]/E[L] − 32.5² = 68.75.
    const se = Math.sqrt(68.75 / valid.length);
    expect(Math.abs(ss.mean(valid) - 32.5)).toBeLessThan(4 * se);
    // An expired one is an ordinary draw: mean 30, variance 75.
    expect(Math.abs(ss.mean(idle) - 30)).toBeLessThan(4 * Math.sqrt(75 / idle.length));
  });

  it("a steady start holds the stationary hit ratio from the first seconds", () => {
    const r = run({
      duration: 20,
      servers: four,
      dns: { ttl: { uniform: [15, 45] }, order: "cyclic" },
      resolvers: { count: 4000, skew: 0, behaviour: "rotate" },
      clients: { rate: 400 },
    });
    // 4000 resolvers at λ = 0.1/s each: nearly independent lookups, binomial SE.
    const n = r.dns.resolverLookups;
    expect(Math.abs(r.dns.resolverHitRatio - 0.75)).toBeLessThan(4 * Math.sqrt((0.75 * 0.25) / n));
  });
});
