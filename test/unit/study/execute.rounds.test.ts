import { describe, expect, it } from "vitest";
import {
  expandGrid,
  inProcessExecutor,
  type PlanExecution,
  type PlanSink,
  planStart,
  runCount,
  runPlan,
  type SequentialRounds,
  type SweepTask,
  shardTaskCount,
  sweepTask,
  type TaskRecord,
} from "../../../src/study/index.js";
import { failing, ttlPlan } from "./fixtures.js";

/*
 * A plan's execution, the decisions (src/study/execute.ts): which
 * tasks run first, the rounds of sequential stopping, when a point is
 * complete, the records merged in task order. The executor here returns the
 * seed as the one metric, so no simulation runs.
 */

const plan = ttlPlan(failing, "30,300", 4);
const points = expandGrid(plan);
const executor = () => inProcessExecutor(({ seed }) => ({ seed }));
const recordOf = (task: number): TaskRecord => ({
  ...sweepTask(plan, task),
  metrics: { seed: sweepTask(plan, task).seed },
});

/** Runs the execution from its start on the seed-returning executor. */
function run(execution: PlanExecution, sink: PlanSink, signal = new AbortController().signal) {
  return runPlan({
    ...execution,
    points,
    start: planStart(execution),
    executor: executor(),
    signal,
    sink,
  });
}

/** A sink that keeps what it is told, in order. */
function keepingSink(): PlanSink & {
  recorded: number[];
  pointsDone: [number, number[]][];
  totals: number[];
} {
  const recorded: number[] = [];
  const pointsDone: [number, number[]][] = [];
  const totals: number[] = [];
  return {
    recorded,
    pointsDone,
    totals,
    record: (r) => recorded.push(r.task),
    pointDone: (point, records) => pointsDone.push([point, records.map((r) => r.task)]),
    total: (total) => totals.push(total),
  };
}

describe("planStart", () => {
  it("without rounds: every task of the plan (or shard) not done yet", () => {
    const done = [recordOf(1), recordOf(6)];
    const start = planStart({ plan, shard: null, done });
    expect([...start.tasks].map((t) => t.task)).toEqual([0, 2, 3, 4, 5, 7]);
    expect(start).toMatchObject({ total: runCount(plan), remaining: 6, lanes: 6 });
    const shard = { index: 1, count: 3 };
    const sharded = planStart({ plan, shard, done: [recordOf(4)] });
    expect([...sharded.tasks].map((t) => t.task)).toEqual([1, 7]);
    expect(sharded.total).toBe(shardTaskCount(plan, shard));
    expect(sharded.remaining).toBe(2);
  });

  it("with rounds: what the first round asks for, on two lanes a point", () => {
    const rounds: SequentialRounds = (records) =>
      records.length === 0 ? [sweepTask(plan, 0), sweepTask(plan, 4)] : [];
    const start = planStart({ plan, shard: null, done: [recordOf(2)], rounds });
    expect([...start.tasks].map((t) => t.task)).toEqual([]);
    const fresh = planStart({ plan, shard: null, done: [], rounds });
    expect([...fresh.tasks].map((t) => t.task)).toEqual([0, 4]);
    expect(fresh).toMatchObject({ total: 2, remaining: 2, lanes: 4 });
  });
});

describe("runPlan", () => {
  it("runs the tasks not done, merges them with the done ones in task order, and completes each point once", async () => {
    const done = [recordOf(5), recordOf(0)];
    const execution = { plan, shard: null, done };
    const sink = keepingSink();
    const result = await run(execution, sink);
    expect(result.interrupted).toBe(false);
    expect(result.total).toBe(8);
    expect(result.records.map((r) => r.task)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(result.records.map((r) => r.metrics.seed)).toEqual(result.records.map((r) => r.seed));
    expect([...sink.recorded].sort()).toEqual([1, 2, 3, 4, 6, 7]);
    // A point is complete at its fourth replication, done ones counted.
    expect(sink.pointsDone.map(([point, tasks]) => [point, [...tasks].sort()])).toEqual([
      [0, [0, 1, 2, 3]],
      [1, [4, 5, 6, 7]],
    ]);
    expect(sink.totals).toEqual([]);
  });

  it("with rounds: asks again after each round until none is asked, and completes a point no round asks for", async () => {
    // Point 0 wants 2 replications, point 1 all 4: one more each per round.
    const want = [2, 4];
    const rounds: SequentialRounds = (records) => {
      const next: SweepTask[] = [];
      for (const [point, most] of want.entries()) {
        const have = records.filter((r) => r.point === point).length;
        if (have < most) next.push(sweepTask(plan, point * plan.replications + have));
      }
      return next;
    };
    const execution = { plan, shard: null, done: [], rounds };
    const sink = keepingSink();
    const result = await run(execution, sink);
    expect(result.interrupted).toBe(false);
    expect(result.records.map((r) => r.task)).toEqual([0, 1, 4, 5, 6, 7]);
    expect(sink.totals).toEqual([4, 5, 6]);
    expect(result.total).toBe(6);
    // Point 0 once the third round leaves it out; point 1 at its fourth replication.
    expect(sink.pointsDone).toEqual([
      [0, [0, 1]],
      [1, [4, 5, 6, 7]],
    ]);
  });

  it("stops when the signal says so, keeping what finished", async () => {
    const controller = new AbortController();
    const execution = { plan, shard: null, done: [recordOf(7)] };
    const sink = keepingSink();
    const record = sink.record;
    const stopping: PlanSink = {
      ...sink,
      record: (r) => {
        record(r);
        if (sink.recorded.length === 3) controller.abort(new Error("interrupted by SIGINT"));
      },
    };
    const result = await run(execution, stopping, controller.signal);
    expect(result.interrupted).toBe(true);
    expect(result.records.map((r) => r.task)).toEqual([...sink.recorded, 7].sort());
    expect(sink.recorded).toHaveLength(3);
    expect(sink.pointsDone).toEqual([]);
  });
});
