import type { Executor } from "./executor.js";
import type { MetricValues } from "./metrics.js";
import type { SweepTask } from "./plan.js";
import type { TaskInput } from "./task.js";

/** A finished task: what sweep.partial.jsonl and shard files hold, one per line. */
export interface TaskRecord extends SweepTask {
  readonly metrics: MetricValues;
}

export interface RunTasksOptions {
  /** Stops handing out tasks; tasks in flight are abandoned. */
  readonly signal?: AbortSignal;
  /** Called once per finished task, as it finishes (completion order, not index order). */
  readonly onRecord?: (record: TaskRecord) => void;
}

/**
 * Runs tasks on an executor, keeping a few more in flight than it has
 * workers so none idles, but not the whole queue, so an interrupt stops
 * quickly. Returns the records in task order, and whether it was interrupted.
 */
export async function runTasks(
  tasks: readonly SweepTask[],
  inputOf: (task: SweepTask) => TaskInput,
  executor: Executor,
  options: RunTasksOptions = {},
): Promise<{ records: TaskRecord[]; interrupted: boolean }> {
  const outer = options.signal;
  const inner = new AbortController();
  const stop = (): void => inner.abort(outer?.reason);
  outer?.addEventListener("abort", stop, { once: true });
  if (outer?.aborted) stop();

  const records: TaskRecord[] = [];
  let next = 0;
  let failure: unknown = null;
  const lane = async (): Promise<void> => {
    while (!inner.signal.aborted && next < tasks.length) {
      const task = tasks[next++]!;
      let metrics: MetricValues;
      try {
        metrics = await executor.run(inputOf(task), inner.signal);
      } catch (error) {
        if (inner.signal.aborted && failure === null) return;
        failure ??= error;
        inner.abort(error);
        return;
      }
      const record: TaskRecord = { ...task, metrics };
      records.push(record);
      options.onRecord?.(record);
    }
  };
  const lanes = Math.max(
    1,
    Math.min(tasks.length, executor.concurrency === 1 ? 1 : executor.concurrency * 2),
  );
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    outer?.removeEventListener("abort", stop);
  }
  if (failure !== null) throw failure;
  records.sort((a, b) => a.task - b.task);
  return { records, interrupted: records.length < tasks.length };
}
