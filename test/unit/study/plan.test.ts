import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replicationSeed } from "../../../src/run/index.js";
import { UserError } from "../../../src/scenario/index.js";
import {
  checkPlanSize,
  MAX_SWEEP_RUNS,
  parseSetFlag,
  runCount,
  type SweepPlan,
  shardTaskCount,
  sweepTasks,
  tasksNotIn,
} from "../../../src/study/index.js";
import { scenario } from "../../helpers.js";

const planOf = (ttls: string, replications: number): SweepPlan => ({
  command: "sweep",
  version: "test",
  scenario: scenario(),
  parameters: [parseSetFlag(`dns.ttl=${ttls}`)],
  replications,
  seed: 7,
  duration: null,
});

describe("plan size and streamed tasks", () => {
  it("refuses more runs than the limit, with the estimate; the limit itself passes", () => {
    expect(() => checkPlanSize(planOf("30,60", MAX_SWEEP_RUNS / 2))).not.toThrow();
    const over = planOf("30,60", MAX_SWEEP_RUNS / 2 + 1);
    expect(() => checkPlanSize(over)).toThrow(UserError);
    expect(() => checkPlanSize(over)).toThrow(
      `2 grid points × ${MAX_SWEEP_RUNS / 2 + 1} replications = ${MAX_SWEEP_RUNS + 2} runs, more than the limit of ${MAX_SWEEP_RUNS} runs`,
    );
  });

  it("tasks are made as they are taken, not allocated up front", () => {
    // 10^8 runs (far over the limit, so never run): taking three must be instant. Making
    // 10^8 task objects up front takes tens of seconds, so 1 s separates the two with room
    // for a GC pause or preemption on a loaded machine.
    const huge = planOf("30,60", 50_000_000);
    const start = performance.now();
    const it = sweepTasks(huge);
    const first = [it.next().value, it.next().value, it.next().value];
    expect(performance.now() - start).toBeLessThan(1000);
    expect(first.map((t) => t?.task)).toEqual([0, 1, 2]);
    expect(first[2]).toEqual({ task: 2, point: 0, replication: 2, seed: replicationSeed(7, 2) });
  });

  it("shards partition the tasks, and shardTaskCount counts them", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 9 }),
        (points, replications, count) => {
          const plan = planOf(
            Array.from({ length: points }, (_, i) => 10 * (i + 1)).join(","),
            replications,
          );
          const seen: number[] = [];
          for (let index = 0; index < count; index++) {
            const shard = { index, count };
            const tasks = [...sweepTasks(plan, shard)];
            expect(tasks.length).toBe(shardTaskCount(plan, shard));
            for (const t of tasks) expect(t.task % count).toBe(index);
            seen.push(...tasks.map((t) => t.task));
          }
          expect(seen.sort((a, b) => a - b)).toEqual([...Array(runCount(plan)).keys()]);
        },
      ),
    );
  });

  it("tasksNotIn leaves out exactly the finished ones", () => {
    const plan = planOf("30,60,90", 3);
    const left = [...tasksNotIn(plan, new Set([0, 4, 8]))].map((t) => t.task);
    expect(left).toEqual([1, 2, 3, 5, 6, 7]);
    const shard = [...tasksNotIn(plan, new Set([0, 4]), { index: 0, count: 2 })].map((t) => t.task);
    expect(shard).toEqual([2, 6, 8]);
  });
});
