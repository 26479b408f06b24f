import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { relativeError, run } from "../../helpers.js";

/**
 * Standard error of a cache's measured hit ratio, from renewal-reward theory:
 * a cache fed by Poisson lookups at rate λ with lifetime T runs in
 * independent cycles of one miss and N ~ Poisson(λT) hits. The hit ratio
 * ΣN_i / Σ(1 + N_i) over m cycles has (delta method) variance
 * Var(N)(1 - h)² / (m E[1 + N]²) with h = λT/(1+λT); with m = V/(1+λT)
 * cycles in V lookups that is λT / (V (1+λT)³). The miss ratio has the same SE.
 */
function hitRatioSE(lambdaT: number, lookups: number): number {
  return Math.sqrt(lambdaT / lookups) / (1 + lambdaT) ** 1.5;
}

/**
 * Standard error of the fetch rate: fetches form a renewal process with
 * cycle C = T + Exp(λ) (mean T + 1/λ, variance 1/λ²); over D seconds the
 * count has variance D·Var(C)/E[C]³ (renewal CLT).
 */
function fetchRateSE(rate: number, ttl: number, seconds: number): number {
  const mean = ttl + 1 / rate;
  return Math.sqrt(1 / rate ** 2 / (mean ** 3 * seconds));
}

/** Tolerance in standard errors: 4 SE, two-sided, fails a correct model about once in 16,000 checks. */
const Z = 4;

describe("closed forms (domain.md)", () => {
  it.each([
    { rate: 2, ttl: 10 },
    { rate: 0.5, ttl: 60 },
    { rate: 20, ttl: 1 },
  ])(
    "one resolver, Poisson rate $rate/s, TTL $ttl s: miss ratio 1/(1+λT), upstream λ/(1+λT), within 4 SE",
    ({ rate, ttl }) => {
      const duration = Math.max(20000, 4000 * (ttl + 1 / rate));
      const warmup = 2 * ttl;
      const r = run({
        duration,
        warmup,
        resolvers: { count: 1, behaviour: "rotate" },
        dns: { ttl, order: "cyclic" },
        clients: { rate },
      });
      const lt = rate * ttl;
      // The hit ratio is near 1 here, so the miss ratio is what a wrong lifetime moves.
      const missRatio = 1 - r.dns.resolverHits / r.dns.resolverLookups;
      expect(Math.abs(missRatio - 1 / (1 + lt))).toBeLessThan(
        Z * hitRatioSE(lt, r.dns.resolverLookups),
      );
      expect(Math.abs(r.dns.authoritativeQps - rate / (1 + lt))).toBeLessThan(
        Z * fetchRateSE(rate, ttl, duration - warmup),
      );
    },
  );

  it("client caches: per-client Poisson rate λ and lifetime L give a client-cache hit ratio λL/(1+λL), within 4 SE", () => {
    const population = 100;
    const rate = 50;
    const lifetime = 10;
    const lambda = rate / population;
    const r = run({
      duration: 20000,
      warmup: 10 * lifetime,
      resolvers: { count: 10, behaviour: "rotate" },
      dns: { ttl: 60, order: "cyclic" },
      clients: { rate, cache: { population, lifetime } },
    });
    const lt = lambda * lifetime;
    const visits = r.totals.visits;
    const missRatio = 1 - r.dns.clientCacheHits / visits;
    expect(Math.abs(missRatio - 1 / (1 + lt))).toBeLessThan(Z * hitRatioSE(lt, visits));
    // Every visit that missed its client cache asked its resolver.
    expect(r.dns.resolverLookups).toBe(visits - r.dns.clientCacheHits);
  });

  it("rotating resolvers with a cyclic authority give each of N servers 1/N", () => {
    const r = run({
      duration: 3600,
      servers: [1, 2, 3, 4, 5].map((i) => ({ address: `10.0.0.${i}` })),
      resolvers: { count: 500, skew: 1.2, behaviour: "rotate" },
      clients: { rate: 100 },
    });
    for (const s of r.servers) expect(Math.abs(s.share - 0.2)).toBeLessThan(0.005);
    expect(r.balance.jain).toBeGreaterThan(0.999);
  });

  it("first-address clients without any cache (TTL 0) and a cyclic authority: exactly 1/N", () => {
    const r = run({
      duration: 600,
      dns: { ttl: 0, order: "cyclic" },
      clients: { rate: 30, selection: "first" },
    });
    for (const s of r.servers) expect(Math.abs(s.share - 1 / 3)).toBeLessThan(0.002);
    expect(r.dns.resolverHitRatio).toBe(0);
  });

  it("frozen resolvers with a skewed population are measurably less balanced per window than rotating ones", () => {
    const common = {
      duration: 3600,
      servers: [1, 2, 3, 4].map((i) => ({ address: `10.0.0.${i}` })),
      dns: { ttl: 300, order: "cyclic" as const },
      clients: { rate: 200 },
    };
    const frozen = run({ ...common, resolvers: { count: 200, skew: 1.2, behaviour: "frozen" } });
    const rotating = run({ ...common, resolvers: { count: 200, skew: 1.2, behaviour: "rotate" } });
    expect(frozen.balance.window.maxOverMean!).toBeGreaterThan(
      rotating.balance.window.maxOverMean! + 0.3,
    );
    expect(frozen.balance.window.jain!).toBeLessThan(rotating.balance.window.jain! - 0.05);
  });

  it("frozen caches pinned for the whole run: a server's share has sd sqrt((1/N)(1-1/N)Σw²)", () => {
    const n = 4;
    const shares: number[] = [];
    let sumSquares = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const r = run(
        {
          duration: 200,
          servers: [1, 2, 3, 4].map((i) => ({ address: `10.0.0.${i}` })),
          dns: { ttl: 1e6, order: "random" },
          resolvers: { weights: [8, 4, 2, 1, 1, 1, 1, 1, 0.5, 0.5], behaviour: "frozen" },
          clients: { rate: 200 },
        },
        seed,
      );
      shares.push(r.servers[0]!.share);
    }
    const w = [8, 4, 2, 1, 1, 1, 1, 1, 0.5, 0.5];
    const sum = ss.sum(w);
    for (const x of w) sumSquares += (x / sum) ** 2;
    const expected = Math.sqrt((1 / n) * (1 - 1 / n) * sumSquares);
    expect(Math.abs(ss.mean(shares) - 1 / n)).toBeLessThan(
      3 * (expected / Math.sqrt(shares.length)),
    );
    // The sd of a sample sd of 120 draws is about 6.5%; allow 25%.
    expect(relativeError(ss.sampleStandardDeviation(shares), expected)).toBeLessThan(0.25);
  });
});
