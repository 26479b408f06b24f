import { describe, expect, it } from "vitest";
import { pacedPhase } from "../../../../src/conformance/measure-preset.js";
import { medianServfailDelay, pacedCounts } from "../../../../src/conformance/paced-outage.js";
import { RANGE_SLACK, recoverySpread } from "../../../../src/conformance/recovery-spread.js";
import type { OutageKind } from "../../../../src/conformance/types.js";
import { Authoritative } from "../../../../src/model/authoritative.js";
import { IntervalSet } from "../../../../src/model/intervals.js";
import { LOOKUP } from "../../../../src/model/lookup-outcome.js";
import { KNOT_TROUBLE, UNBOUND_TROUBLE } from "../../../../src/model/policies/server-trouble.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "../../../../src/model/resolver-behaviours.js";
import { ResolverPool, resolverKindsOf } from "../../../../src/model/resolvers.js";
import type { ResolverBehaviourName } from "../../../../src/scenario/index.js";
import { loadScenario, UserError } from "../../../../src/scenario/index.js";
import { run } from "../../../helpers.js";

/**
 * Issue 24: the presets in trouble, against the real daemons' measurements
 * (Unbound 1.17, dnsmasq 2.90, PowerDNS Recursor 4.8, Knot Resolver 5.6 on
 * loopback; docs/guides/resolvers-in-trouble.md).
 */

const none = new IntervalSet([]);
const fixedAuthority = () =>
  new Authoritative(4, "fixed", () => 0.5, [none, none, none, none], false);

function pool(name: ResolverBehaviourName, ttl: number, refused = 0): ResolverPool {
  return new ResolverPool({
    serverCount: 4,
    behaviours: resolverKindsOf([RESOLVER_BEHAVIOUR_REGISTRY[name]]),
    extraLifetime: new Float64Array(1),
    ttl,
    ttlMin: 0,
    ttlMax: 604800,
    serveStale: undefined,
    seed: 7,
    outageRefused: Uint8Array.of(refused),
  });
}

/** Binomial standard error of a share p over n independent draws. */
const se = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

describe("the order of the answer that fetched the record (upstream in a fixed order)", () => {
  const N = 4000;
  /** First address of N fetch answers (TTL 0: every lookup fetches). */
  const firstOfFetches = (name: ResolverBehaviourName): number[] => {
    const p = pool(name, 0);
    const auth = fixedAuthority();
    const out = new Int32Array(4);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < N; i++) {
      p.lookup(0, i, auth, none, out);
      expect(p.lastOutcome).toBe(LOOKUP.MISS);
      counts[out[0]!]!++;
    }
    return counts;
  };

  it.each(["unbound", "unbound-serve-expired", "knot-resolver", "pdns-recursor"] as const)(
    "%s: the fetching answer's first address is uniform over the four (within 4 standard errors)",
    (name) => {
      for (const c of firstOfFetches(name))
        expect(Math.abs(c / N - 0.25)).toBeLessThan(4 * se(0.25, N));
    },
  );

  it.each(["dnsmasq", "unbound-no-rr"] as const)(
    "%s: the fetching answer keeps upstream's order",
    (name) => {
      expect(firstOfFetches(name)).toEqual([N, 0, 0, 0]);
    },
  );

  it("PowerDNS gives each fetch a new permutation (all 24 seen), not one per resolver", () => {
    const p = pool("pdns-recursor", 0);
    const auth = fixedAuthority();
    const out = new Int32Array(4);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      p.lookup(0, i, auth, none, out);
      seen.add(out.join(""));
    }
    expect(seen.size).toBe(24);
  });

  it("1000 Zipf resolvers, TTL 60, fixed upstream: Unbound and Knot spread ~25% each (the issue: 44.8% before)", () => {
    const scenario = (behaviour: ResolverBehaviourName) =>
      run({
        duration: 600,
        servers: ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"].map((address) => ({ address })),
        dns: { ttl: 60, order: "fixed" },
        resolvers: { count: 1000, skew: 1, behaviour },
        clients: { rate: 100 },
      });
    for (const name of ["unbound", "knot-resolver"] as const) {
      const r = scenario(name);
      // Every answer, fetched or cached, starts at a uniform random offset drawn
      // afresh: the visits' first addresses are independent, a binomial share.
      const n = r.totals.visits;
      for (const sv of r.servers) expect(Math.abs(sv.share - 0.25)).toBeLessThan(4 * se(0.25, n));
    }
  });
});

