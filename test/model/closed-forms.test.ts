import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { relativeError, run } from "../helpers.js";

describe("closed forms (domain.md)", () => {
  it.each([
    { rate: 2, ttl: 10 },
    { rate: 0.5, ttl: 60 },
    { rate: 20, ttl: 1 },
  ])(
    "one resolver, Poisson rate $rate/s, TTL $ttl s: hit ratio λT/(1+λT), upstream λ/(1+λT)",
    ({ rate, ttl }) => {
      const duration = Math.max(20000, 4000 * (ttl + 1 / rate));
      const r = run({
        duration,
        warmup: 2 * ttl,
        resolvers: { count: 1, behaviour: "rotate" },
        dns: { ttl, order: "cyclic" },
        clients: { rate },
      });
      const lt = rate * ttl;
      expect(relativeError(r.dns.resolverHitRatio, lt / (1 + lt))).toBeLessThan(0.02);
      expect(relativeError(r.dns.authoritativeQps, rate / (1 + lt))).toBeLessThan(0.05);
    },
  );

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
