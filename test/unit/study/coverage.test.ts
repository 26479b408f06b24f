import { describe, expect, it } from "vitest";
import { replicationsCsv, replicationsText } from "../../../src/report/sweep/index.js";
import { replicate, replicationsJson, runScenario } from "../../../src/run/index.js";
import { scenario } from "../../helpers.js";

/*
 * The confidence intervals mean what they say: across repeated experiments,
 * the 95% interval of the mean hit ratio covers the closed form
 * λT / (1 + λT) (one resolver, Poisson arrivals, TTL honoured; domain.md)
 * about 95% of the time.
 */
describe("replication confidence intervals", () => {
  const rate = 4;
  const ttl = 2;
  const truth = (rate * ttl) / (1 + rate * ttl);
  const single = scenario({
    duration: 260,
    warmup: 10,
    resolvers: { count: 1, behaviour: "rotate" },
    dns: { ttl, order: "cyclic" },
    clients: { rate },
  });

  it("cover the closed-form hit ratio in about 95% of 40 experiments × 5 replications", () => {
    const experiments = 40;
    let covered = 0;
    for (let e = 0; e < experiments; e++) {
      const rep = replicate(single, { replications: 5, seed: 1000 + e });
      const s = rep.metrics.find((m) => m.id === "dns.resolverHitRatio")!.summary;
      expect(s.n).toBe(5);
      if (s.ci95Low! <= truth && truth <= s.ci95High!) covered++;
    }
    const coverage = covered / experiments;
    expect(coverage).toBeGreaterThanOrEqual(0.8);
    expect(coverage).toBeLessThanOrEqual(1);
  });

  it("replication 0 is the plain run on the base seed, and every seed is recorded", () => {
    const rep = replicate(single, { replications: 3, seed: 11, duration: 120 });
    expect(rep.seeds).toHaveLength(3);
    expect(rep.seeds[0]).toBe(11);
    expect(rep.duration).toBe(120);
    expect(rep.first).toEqual(runScenario(single, { seed: 11, duration: 120 }));
    const hit = rep.metrics.find((m) => m.id === "dns.resolverHitRatio")!;
    expect(hit.values[0]).toBe(rep.first.dns.resolverHitRatio);
    expect(hit.values[1]).toBe(
      runScenario(single, { seed: rep.seeds[1]!, duration: 120 }).dns.resolverHitRatio,
    );
    // No failure in this scenario: drain is missing, not zero.
    expect(rep.metrics.find((m) => m.id === "failures.drainSeconds")!.summary.n).toBe(0);
    expect(replicate(single, { replications: 3, seed: 11, duration: 120 })).toEqual(rep);

    const text = replicationsText(rep);
    expect(text).toContain(`3 replications · seeds ${rep.seeds.join(", ")}`);
    expect(text).toMatch(/resolver hit ratio\s+0\.\d+\s+0\.\d+\s+\[0\.\d+, 0\.\d+\]\s+3/);
    expect(text).toContain("not applicable: time to drain after a failure, failures never drained");
    expect(replicationsCsv(rep).split("\n")[0]).toBe("metric,unit,replication,seed,value");
    expect(JSON.parse(JSON.stringify(replicationsJson(rep)))).not.toHaveProperty("first");
  });
});