interface OutageRun {
  /** Seconds the client waited on lookups that failed or were held (stub 5 s × 2). */
  lost: number;
  failed: number;
  /** SERVFAILs that came at once (cached, throttled, server down). */
  immediate: number;
  held: number;
  /** Seconds from the return to the first fresh answer. */
  recovery: number;
  /** Waits of the lookups during the outage, in order (Infinity: no answer). */
  waits: number[];
}

/**
 * One resolver queried once a second (the protocol), TTL 5, the
 * authority down [start, start + duration), the client's stub glibc's 5 s × 2.
 */
function outage(
  name: ResolverBehaviourName,
  duration: number,
  phase = 0.3,
  refused = 0,
): OutageRun {
  const p = pool(name, 5, refused);
  const auth = fixedAuthority();
  const start = 100 + phase;
  const end = start + duration;
  const down = new IntervalSet([{ start, end, tag: 0 }]);
  const out = new Int32Array(4);
  const o: OutageRun = {
    lost: 0,
    failed: 0,
    immediate: 0,
    held: 0,
    recovery: Number.NaN,
    waits: [],
  };
  for (let t = 0.5; t < end + 300; t++) {
    p.lookup(0, t, auth, down, out);
    const w = p.lastDelay;
    const silent = p.lastOutcome === LOOKUP.NO_ANSWER || w >= 10;
    const failed = silent || p.lastOutcome === LOOKUP.SERVFAIL;
    if (failed || w > 0) o.lost += silent ? 10 : w;
    if (failed) o.failed++;
    if (!silent && p.lastOutcome === LOOKUP.SERVFAIL && w === 0) o.immediate++;
    if (!failed && w > 0) o.held++;
    // Lookups that needed the authority during the outage (not hits on a record still valid).
    if (t >= start && t < end && p.lastOutcome !== LOOKUP.HIT)
      o.waits.push(silent ? Number.POSITIVE_INFINITY : w);
    const fresh = p.lastOutcome === LOOKUP.MISS || (p.lastOutcome === LOOKUP.HIT && t >= end);
    if (Number.isNaN(o.recovery) && fresh && !silent && t + w >= end) o.recovery = t + w - end;
  }
  return o;
}

/** Mean of a measure over outage starts spread evenly across a TTL (the phase the harness cannot choose). */
function overPhases(f: (phase: number) => number): { mean: number; sd: number } {
  const xs = Array.from({ length: 100 }, (_, k) => f((k * 0.05) % 5));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd };
}

/**
 * The harness's paced outage replayed on a preset (src/conformance): primed
 * at 0 s, a query every second, TTL 5, the authority cut at 1 s and back
 * after `length` s, closed (ICMP port unreachable) or black-holed.
 */
function paced(name: ResolverBehaviourName, length: number, kind: OutageKind = "black-holed") {
  const p = pacedPhase(name, { length, kind }, 50);
  return { ...pacedCounts(p), servfailDelay: medianServfailDelay(p), recovery: p.firstUpstream };
}

/** The real daemon's run-to-run range (13 reduced runs on this machine), widened by RANGE_SLACK. */
function measuredRange(setting: string, plan: string): [number, number] {
  const s = recoverySpread(setting, plan, "firstUpstream")!;
  return [s.min! - RANGE_SLACK, s.max! + RANGE_SLACK];
}

