import * as fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ttlAdviceProse, ttlAdviceText, ttlCsv } from "../../src/report/sweep/index.js";
import { METRICS, upperBound } from "../../src/run/index.js";
import {
  adviseTtl,
  buildSweepOutput,
  type SweepOutput,
  sweepTasks,
  type TaskRecord,
  TRADE_OFFS,
  type TtlAdvice,
  type TtlLimits,
} from "../../src/sweep/index.js";
import { scenario } from "../helpers.js";
import { failing, runPlan, ttlPlan } from "./fixtures.js";

/** Every limit the advice was given holds at the recommended TTL, on the CI upper bounds. */
function expectRecommendationMeetsLimits(advice: TtlAdvice, limits: TtlLimits): void {
  const row = advice.rows.find((r) => r.ttl === advice.recommendedTtl)!;
  expect(row).toBeDefined();
  for (const t of TRADE_OFFS) {
    const limit = limits[t.limit];
    const bound = upperBound(row.metrics[t.key]);
    if (limit === undefined || bound === null) continue;
    expect(bound).toBeLessThanOrEqual(limit);
  }
  // ...and it is the largest TTL that does.
  for (const r of advice.rows) if (r.ttl > row.ttl) expect(r.meetsLimits).toBe(false);
}

describe("TTL advisor on simulated runs", () => {
  let output: SweepOutput;
  beforeAll(async () => {
    output = await runPlan(ttlPlan(failing, "10,60,300,600", 4));
  });

  it("recommends the longest TTL meeting the limits, and says why", () => {
    const limits = { maxDrain: 200, maxImbalance: 3 };
    const advice = adviseTtl(output, limits);
    expect(advice.drainApplicable).toBe(true);
    expect(advice.recommendedTtl).not.toBeNull();
    expectRecommendationMeetsLimits(advice, limits);
    expect(ttlAdviceProse(advice).explanation).toContain(
      `Recommended TTL: ${advice.recommendedTtl} s`,
    );
    expect(ttlAdviceProse(advice).explanation).toMatch(
      /breaks the limit on time to drain after a failure/,
    );
    const text = ttlAdviceText(advice);
    expect(text).toContain("ok ◀");
    expect(ttlCsv(advice).split("\n")[0]).toBe(
      "ttl,qps_mean,qps_ci95_low,qps_ci95_high,imbalance_mean,imbalance_ci95_low,imbalance_ci95_high,failedVisits_mean,failedVisits_ci95_low,failedVisits_ci95_high,drain_mean,drain_ci95_low,drain_ci95_high,undrained_mean,n,pareto,meets_limits,recommended",
    );
  });

  it("says plainly when no TTL meets the limits", () => {
    const advice = adviseTtl(output, { maxQps: 1e-6, maxDrain: 1 });
    expect(advice.recommendedTtl).toBeNull();
    expect(advice.rows.every((r) => !r.meetsLimits)).toBe(true);
    expect(ttlAdviceProse(advice).explanation).toMatch(
      /^No TTL in the sweep meets every limit you gave/,
    );
  });

  it("with no limits, picks the largest TTL and asks for limits", () => {
    const advice = adviseTtl(output, {});
    expect(advice.recommendedTtl).toBe(600);
    expect(ttlAdviceProse(advice).explanation).toMatch(/You gave no limits/);
  });

  it("the lowest-qps and the fastest-draining TTLs are Pareto-efficient", () => {
    const advice = adviseTtl(output, {});
    expect(advice.rows[0]!.pareto).toBe(true); // fastest drain
    expect(advice.rows[advice.rows.length - 1]!.pareto).toBe(true); // fewest queries
  });
});

describe("TTL advisor without a failure", () => {
  it("says time to drain does not apply and ignores --max-drain", async () => {
    const calm = scenario({
      duration: 300,
      resolvers: { count: 30, skew: 1, behaviour: "frozen" },
    });
    const output = await runPlan(ttlPlan(calm, "10,100", 2));
    const advice = adviseTtl(output, { maxDrain: 1 });
    expect(advice.drainApplicable).toBe(false);
    expect(ttlAdviceProse(advice).notes.join(" ")).toMatch(
      /no server failure.*--max-drain was ignored/,
    );
    expect(advice.recommendedTtl).toBe(100);
    expect(ttlAdviceText(advice)).toContain("n/a");
  });
});

describe("TTL advisor's rule, on arbitrary numbers", () => {
  const ttls = [10, 30, 60, 300, 3600];
  const plan = ttlPlan(failing, ttls.join(","), 3);
  const tasks = [...sweepTasks(plan)];
  const value = fc.double({ min: 0, max: 100, noNaN: true });
  const runValues = fc.array(fc.tuple(value, value, value, value, fc.boolean()), {
    minLength: tasks.length,
    maxLength: tasks.length,
  });
  const limit = fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined });

  it("recommends a TTL meeting every limit and the largest such, or none when none does", () => {
    fc.assert(
      fc.property(
        runValues,
        limit,
        limit,
        limit,
        limit,
        (vals, maxQps, maxImbalance, maxDrain, maxFailedVisits) => {
          const records: TaskRecord[] = tasks.map((t, i) => {
            const [qps, imbalance, failedVisits, drain, undrained] = vals[i]!;
            const metrics: Record<string, number | null> = Object.fromEntries(
              METRICS.map((m) => [m.id, 0]),
            );
            metrics["dns.authoritativeQps"] = qps;
            metrics["balance.window.maxOverMean"] = imbalance;
            metrics["totals.failedVisits"] = failedVisits;
            metrics["failures.drainSeconds"] = drain;
            metrics["failures.undrained"] = undrained ? 1 : 0;
            return { ...t, metrics };
          });
          const limits: TtlLimits = { maxQps, maxImbalance, maxDrain, maxFailedVisits };
          const advice = adviseTtl(buildSweepOutput(plan, records), limits);
          if (advice.recommendedTtl === null) {
            expect(advice.rows.every((r) => !r.meetsLimits)).toBe(true);
            expect(ttlAdviceProse(advice).explanation).toMatch(/^No TTL/);
          } else {
            expectRecommendationMeetsLimits(advice, limits);
            const row = advice.rows.find((r) => r.ttl === advice.recommendedTtl)!;
            // A drain limit is never met on a censored (never drained) value.
            if (maxDrain !== undefined) expect(row.undrained.mean).toBe(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
