import { describe, expect, it } from "vitest";
import { LESSON_METRIC_LABELS, lessonMetricValue } from "../../../src/metrics/index.js";
import { runScenario } from "../../../src/run/index.js";
import { LESSON_METRICS } from "../../../src/scenario/schema.js";
import { run } from "../../helpers.js";
import { poolScenario } from "../model/connections/pool-helpers.js";

const QUEUEING = ["p99", "meanResponse", "errors"] as const;
const POOL = ["unservedRequests", "failedConnects", "fillSeconds", "rebalanceSeconds"] as const;

describe("lesson metrics", () => {
  it("every metric has a label for the reader", () => {
    expect(Object.keys(LESSON_METRIC_LABELS).sort()).toEqual([...LESSON_METRICS].sort());
  });

  it("a run without capacity or a pool: the DNS and balance metrics, null for the rest", () => {
    const r = run({
      duration: 1200,
      failures: [{ server: "10.0.0.2", at: 300, duration: 300 }],
    });
    const value = (m: (typeof LESSON_METRICS)[number]) => lessonMetricValue(r, m);
    expect(value("failedAttempts")).toBe(r.totals.failedAttempts);
    expect(value("failedVisits")).toBe(r.totals.failedVisits);
    expect(value("unresolvedVisits")).toBe(r.totals.unresolvedVisits);
    expect(value("authoritativeQueries")).toBe(r.dns.authoritativeQueries);
    expect(value("maxOverMean")).toBe(r.balance.window.maxOverMean);
    expect(value("drainSeconds")).toBe(r.failures[0]!.drainSeconds);
    // The failure makes failed attempts: the metrics read a run that has some.
    expect(value("failedAttempts")).toBeGreaterThan(0);
    // The busiest window's queries and the busiest server's share, by their definitions.
    const peak = value("authoritativePeak")!;
    expect(r.timeseries.authoritativeQueries).toContain(peak);
    expect(r.timeseries.authoritativeQueries.every((q) => q <= peak)).toBe(true);
    const share = value("busiestShare")!;
    expect(r.servers.map((s) => s.share)).toContain(share);
    expect(share).toBeGreaterThanOrEqual(1 / r.servers.length);
    for (const m of [...QUEUEING, ...POOL]) expect(value(m)).toBeNull();
  });

  it("servers with capacity: the response times and the errors (refused + dropped + timed out)", () => {
    const r = run({
      duration: 600,
      servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
      service: { workers: 1, queue: 2, serviceTime: { distribution: "exponential", mean: 0.05 } },
      clients: { rate: 30, timeout: 0.2 },
    });
    const q = r.queueing!.totals;
    expect(lessonMetricValue(r, "p99")).toBe(q.responseTime.p99);
    expect(lessonMetricValue(r, "meanResponse")).toBe(q.responseTime.mean);
    expect(lessonMetricValue(r, "errors")).toBe(q.refused + q.dropped + q.timedOut);
    expect(lessonMetricValue(r, "errors")).toBeGreaterThan(0);
    expect(lessonMetricValue(r, "drainSeconds")).toBeNull();
  });

  it("a pool: its unserved requests, failed connects and the first change's fill and rebalance", () => {
    const r = runScenario(
      poolScenario(
        { runtime: "grpc-pick-first", clients: 80, rate: 10, pool: { maxAge: 60 } },
        { duration: 400, pool: { changes: [{ at: 100, add: ["10.0.0.4"] }] } },
      ),
    );
    const c = r.connections!;
    expect(lessonMetricValue(r, "unservedRequests")).toBe(c.unserved);
    expect(lessonMetricValue(r, "failedConnects")).toBe(c.failedConnects);
    expect(lessonMetricValue(r, "fillSeconds")).toBe(c.changes[0]!.fillTime);
    expect(lessonMetricValue(r, "rebalanceSeconds")).toBe(c.changes[0]!.rebalanceTime);
    expect(lessonMetricValue(r, "fillSeconds")).not.toBeNull();
    for (const m of QUEUEING) expect(lessonMetricValue(r, m)).toBeNull();
  });
});
