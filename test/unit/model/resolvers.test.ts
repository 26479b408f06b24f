import { describe, expect, it } from "vitest";
import { IntervalSet } from "../../../src/model/intervals.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "../../../src/model/resolver-behaviours.js";
import { LOOKUP, ResolverPool, resolverKindsOf } from "../../../src/model/resolvers.js";
import type { ResolverBehaviourName } from "../../../src/scenario/index.js";
import { chiSquareUniform, SIGNIFICANCE } from "../engine/chi-square.js";
import { authoritative, letters, never } from "./authority-helpers.js";

function pool(
  name: ResolverBehaviourName,
  options: Partial<{ ttl: number; min: number; max: number; extra: number; stale: boolean }> = {},
) {
  return new ResolverPool({
    serverCount: 3,
    behaviours: resolverKindsOf([RESOLVER_BEHAVIOUR_REGISTRY[name]]),
    extraLifetime: Float64Array.of(options.extra ?? 0),
    ttl: options.ttl ?? 60,
    ttlMin: options.min ?? 0,
    ttlMax: options.max ?? 604800,
    serveStale: options.stale ? { ttl: 30, max: 86400 } : undefined,
    seed: 1,
  });
}

function lookups(p: ResolverPool, times: number[], authDown = never): string[] {
  const auth = authoritative("fixed");
  const out = new Int32Array(3);
  return times.map((t) => {
    const len = p.lookup(0, t, auth, authDown, out);
    return len === 0 ? "-" : letters(out, len);
  });
}

describe("ResolverPool.freshAnswer (the fast path's lookup)", () => {
  it("answers a fresh record of a resolver without a trouble model as lookup does, else 0 and nothing changed", () => {
    const auth = authoritative("fixed");
    const out = new Int32Array(3);
    const quick = pool("rotate", { ttl: 10 });
    const slow = pool("rotate", { ttl: 10 });
    // Cold: nothing cached yet, so the lookup must fetch.
    expect(quick.freshAnswer(0, 0, out)).toBe(0);
    lookups(quick, [0]);
    lookups(slow, [0]);
    const answers: string[] = [];
    for (const t of [1, 2, 9.5]) {
      const len = quick.freshAnswer(0, t, out);
      answers.push(`${letters(out, len)} ttl ${quick.lastTtl}`);
      expect(quick.lastOutcome).toBe(LOOKUP.HIT);
      const expected = lookups(slow, [t])[0];
      expect(`${expected} ttl ${slow.lastTtl}`).toBe(answers.at(-1));
    }
    expect(answers).toEqual(["bca ttl 9", "cab ttl 8", "abc ttl 0.5"]);
    // Expired: 0, the rotation untouched (the next lookup fetches as usual).
    expect(quick.freshAnswer(0, 10, out)).toBe(0);
    expect(lookups(quick, [10])).toEqual(lookups(slow, [10]));
    expect(quick.lastOutcome).toBe(LOOKUP.MISS);
    // A preset with a trouble model (Unbound) never takes it, fresh record or not.
    const unbound = pool("unbound", { ttl: 10 });
    expect(unbound.lookup(0, 0, auth, never, out)).toBe(3);
    expect(unbound.freshAnswer(0, 1, out)).toBe(0);
    expect(unbound.lookup(0, 1, auth, never, out)).toBe(3);
    expect(unbound.lastOutcome).toBe(LOOKUP.HIT);
  });
});

