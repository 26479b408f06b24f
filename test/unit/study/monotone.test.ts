import { beforeAll, describe, expect, it } from "vitest";
import type { Summary } from "../../../src/run/index.js";
import type { SweepOutput } from "../../../src/study/index.js";
import { failing, runPlan, ttlPlan } from "./fixtures.js";

/*
 * The trade-off the advisor exists for: a longer TTL means fewer queries to
 * the authoritative server and a longer time for a dead server to drain.
 */
describe("longer TTLs on a small scenario with a failure", () => {
  let output: SweepOutput;
  const ttls = [10, 60, 300, 600];
  beforeAll(async () => {
    output = await runPlan(ttlPlan(failing, ttls.join(","), 4));
  });

  const series = (id: string): Summary[] => output.points.map((p) => p.summary[id]!);

  it("send fewer authoritative queries, monotonically within the CIs", () => {
    const qps = series("dns.authoritativeQps");
    for (let i = 1; i < qps.length; i++) {
      const [prev, next] = [qps[i - 1]!, qps[i]!];
      // Never significantly the wrong way; and the means do fall.
      expect(next.ci95Low!).toBeLessThanOrEqual(prev.ci95High!);
      expect(next.mean!).toBeLessThan(prev.mean!);
    }
    expect(qps[qps.length - 1]!.ci95High!).toBeLessThan(qps[0]!.ci95Low!);
  });

  it("take longer to drain a failed server, monotonically within the CIs", () => {
    const drain = series("failures.drainSeconds");
    const undrained = series("failures.undrained");
    for (const u of undrained) expect(u.mean).toBe(0); // every failure drained: no censoring
    for (let i = 1; i < drain.length; i++) {
      const [prev, next] = [drain[i - 1]!, drain[i]!];
      expect(next.ci95High!).toBeGreaterThanOrEqual(prev.ci95Low!);
      expect(next.mean!).toBeGreaterThan(prev.mean!);
    }
    // Caches drop the withdrawn address within a TTL of the withdrawal (≤ 10 s).
    drain.forEach((d, i) => {
      expect(d.mean!).toBeLessThan(ttls[i]! + 10 + 1);
    });
    expect(drain[drain.length - 1]!.mean!).toBeGreaterThan(drain[0]!.mean! * 3);
  });
});
