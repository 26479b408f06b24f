import { describe, expect, it } from "vitest";
import type { ConnectionChangeResult, Results } from "../../../src/metrics/index.js";
import {
  extractMetrics,
  METRICS,
  metricById,
  metricsFor,
  POOL_METRICS,
  QUEUEING_METRICS,
  studyMetrics,
} from "../../../src/run/key-metrics.js";

/*
 * The pool milestones (fill, rebalance, drain) read a run's list of changes:
 * the longest time over the changes, a change never reached counting as the
 * rest of the run, and the count of changes never reached. A pool run's
 * results are large; these metrics read only `duration` and
 * `connections.changes`, so the runs here are just that.
 */
type Change = Partial<ConnectionChangeResult> & Pick<ConnectionChangeResult, "at" | "kind">;

function poolRun(duration: number, changes: readonly Change[]): Results {
  const full = changes.map((c, i) => ({
    address: `10.0.0.${i + 1}`,
    fillTime: null,
    drainTime: null,
    rebalanceTime: null,
    ...c,
  }));
  return { duration, connections: { changes: full } } as unknown as Results;
}

const read = (id: string, r: Results) => metricById(id).read(r);

describe("pool milestones: the slowest change, a change never reached counting as the rest of the run", () => {
  it("fill time is the slowest added server's; removals do not count", () => {
    const r = poolRun(600, [
      { at: 100, kind: "add", fillTime: 40 },
      { at: 200, kind: "add", fillTime: 70 },
      { at: 300, kind: "remove", drainTime: 500 },
    ]);
    expect(read("connections.fillSeconds", r)).toBe(70);
    expect(read("connections.unfilled", r)).toBe(0);
  });

  it("an added server never filled counts as the rest of the run and is counted as unfilled", () => {
    const r = poolRun(600, [
      { at: 100, kind: "add", fillTime: 40 },
      { at: 450, kind: "add", fillTime: null },
    ]);
    // 600 − 450 = 150: a lower bound, above the filled server's 40 s.
    expect(read("connections.fillSeconds", r)).toBe(150);
    expect(read("connections.unfilled", r)).toBe(1);
  });

  it("a change at or after the end of the run did not take effect: it is not counted", () => {
    const r = poolRun(600, [
      { at: 100, kind: "add", fillTime: 40 },
      { at: 600, kind: "add", fillTime: null },
    ]);
    expect(read("connections.fillSeconds", r)).toBe(40);
    expect(read("connections.unfilled", r)).toBe(0);
  });

  it("a milestone with no change of its kind is missing, not zero", () => {
    const adds = poolRun(600, [{ at: 100, kind: "add", fillTime: 40, rebalanceTime: 60 }]);
    expect(read("connections.drainSeconds", adds)).toBeNull();
    expect(read("connections.undrained", adds)).toBeNull();
    const none = poolRun(600, []);
    for (const id of ["fillSeconds", "rebalanceSeconds", "unfilled", "unbalanced"])
      expect(read(`connections.${id}`, none), id).toBeNull();
  });

  it("drain time is the slowest removed server's; one still holding connections counts as the rest of the run", () => {
    const r = poolRun(1000, [
      { at: 100, kind: "remove", drainTime: 300 },
      { at: 800, kind: "remove", drainTime: null },
      { at: 50, kind: "add", fillTime: 900 },
    ]);
    expect(read("connections.drainSeconds", r)).toBe(300);
    expect(read("connections.undrained", r)).toBe(1);
  });
});

describe("rebalance: one milestone per change time, shared by the changes made at that time", () => {
  it("an add and a remove at the same time are one change never rebalanced, not two", () => {
    // A scale-in that swaps one server for another: both entries carry the same
    // rebalance time (null: never reached), so it is one unbalanced change.
    const r = poolRun(600, [
      { at: 200, kind: "add", rebalanceTime: null },
      { at: 200, kind: "remove", rebalanceTime: null },
    ]);
    expect(read("connections.unbalanced", r)).toBe(1);
    expect(read("connections.rebalanceSeconds", r)).toBe(400);
  });

  it("changes at two times are two: one rebalanced, one not", () => {
    const r = poolRun(600, [
      { at: 100, kind: "add", rebalanceTime: 30 },
      { at: 100, kind: "add", rebalanceTime: 30 },
      { at: 500, kind: "remove", rebalanceTime: null },
    ]);
    expect(read("connections.unbalanced", r)).toBe(1);
    // The slowest: the unreached one at 500 counts 100 s, above the 30 s.
    expect(read("connections.rebalanceSeconds", r)).toBe(100);
  });

  it("the time to rebalance is the longest over every change, adds and removes alike", () => {
    const r = poolRun(600, [
      { at: 100, kind: "add", rebalanceTime: 30 },
      { at: 300, kind: "remove", rebalanceTime: 90 },
    ]);
    expect(read("connections.rebalanceSeconds", r)).toBe(90);
    expect(read("connections.unbalanced", r)).toBe(0);
  });
});

describe("which metrics a run or a study reports", () => {
  it("a pool run reports the pool metrics; a run with queueing adds the queueing ones to the DNS ones", () => {
    expect(metricsFor(poolRun(600, []))).toBe(POOL_METRICS);
    const dnsOnly = { connections: undefined, queueing: undefined } as unknown as Results;
    expect(metricsFor(dnsOnly)).toBe(METRICS);
    const queued = { queueing: { servers: [] } } as unknown as Results;
    expect(metricsFor(queued)).toEqual([...METRICS, ...QUEUEING_METRICS]);
  });

  it("a study reads only the scenario's `connections` to choose", () => {
    expect(studyMetrics({ connections: {} })).toBe(POOL_METRICS);
    expect(studyMetrics({})).toBe(METRICS);
  });

  it("every metric id is defined once across the three lists (the pool list shares the visit ones)", () => {
    const ids = [...METRICS, ...QUEUEING_METRICS, ...POOL_METRICS].map((m) => m.id);
    const shared = POOL_METRICS.filter((m) => METRICS.includes(m)).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length - shared.length);
    expect(() => metricById("no.such.metric")).toThrow(/unknown metric/);
  });

  it("extractMetrics writes a non-finite or missing value as null", () => {
    const r = poolRun(600, [{ at: 100, kind: "add", fillTime: 40, rebalanceTime: 60 }]);
    const values = extractMetrics(
      r,
      POOL_METRICS.filter((m) => m.id.includes("Seconds")),
    );
    expect(values).toEqual({
      "connections.fillSeconds": 40,
      "connections.rebalanceSeconds": 60,
      "connections.drainSeconds": null,
    });
  });
});
