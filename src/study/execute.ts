/*
 * Execution: running a plan's tasks on an executor, in this thread or on the
 * worker threads the CLI starts (src/cli/worker-pool.ts). This module is also
 * the worker thread's entry (its default export), so the code a worker runs
 * is exactly the code the in-process executor runs. It needs setImmediate;
 * nothing here touches files or threads.
 */
import { extractMetrics, type MetricValues, runScenario, studyMetrics } from "../run/index.js";
import { type Scenario, UserError } from "../scenario/index.js";
import type { SweepTask } from "./plan.js";

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
  return extractMetrics(
    runScenario(input.scenario, { seed: input.seed }),
    studyMetrics(input.scenario),
  );
}

/**
 * Marks a user error crossing the thread boundary: piscina cannot pass an
 * Error subclass back (it takes the message for a malformed one and crashes
 * the pool), so the worker sends a plain Error and the pool restores it.
 */
const USER_ERROR = "rrdns-user-error:";

/**
 * A worker entry from a task function: user errors are passed across the
 * thread boundary in a form the pool can restore (see USER_ERROR).
 */
export function workerEntry<R>(task: (input: TaskInput) => R): (input: TaskInput) => R {
  return (input) => {
    try {
      return task(input);
    } catch (error) {
      if (error instanceof UserError) throw new Error(USER_ERROR + error.message);
      throw error;
    }
  };
}

/**
 * The error a worker threw, as the pool hands it back: a user error marked by
 * workerEntry is a UserError again, anything else passes through.
 */
export function restoreWorkerError(error: unknown): unknown {
  if (error instanceof Error && error.message.startsWith(USER_ERROR))
    return new UserError(error.message.slice(USER_ERROR.length));
  return error;
}

/** The worker entry (dist/study/execute.js): one simulation run per call. */
export default workerEntry(runTask);

/** Runs tasks somewhere: in this thread, or on a pool of worker threads. */
export interface Executor<R = MetricValues> {
  /** How many tasks it can usefully run at once. */
  readonly concurrency: number;
  run(input: TaskInput, signal: AbortSignal): Promise<R>;
  close(): Promise<void>;
}

/**
 * Runs tasks one at a time in this thread (`--workers 1`). Each task starts
 * on a fresh macrotask, so a Ctrl-C between tasks is seen promptly. `task`
 * is what a worker would run (default: a sweep's run reduced to its metrics).
 */
export function inProcessExecutor(): Executor<MetricValues>;
export function inProcessExecutor<R>(task: (input: TaskInput) => R): Executor<R>;
export function inProcessExecutor<R>(
  task: (input: TaskInput) => R = runTask as unknown as (input: TaskInput) => R,
): Executor<R> {
  return {
    concurrency: 1,
    run: (input, signal) =>
      new Promise((resolve, reject) => {
        setImmediate(() => {
          if (signal.aborted) reject(signal.reason);
          else {
            try {
              resolve(task(input));
            } catch (error) {
              reject(error);
            }
          }
        });
      }),
    close: async () => {},
  };
}

/** This module, compiled (dist/study/execute.js): the worker threads load it. */
export const WORKER_URL = new URL("./execute.js", import.meta.url);

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
 * quickly. Tasks are pulled from the iterable as lanes free up, so a big
 * plan is never materialised as a task list. Returns the records in task
 * order, and whether it was interrupted.
 */
export async function runTasks(
  tasks: Iterable<SweepTask>,
  inputOf: (task: SweepTask) => TaskInput,
  executor: Executor,
  options: RunTasksOptions = {},
): Promise<{ records: TaskRecord[]; interrupted: boolean }> {
  const outer = options.signal;
  const inner = new AbortController();
  const stop = (): void => inner.abort(outer?.reason);
  outer?.addEventListener("abort", stop, { once: true });
  if (outer?.aborted) stop();

  // One task of lookahead, so "every task was handed out" is known as soon as it is true.
  const queue = tasks[Symbol.iterator]();
  let ahead = queue.next();
  const take = (): SweepTask | null => {
    if (ahead.done) return null;
    const task = ahead.value;
    ahead = queue.next();
    return task;
  };
  const records: TaskRecord[] = [];
  let abandoned = 0;
  let failure: unknown = null;
  const lane = async (): Promise<void> => {
    while (!inner.signal.aborted) {
      const task = take();
      if (task === null) return;
      let metrics: MetricValues;
      try {
        metrics = await executor.run(inputOf(task), inner.signal);
      } catch (error) {
        abandoned++;
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
  const lanes = executor.concurrency === 1 ? 1 : executor.concurrency * 2;
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    outer?.removeEventListener("abort", stop);
  }
  if (failure !== null) throw failure;
  records.sort((a, b) => a.task - b.task);
  // Interrupted: tasks were never handed out, or a task in flight was abandoned.
  return { records, interrupted: !ahead.done || abandoned > 0 };
}
