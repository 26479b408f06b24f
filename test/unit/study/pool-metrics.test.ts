import { describe, expect, it } from "vitest";
import { pointRowText } from "../../../src/cli/sweep-io.js";
import type { Results } from "../../../src/metrics/index.js";
import {
  extractMetrics,
  METRICS,
  metricsFor,
  POOL_METRICS,
  runScenario,
  studyMetrics,
} from "../../../src/run/index.js";
import {
  buildSweepOutput,
  expandGrid,
  inProcessExecutor,
  parseSetFlag,
  parseTaskFile,
  runTask,
  runTasks,
  type SweepPlan,
  sweepTasks,
  type TaskRecord,
  taskFileText,
} from "../../../src/study/index.js";
import { scenario } from "../../helpers.js";
import { poolScenario } from "../model/connections/pool-helpers.js";

/** Scale-out 3 → 4 under gRPC round_robin: every client connects to the new server within its refresh. */
const pool = poolScenario(
  { runtime: "grpc-round-robin", clients: 60, rate: 10, pool: { maxAge: 30 } },
  { duration: 300, pool: { changes: [{ at: 100, add: ["10.0.0.4"] }] } },
);

const change = (c: Partial<NonNullable<Results["connections"]>["changes"][number]>) => ({
  at: 100,
  kind: "add" as const,
  address: "10.0.0.4",
  fillTime: null,
  drainTime: null,
  rebalanceTime: null,
  ...c,
});

/** A pool run's results with the changes replaced, to read the milestone metrics off known values. */
function withChanges(
  r: Results,
  changes: NonNullable<Results["connections"]>["changes"],
  extra: Partial<NonNullable<Results["connections"]>> = {},
): Results {
  return { ...r, connections: { ...r.connections!, changes, ...extra } };
}

describe("pool metrics: what a study of a pool scenario measures", () => {
  const r = runScenario(pool);

  it("are chosen by the scenario: its connections block, nothing else", () => {
    expect(studyMetrics(pool)).toBe(POOL_METRICS);
    expect(studyMetrics(scenario())).toBe(METRICS);
    expect(metricsFor(r)).toBe(POOL_METRICS);
    const ids = POOL_METRICS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("connections.fillSeconds");
    expect(ids).not.toContain("totals.failedVisits");
  });

  it("read a run: balance per window, fill and rebalance of the added server, churn and lookups per second", () => {
    const v = extractMetrics(r, POOL_METRICS);
    const c = r.connections!;
    expect(v["balance.window.maxOverMean"]).toBe(r.balance.window.maxOverMean);
    expect(v["connections.fillSeconds"]).toBe(c.changes[0]!.fillTime);
    expect(v["connections.fillSeconds"]).toBeGreaterThan(0);
    expect(v["connections.unfilled"]).toBe(0);
    expect(v["connections.rebalanceSeconds"]).toBe(c.changes[0]!.rebalanceTime);
    // No server removed: the drain metrics have nothing to measure.
    expect(v["connections.drainSeconds"]).toBeNull();
    expect(v["connections.undrained"]).toBeNull();
    expect(v["connections.churnPerSecond"]).toBeCloseTo(c.connectionsOpened / 300, 12);
    expect(v["connections.lookupsPerSecond"]).toBeCloseTo(c.resolutions / 300, 12);
    expect(v["connections.unservedShare"]).toBe(0);
  });

  it("take the slowest change, and count one never reached as the rest of the run, flagged", () => {
    const two = withChanges(r, [
      change({ fillTime: 40, rebalanceTime: 70 }),
      change({ at: 150, address: "10.0.0.3", fillTime: null, rebalanceTime: null }),
      // After the end: it never happened, so it is not a change of this run.
      change({ at: 400, address: "10.0.0.2" }),
      change({ at: 200, kind: "remove", address: "10.0.0.1", drainTime: 12 }),
    ]);
    const v = extractMetrics(two, POOL_METRICS);
    expect(v["connections.fillSeconds"]).toBe(300 - 150);
    expect(v["connections.unfilled"]).toBe(1);
    expect(v["connections.rebalanceSeconds"]).toBe(300 - 150);
    expect(v["connections.unbalanced"]).toBe(2);
    expect(v["connections.drainSeconds"]).toBe(12);
    expect(v["connections.undrained"]).toBe(0);
    const lost = withChanges(r, [], { requests: 900, unserved: 100 });
    expect(extractMetrics(lost, POOL_METRICS)["connections.unservedShare"]).toBeCloseTo(0.1, 12);
    expect(extractMetrics(lost, POOL_METRICS)["connections.fillSeconds"]).toBeNull();
  });

  it("a sweep of a pool scenario runs, records and summarises the pool metrics; its task file holds them", async () => {
    const plan: SweepPlan = {
      command: "sweep",
      version: "test",
      scenario: pool,
      parameters: [parseSetFlag("connections.runtime=grpc-pick-first,grpc-round-robin")],
      replications: 2,
      seed: 1,
      duration: 200,
    };
    const points = expandGrid(plan, ["--set connections.runtime=…"]);
    const one = runTask({ scenario: points[0]!.scenario, seed: 1 });
    expect(Object.keys(one)).toEqual(POOL_METRICS.map((m) => m.id));
    const { records } = await runTasks(
      sweepTasks(plan),
      (t) => ({ scenario: points[t.point]!.scenario, seed: t.seed }),
      inProcessExecutor(),
    );
    const output = buildSweepOutput(plan, records);
    expect(output.metrics.map((m) => m.id)).toEqual(POOL_METRICS.map((m) => m.id));
    // round_robin connects every client to the new server: it fills faster than pick_first.
    const fill = output.points.map((p) => p.summary["connections.fillSeconds"]!.mean!);
    expect(fill[1]!).toBeLessThan(fill[0]!);
    // The row streamed while the sweep runs shows the pool's metrics, not the visits'.
    const row = pointRowText(plan, 0, records.slice(0, 2));
    expect(row).toMatch(/^point 1\/2 connections\.runtime=grpc-pick-first: imbalance per window/);
    expect(row).toContain("fill time (slowest added server)");
    expect(row).toContain("requests with no connection");
    expect(row).not.toContain("failed visits");
    const parsed = parseTaskFile(taskFileText(plan, null, records), "pool.jsonl");
    expect(parsed.records).toEqual(records);
    // A record with the visit metrics is not a record of a pool sweep.
    const visitRecord: TaskRecord = {
      ...records[0]!,
      metrics: Object.fromEntries(METRICS.map((m) => [m.id, 1])),
    };
    expect(() => parseTaskFile(taskFileText(plan, null, [visitRecord]), "pool.jsonl")).toThrow(
      /not a sweep record/,
    );
  });
});