describe("Unbound: infra-cache timeouts doubling, unusable at 12 s, probing (the harness's paced outages)", () => {
  it("five sends of 31 × 284 ms outlast a 12 s outage: no reply to any query, the next one fetches soon after the return (measured: none 6, 0–3.6 s)", () => {
    // rtt.c: rttvar 94 ms, one ~0 ms sample makes it 71 ms, rto = 4 × 71 ms.
    expect(UNBOUND_TROUBLE.firstTimeout).toBe(0.284);
    // The first expired query (6 s) gives up after the return (13 s).
    expect(6 + 31 * UNBOUND_TROUBLE.firstTimeout).toBeGreaterThan(13);
    for (const kind of ["closed", "black-holed"] as const) {
      const o = paced("unbound", 12, kind);
      expect(o).toMatchObject({ none: 6, servfail: 0, held: 0 });
      const [lo, hi] = measuredRange("unbound", `12 s ${kind}`);
      expect(o.recovery).toBeGreaterThanOrEqual(lo);
      expect(o.recovery).toBeLessThanOrEqual(hi);
    }
  });

  it("a 60 s outage: no reply until the timeout reaches 12 s (PROBE_MAXRTO), then SERVFAIL at once (measured none 17–21, servfail 33–37, median delay 0)", () => {
    const o = paced("unbound", 60);
    expect(o.none).toBeGreaterThanOrEqual(15);
    expect(o.none).toBeLessThanOrEqual(23);
    expect(o.servfail).toBeGreaterThanOrEqual(31);
    expect(o.servfailDelay).toBe(0);
    expect(o.held).toBe(0);
  });

  it("a closed port costs what a black hole does: the ICMP error is ignored (measured: the same counts and recovery)", () => {
    for (const length of [12, 60])
      expect(paced("unbound", length, "closed")).toEqual(paced("unbound", length));
  });

  it("recovery after 60 s is the probe back-off (measured 19–37 s), after 12 s a few seconds, over every outage phase", () => {
    const [lo, hi] = measuredRange("unbound", "60 s black-holed");
    const long = Array.from({ length: 20 }, (_, k) => outage("unbound", 60, k * 0.25).recovery);
    expect(Math.min(...long)).toBeGreaterThanOrEqual(lo);
    expect(Math.max(...long)).toBeLessThanOrEqual(hi);
    const short = overPhases((ph) => outage("unbound", 12, ph).recovery).mean;
    expect(short).toBeLessThan(10);
    expect(overPhases((ph) => outage("unbound", 60, ph).recovery).mean).toBeGreaterThan(3 * short);
  });

  it("a 60 s outage at 1 lookup/s through glibc's stub: most failures are immediate SERVFAILs (the issue measured 53 of 69)", () => {
    const o = outage("unbound", 60);
    expect(o.immediate / o.failed).toBeGreaterThan(0.5);
    // Time lost: the 160 s against 590 s for the old silent preset.
    expect(o.lost).toBeGreaterThan(120);
    expect(o.lost).toBeLessThan(240);
  });

  it("serve-expired answers stale throughout, and its refetch follows the same back-off (measured 9–38 s after 60 s)", () => {
    for (const length of [12, 60]) {
      const o = paced("unbound-serve-expired", length);
      expect(o.stale).toBe(length - 6);
      const [lo, hi] = measuredRange("unbound-serve-expired", `${length} s black-holed`);
      expect(o.recovery).toBeGreaterThanOrEqual(lo);
      expect(o.recovery).toBeLessThanOrEqual(hi);
    }
  });
});

describe("PowerDNS Recursor: network timeout and throttles", () => {
  it("black-holed: SERVFAIL after its 1.5 s network timeout, then throttled SERVFAILs at once", () => {
    const o = outage("pdns-recursor", 60);
    expect(o.waits[0]).toBe(1.5);
    expect(Math.max(...o.waits)).toBe(1.5);
    expect(o.immediate).toBeGreaterThan(0);
  });

  it("port closed: SERVFAIL after one round trip, then at once for the 60 s throttle", () => {
    const o = outage("pdns-recursor", 60, 0.3, 1);
    expect(o.waits[0]).toBeCloseTo(0.03, 9);
    expect(o.waits.slice(1).every((w) => w === 0)).toBe(true);
  });

  it("a SERVFAIL stays in the packet cache for packetcache-servfail-ttl (60 s): nothing reaches the authority for a minute after the first failure (measured: none within 50 s after 12 s; 4 s after 60 s closed)", () => {
    for (const kind of ["closed", "black-holed"] as const)
      expect(paced("pdns-recursor", 12, kind).recovery).toBeNull();
    const [lo, hi] = measuredRange("pdns-recursor", "60 s closed");
    const r = paced("pdns-recursor", 60, "closed").recovery!;
    expect(r).toBeGreaterThanOrEqual(lo);
    expect(r).toBeLessThanOrEqual(hi);
  });
});