describe("resolver cache behaviours", () => {
  it("rotate: the fetch answer carries the upstream order, then rotation by one", () => {
    expect(lookups(pool("rotate"), [0, 1, 2, 3])).toEqual(["abc", "bca", "cab", "abc"]);
  });
  it("frozen: the fetched order until expiry, then a fresh fetch", () => {
    const p = pool("frozen", { ttl: 10 });
    expect(lookups(p, [0, 1, 9.9])).toEqual(["abc", "abc", "abc"]);
    expect(p.lastOutcome).toBe(LOOKUP.HIT);
    lookups(p, [10]);
    expect(p.lastOutcome).toBe(LOOKUP.MISS);
  });
  it("dnsmasq: fetch and first cached answer in upstream order, then last record to the front", () => {
    expect(lookups(pool("dnsmasq"), [0, 1, 2, 3, 4])).toEqual(["abc", "abc", "cab", "bca", "abc"]);
  });
  // Answers from one cached record "abc" (the fixed authority's order): the
  // first letter is the rotation offset, the whole answer the permutation.
  const cachedAnswers = (name: ResolverBehaviourName, count: number): string[] =>
    lookups(
      pool(name, { ttl: 1e6 }),
      Array.from({ length: count + 1 }, (_, i) => i * 0.001),
    ).slice(1);

  it.each(["rotate-random", "unbound", "knot-resolver"] as const)(
    "%s: successive offsets are uniform and independent (chi-square on offsets and on pairs)",
    (name) => {
      const offsets = cachedAnswers(name, 36_000).map((a) => "abc".indexOf(a[0]!));
      const single = [0, 0, 0];
      for (const o of offsets) single[o]!++;
      // Non-overlapping pairs (1st, 2nd), (3rd, 4th), ...: 9 cells, exactly chi-square with 8 df.
      const pairs = new Array(9).fill(0);
      for (let i = 0; i + 1 < offsets.length; i += 2) pairs[offsets[i]! * 3 + offsets[i + 1]!]++;
      expect(chiSquareUniform(single).p, "offsets").toBeGreaterThan(SIGNIFICANCE);
      expect(chiSquareUniform(pairs).p, "pairs").toBeGreaterThan(SIGNIFICANCE);
    },
  );

  it("shuffle: all 6 permutations of a cached list, with uniform frequencies (chi-square)", () => {
    const counts = new Map<string, number>();
    for (const a of cachedAnswers("shuffle", 30_000)) counts.set(a, (counts.get(a) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["abc", "acb", "bac", "bca", "cab", "cba"]);
    expect(chiSquareUniform([...counts.values()]).p).toBeGreaterThan(SIGNIFICANCE);
  });

  it("frozen and rotate are deterministic: one answer, and a strict cycle", () => {
    expect(new Set(cachedAnswers("frozen", 50))).toEqual(new Set(["abc"]));
    expect(cachedAnswers("rotate", 6)).toEqual(["bca", "cab", "abc", "bca", "cab", "abc"]);
  });
  it("clamps the lifetime to [min, max]", () => {
    const p = pool("frozen", { ttl: 5, min: 30 });
    lookups(p, [0, 29]);
    expect(p.lastOutcome).toBe(LOOKUP.HIT);
    const q = pool("frozen", { ttl: 86400, max: 100 });
    lookups(q, [0, 100]);
    expect(q.lastOutcome).toBe(LOOKUP.MISS);
  });
  it("clamped TTLs: the TTL shown is clamped, except in dnsmasq's forwarded answer", () => {
    const unbound = pool("unbound", { ttl: 5, min: 30 });
    lookups(unbound, [0]);
    expect(unbound.lastTtl).toBe(30);
    lookups(unbound, [10]);
    expect(unbound.lastTtl).toBe(20);
    const dnsmasq = pool("dnsmasq", { ttl: 5, min: 30 });
    lookups(dnsmasq, [0]);
    expect(dnsmasq.lastTtl).toBe(5);
    lookups(dnsmasq, [10]);
    expect(dnsmasq.lastOutcome).toBe(LOOKUP.HIT);
    expect(dnsmasq.lastTtl).toBe(20);
  });

  it("a TTL violator keeps the record for its extra time", () => {
    const p = pool("frozen", { ttl: 10, extra: 50 });
    lookups(p, [0, 59]);
    expect(p.lastOutcome).toBe(LOOKUP.HIT);
    lookups(p, [60]);
    expect(p.lastOutcome).toBe(LOOKUP.MISS);
  });
  it("authority down after expiry: no answer, SERVFAIL or stale, per behaviour", () => {
    const down = new IntervalSet([{ start: 50, end: 500, tag: 0 }]);
    expect(lookups(pool("unbound", { ttl: 60 }), [0, 30, 70], down)).toEqual(
      expect.arrayContaining(["-"]),
    );
    const pdns = pool("pdns-recursor", { ttl: 60 });
    lookups(pdns, [0, 70], down);
    expect(pdns.lastOutcome).toBe(LOOKUP.SERVFAIL);
    const stale = pool("unbound-serve-expired", { ttl: 60 });
    expect(lookups(stale, [0, 30, 70], down)[2]).not.toBe("-");
    expect(stale.lastOutcome).toBe(LOOKUP.STALE);
    expect(stale.lastTtl).toBe(30);
    // While the TTL is valid every resolver answers from cache.
    // (PowerDNS's own order for the record is the one its fetch answer carried.)
    const [fetched, cached] = lookups(pool("pdns-recursor", { ttl: 60 }), [0, 55], down);
    expect(cached).toBe(fetched);
  });
});

describe("a pool of several kinds", () => {
  it("each resolver behaves as its own kind: the same answers, outcomes, TTLs and delays as a pool of that kind alone", () => {
    // Kinds that differ in each per-kind setting: cache order (rotate, frozen,
    // shuffle), dnsmasq's rotation and TTL, serve-stale, the trouble model.
    const names = [
      "rotate",
      "frozen",
      "dnsmasq",
      "unbound-serve-expired",
      "pdns-recursor",
      "shuffle",
    ] as const;
    const order = [1, 0, 2, 5, 3, 4, 1, 2, 0, 5, 4, 3];
    const mixed = new ResolverPool({
      serverCount: 3,
      behaviours: resolverKindsOf(order.map((k) => RESOLVER_BEHAVIOUR_REGISTRY[names[k]!])),
      extraLifetime: new Float64Array(order.length),
      ttl: 20,
      ttlMin: 0,
      ttlMax: 604800,
      serveStale: undefined,
      seed: 1,
    });
    const down = new IntervalSet([{ start: 50, end: 90, tag: 0 }]);
    const times = [0, 7, 15, 21, 33, 41, 55, 62, 70, 95, 101];
    const trace = (p: ResolverPool, r: number) => {
      const auth = authoritative("fixed");
      const out = new Int32Array(3);
      return times.map((t) => {
        const len = p.lookup(r, t, auth, down, out);
        return [len === 0 ? "-" : letters(out, len), p.lastOutcome, p.lastTtl, p.lastDelay];
      });
    };
    order.forEach((k, r) => {
      const alone = new ResolverPool({
        serverCount: 3,
        behaviours: resolverKindsOf([RESOLVER_BEHAVIOUR_REGISTRY[names[k]!]]),
        extraLifetime: Float64Array.of(0),
        ttl: 20,
        ttlMin: 0,
        ttlMax: 604800,
        serveStale: undefined,
        seed: 1,
      });
      const got = trace(mixed, r);
      const want = trace(alone, 0);
      // The random orders (shuffle, Unbound's random rotation, PowerDNS's fresh permutation) draw from each
      // resolver's own stream: for them, the addresses without their order.
      const random = ["shuffle", "unbound-serve-expired", "pdns-recursor"].includes(names[k]!);
      const sorted = (rows: typeof got) =>
        rows.map(([a, ...rest]) => [[...String(a)].sort().join(""), ...rest]);
      if (random) expect(sorted(got), `resolver ${r} (${names[k]})`).toEqual(sorted(want));
      else expect(got, `resolver ${r} (${names[k]})`).toEqual(want);
    });
  });
});
