/*
 * The worker-thread entry of `rrdns plan` (dist/study/plan-worker.js): one
 * run reduced to the planner's few numbers, so the full Results with their
 * time series never cross the thread boundary.
 */
import { runScenario } from "../run/index.js";
import { type TaskInput, workerEntry } from "./execute.js";
import { measurePlanRun, type PlanRun } from "./plan-run.js";

export function runPlanTask(input: TaskInput): PlanRun {
  return measurePlanRun(runScenario(input.scenario, { seed: input.seed }));
}

export default workerEntry(runPlanTask);

/** This module, compiled: the plan's worker threads load it. */
export const PLAN_WORKER_URL = new URL("./plan-worker.js", import.meta.url);