describe("Knot Resolver: fixed 2 s forwarding timeout, dead for 1 s after its third, in batches", () => {
  it("the queries of one request fail together after three 2 s sends, then 1 s dead (the harness measured delays 5, 4, 3, 2, 1, 0 s)", () => {
    for (const kind of ["closed", "black-holed"] as const) {
      const p = pacedPhase("knot-resolver", { length: 12, kind }, 50);
      expect(p.during.map((q) => q.kind)).toEqual(Array(6).fill("servfail"));
      expect(p.during.map((q) => q.delay)).toEqual([5, 4, 3, 2, 1, 0]);
      const [lo, hi] = measuredRange("knot-resolver", `12 s ${kind}`);
      expect(p.firstUpstream).toBeGreaterThanOrEqual(lo);
      expect(p.firstUpstream).toBeLessThanOrEqual(hi);
    }
    // Later requests send once: each timeout finds the address dead again.
    const o = outage("knot-resolver", 60);
    expect(Math.max(...o.waits.slice(8))).toBeCloseTo(KNOT_TROUBLE.firstTimeout, 9);
  });

  it("recovery after a 60 s outage within seconds of the return (the issue's +1.2–3.5 s at 1 lookup/s; the harness saw none within 50 s, a known deviation)", () => {
    const r = overPhases((ph) => outage("knot-resolver", 60, ph).recovery);
    expect(r.mean).toBeGreaterThan(1.2 - (2 * r.sd) / 10);
    expect(r.mean).toBeLessThan(3.5);
  });
});

describe("dnsmasq: holds the query, answers it when the authority returns", () => {
  it("an 11 s outage causes delays, not failures; fresh again within a second", () => {
    // The outage begins as the record expires (phase 0.6: the last fetch at 95.5 s
    // expires at 100 s... the first query inside it waits at most 10.7 s).
    const o = outage("dnsmasq", 11, 0.6);
    expect(o.held).toBeGreaterThanOrEqual(8);
    expect(o.failed).toBeLessThanOrEqual(1);
    expect(o.waits.every((w) => w > 0)).toBe(true);
    const r = overPhases((ph) => outage("dnsmasq", 11, ph).recovery);
    expect(r.mean).toBeGreaterThan(0.2 - 0.1);
    expect(r.mean).toBeLessThan(0.6 + 0.2);
  });

  it("--use-stale-cache refetches every 6.0 s at TTL 5 (TTL 0 shown in the extra second)", () => {
    const p = pool("dnsmasq-stale", 5);
    const auth = fixedAuthority();
    const out = new Int32Array(4);
    let fetches = 0;
    let zeroShown = 0;
    for (let t = 0.05; t < 600; t += 0.1) {
      p.lookup(0, t, auth, none, out);
      if (p.lastOutcome === LOOKUP.MISS) fetches++;
      else if (p.lastTtl === 0) zeroShown++;
    }
    expect(Math.abs(fetches - 600 / 6)).toBeLessThanOrEqual(1);
    expect(zeroShown).toBeGreaterThan(0);
  });
});

describe("the outage's kind is a scenario field", () => {
  const yaml = (mode: string) => `name: t
duration: 100
servers: [{ address: 10.0.0.1 }]
dns: { ttl: 5, outages: [{ at: 10, duration: 20, mode: ${mode} }] }
clients: { rate: 1 }
`;
  it("defaults to blackhole and refuses an unknown kind naming the field", () => {
    const s = loadScenario(yaml("blackhole"), "s.yaml");
    expect(s.dns.outages[0]!.mode).toBe("blackhole");
    expect(() => loadScenario(yaml("closed"), "s.yaml")).toThrow(UserError);
    try {
      loadScenario(yaml("closed"), "s.yaml");
    } catch (error) {
      const text = (error as UserError).format();
      expect(text).toContain("s.yaml");
      expect(text).toContain("mode");
      expect(text).toContain("refused");
    }
  });

  it("PowerDNS costs the client 1.5 s per SERVFAIL when black-holed, a round trip when refused", () => {
    const scenario = (mode: "blackhole" | "refused") =>
      run({
        duration: 400,
        start: "cold",
        servers: [{ address: "10.0.0.1" }],
        dns: { ttl: 5, order: "cyclic", outages: [{ at: 100, duration: 100, mode }] },
        resolvers: { count: 1, behaviour: "pdns-recursor" },
        clients: { rate: 1 },
      });
    expect(scenario("blackhole").delay.lookup!.maxSeconds).toBe(1.5);
    const refused = scenario("refused");
    expect(refused.dns.servfailVisits).toBeGreaterThan(50);
    expect(refused.delay.lookup!.maxSeconds).toBeCloseTo(0.03, 9);
  });
});
