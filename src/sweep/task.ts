import { runScenario } from "../run/index.js";
import type { Scenario } from "../scenario/index.js";
import { extractMetrics, type MetricValues } from "./metrics.js";

/** What a worker needs for one run: a validated grid point's scenario and a seed. */
export interface TaskInput {
  readonly scenario: Scenario;
  readonly seed: number;
}

/**
 * One run, reduced to its metrics. Workers return only these numbers, not the
 * full Results with their time series, so little crosses the thread boundary.
 */
export function runTask(input: TaskInput): MetricValues {
  return extractMetrics(runScenario(input.scenario, { seed: input.seed }));
}
