import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/index.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "../../../src/model/resolver-behaviours.js";
import { ResolverPool, resolverKindsOf } from "../../../src/model/resolvers.js";
import { stationaryFetchTimeOf, stationaryRecordTtl } from "../../../src/model/steady-state.js";
import { TtlDraw } from "../../../src/model/ttl-draw.js";
import { run } from "../../helpers.js";

// Fidelity in time (issue 11 §2-4): lookups take time, presets timed like the
// real daemons, TTLs drawn per fetch, periodic arrivals.

const four = [1, 2, 3, 4].map((i) => ({ address: `10.0.0.${i}` }));

describe("steady-state start with a TTL drawn per fetch", () => {
  it("the record alive at t = 0 is length-biased: mean lifetime E[T²]/E[T] = 32.5 s for uniform [15, 45]", () => {
    const pool = new ResolverPool({
      serverCount: 3,
      behaviours: resolverKindsOf([RESOLVER_BEHAVIOUR_REGISTRY.rotate]),
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
