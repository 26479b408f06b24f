import type { MetricValues } from "./metrics.js";
import { runTask, type TaskInput } from "./task.js";

/** The piscina worker (dist/sweep/worker.js): one simulation run per call. */
export default function work(input: TaskInput): MetricValues {
  return runTask(input);
}
