import type { MetricValues } from "./metrics.js";
import { runTask, type TaskInput } from "./task.js";

/** Runs tasks somewhere: in this thread, or on a pool of worker threads. */
export interface Executor {
  /** How many tasks it can usefully run at once. */
  readonly concurrency: number;
  run(input: TaskInput, signal: AbortSignal): Promise<MetricValues>;
  close(): Promise<void>;
}

/**
 * Runs tasks one at a time in this thread (`--workers 1`). Each task starts
 * on a fresh macrotask, so a Ctrl-C between tasks is seen promptly.
 */
export function inProcessExecutor(): Executor {
  return {
    concurrency: 1,
    run: (input, signal) =>
      new Promise((resolve, reject) => {
        setImmediate(() => {
          if (signal.aborted) reject(signal.reason);
          else {
            try {
              resolve(runTask(input));
            } catch (error) {
              reject(error);
            }
          }
        });
      }),
    close: async () => {},
  };
}
