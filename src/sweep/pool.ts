import { Piscina } from "piscina";
import type { Executor } from "./executor.js";
import type { MetricValues } from "./metrics.js";
import type { TaskInput } from "./task.js";

/** The compiled worker next to this module (dist/sweep/worker.js). */
export const WORKER_URL = new URL("./worker.js", import.meta.url);

/**
 * Runs tasks on `workers` worker threads. Results equal an in-process run's:
 * each task is a pure function of its scenario and seed. `workerUrl` lets
 * tests point at the built worker while running from sources.
 */
export function poolExecutor(workers: number, workerUrl: URL = WORKER_URL): Executor {
  const pool = new Piscina<TaskInput, MetricValues>({
    filename: workerUrl.href,
    minThreads: workers,
    maxThreads: workers,
    // Long sweeps should not pay thread start-up again after a pause in the queue.
    idleTimeout: 60_000,
  });
  return {
    concurrency: workers,
    run: (input, signal) => pool.run(input, { signal }),
    close: () => pool.destroy(),
  };
}
