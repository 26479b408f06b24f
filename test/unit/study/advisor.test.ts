import * as fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ttlAdviceProse, ttlAdviceText, ttlCsv } from "../../../src/report/sweep/index.js";
import { METRICS, upperBound } from "../../../src/run/index.js";
import {
  adviseTtl,
  buildSweepOutput,
  nextRound,
  type SweepOutput,
  sweepTasks,
  type TaskRecord,
  TRADE_OFFS,
  type TtlAdvice,
  type TtlLimits,
  ttlPointDecided,
} from "../../../src/study/index.js";
import { scenario } from "../../helpers.js";
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
      "ttl,qps_mean,qps_ci95_low,qps_ci95_high,imbalance_mean,imbalance_ci95_low,imbalance_ci95_high,failedShare_mean,failedShare_ci95_low,failedShare_ci95_high,delayP99_mean,delayP99_ci95_low,delayP99_ci95_high,drain_mean,drain_ci95_low,drain_ci95_high,undrained_mean,n,pareto,meets_limits,recommended",
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

/** A TTL sweep output built from made-up metrics: `at(ttl, replication)` gives each run's values. */
function madeUp(
  ttls: readonly number[],
  replications: number,
  at: (ttl: number, replication: number) => Record<string, number | null>,
  keep: (point: number, replication: number) => boolean = () => true,
): { plan: ReturnType<typeof ttlPlan>; records: TaskRecord[] } {
  const plan = ttlPlan(failing, ttls.join(","), replications);
  const records: TaskRecord[] = [...sweepTasks(plan)]
    .filter((t) => keep(t.point, t.replication))
    .map((t) => {
      const metrics: Record<string, number | null> = Object.fromEntries(
        METRICS.map((m) => [m.id, 0]),
      );
      return { ...t, metrics: { ...metrics, ...at(ttls[t.point]!, t.replication) } };
    });
  return { plan, records };
}

describe("TTL advisor: Pareto on the stated objectives", () => {
  // qps falls with the TTL; the p99 connect delay is worst at 30 s and equal elsewhere;
  // imbalance rises with the TTL (so on the core measures nobody is dominated).
  const { plan, records } = madeUp([10, 30, 60], 3, (ttl, r) => ({
    "dns.authoritativeQps": 100 / ttl + r * 1e-3,
    "delay.p99Seconds": ttl === 30 ? 20 + r : 1 + r,
    "balance.window.maxOverMean": ttl / 10 + r * 1e-3,
  }));
  const output = buildSweepOutput(plan, records);

  it("judges only the DNS cost and the measures given a limit, and names the TTL that dominates", () => {
    const advice = adviseTtl(output, { maxDelayP99: 50 });
    expect(advice.objectives).toEqual(["qps", "delayP99"]);
    const row = (ttl: number) => advice.rows.find((r) => r.ttl === ttl)!;
    // 60 s: fewer queries and a p99 delay no worse than 30 s's: 30 s is dominated by 60 s.
    expect(row(30).pareto).toBe(false);
    expect(row(30).dominatedBy).toBe(60);
    // 10 s is dominated too (60 s: same delay, fewer queries).
    expect(row(10).dominatedBy).toBe(60);
    expect(row(60).pareto).toBe(true);
    expect(ttlAdviceText(advice)).toContain("no (60)");
  });

  it("with no limits, judges the core measures (imbalance keeps every TTL efficient here)", () => {
    const advice = adviseTtl(output, {});
    expect(advice.objectives).toEqual(["qps", "imbalance", "failedShare", "delayP99", "drain"]);
    // 30 s: worst delay but better imbalance than 60 s and fewer queries than 10 s.
    expect(advice.rows.map((r) => r.pareto)).toEqual([true, true, true]);
  });

  it("checks the connect-delay limit on its CI upper bound, and shows the column", () => {
    const advice = adviseTtl(output, { maxDelayP99: 10 });
    // 30 s breaks it (p99 20–22 s), 60 s meets it (1–3 s, upper bound 5.5): 60 s.
    expect(advice.recommendedTtl).toBe(60);
    expect(advice.rows.find((r) => r.ttl === 30)!.violations.map((v) => v.key)).toEqual([
      "delayP99",
    ]);
    expect(ttlAdviceText(advice)).toContain("p99 connect delay");
  });

  it("limits by share and per hour are checked like the others; the count limit is deprecated", () => {
    const shares = madeUp([10, 60], 3, (ttl, r) => ({
      "totals.failedVisitShare": ttl === 10 ? 0.001 + r * 1e-4 : 0.02 + r * 1e-4,
      "totals.failedVisitsPerHour": ttl === 10 ? 10 + r : 200 + r,
    }));
    const out = buildSweepOutput(shares.plan, shares.records);
    expect(adviseTtl(out, { maxFailedShare: 0.01 }).recommendedTtl).toBe(10);
    expect(adviseTtl(out, { maxFailedPerHour: 100 }).recommendedTtl).toBe(10);
    expect(adviseTtl(out, { maxFailedPerHour: 1000 }).recommendedTtl).toBe(60);
    const old = adviseTtl(out, { maxFailedVisits: 5 });
    expect(old.caveats).toContain("failed-visits-count");
    expect(ttlAdviceProse(old).notes.join(" ")).toMatch(/--max-failed-visits is deprecated/);
  });
});

describe("TTL advisor: sequential stopping", () => {
  it("a point is decided once every limit's CI is clear of it, either way", () => {
    const runs = (xs: number[]) => xs.map((x) => ({ "delay.p99Seconds": x }));
    // Mean 1, tight: clear below 5 and clear above 0.5.
    expect(ttlPointDecided(runs([1, 1.01, 0.99]), { maxDelayP99: 5 })).toBe(true);
    expect(ttlPointDecided(runs([1, 1.01, 0.99]), { maxDelayP99: 0.5 })).toBe(true);
    // The CI straddles the limit: open.
    expect(ttlPointDecided(runs([0, 2, 1]), { maxDelayP99: 1.2 })).toBe(false);
    // No limit: nothing to decide.
    expect(ttlPointDecided(runs([0, 2, 1]), {})).toBe(true);
  });

  it("runs the first 3 seeds everywhere, then one more only where a limit is open, never past the most", () => {
    const open = (ttl: number) => ttl === 60;
    const { plan, records } = madeUp(
      [10, 60],
      5,
      (ttl, r) => ({ "delay.p99Seconds": open(ttl) ? [0, 2, 1, 0, 2][r]! : 1 }),
      (_, r) => r < 3,
    );
    const decide = (values: readonly Record<string, number | null>[]) =>
      ttlPointDecided(values, { maxDelayP99: 1.2 });
    expect(nextRound(plan, [], decide).map((t) => [t.point, t.replication])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    // 10 s (constant 1) is decided; 60 s straddles 1.2: its fourth seed, task 1 × 5 + 3.
    const next = nextRound(plan, records, decide);
    expect(next.map((t) => t.task)).toEqual([8]);
    // The output uses each point's prefix: 3 runs at 10 s.
    const out = buildSweepOutput(plan, records, { sequential: true });
    expect(out.points.map((p) => p.replications.length)).toEqual([3, 3]);
    expect(() => buildSweepOutput(plan, records)).toThrow(/tasks missing/);
  });
});
