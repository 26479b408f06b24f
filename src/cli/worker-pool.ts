import { Piscina } from "piscina";
import type { MetricValues } from "../run/index.js";
import { type Executor, restoreWorkerError, type TaskInput, WORKER_URL } from "../study/index.js";

/**
 * Runs tasks on `workers` worker threads (piscina). Results equal an
 * in-process run's: each task is a pure function of its scenario and seed.
 * `workerUrl` names the worker entry (a study module's default export; tests
 * point at the built one while running from sources).
 */
export function poolExecutor<R = MetricValues>(
  workers: number,
  workerUrl: URL = WORKER_URL,
): Executor<R> {
  const pool = new Piscina<TaskInput, R>({
    filename: workerUrl.href,
    minThreads: workers,
    maxThreads: workers,
    // Long sweeps should not pay thread start-up again after a pause in the queue.
    idleTimeout: 60_000,
  });
  return {
    concurrency: workers,
    run: (input, signal) =>
      pool.run(input, { signal }).catch((error: unknown) => {
        throw restoreWorkerError(error);
      }),
    close: () => pool.destroy(),
  };
}
