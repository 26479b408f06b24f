/*
 * Execution: running a plan's tasks on an executor, in this thread or on the
 * worker threads the CLI starts (src/cli/worker-pool.ts). This module is also
 * the worker thread's entry (its default export), so the code a worker runs
 * is exactly the code the in-process executor runs. It needs setImmediate;
 * nothing here touches files or threads.
 */
import { extractMetrics, type MetricValues, runScenario, studyMetrics } from "../run/index.js";
import { type Scenario, UserError } from "../scenario/index.js";
import type { GridPoint } from "./grid.js";
import {
  pointCount,
  type Shard,
  type SweepPlan,
  type SweepTask,
  shardTaskCount,
  tasksNotIn,
} from "./plan.js";

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

/*
 * A plan's execution, the decisions (`rrdns sweep`, `rrdns ttl`): which
 * tasks run first, how many runs that makes, when a further round is asked
 * (sequential stopping), when a point is complete, and the records merged in
 * task order. The CLI reads the records an earlier run left, starts the
 * executor (this thread or worker threads), catches the signals and writes
 * each record through the sink.
 */

/**
 * Sequential stopping as a plan's execution takes it: given every record so
 * far, the tasks to run next (empty: done). The plan's other tasks are never
 * run. (`nextRound` in ./sequential.ts makes them.)
 */
export type SequentialRounds = (records: readonly TaskRecord[]) => readonly SweepTask[];

/** A plan (or one shard of it) to run, with the records an earlier run left. */
export interface PlanExecution {
  readonly plan: SweepPlan;
  readonly shard: Shard | null;
  /** Records of this plan (and shard) already done (--resume); they are not run again. */
  readonly done: readonly TaskRecord[];
  /** Sequential stopping (rrdns ttl); without it every task of the plan (or shard) runs. */
  readonly rounds?: SequentialRounds;
}

/** What a plan's execution has ahead before any task runs. */
export interface PlanStart {
  /** The first round's tasks; without rounds streamed, made one at a time as workers free up. */
  readonly tasks: Iterable<SweepTask>;
  /** The runs planned in all, the done ones included (with rounds: so far). */
  readonly total: number;
  /** How many of them are still to run. */
  readonly remaining: number;
  /** The most workers that can be kept busy. */
  readonly lanes: number;
}

/** The first round of a plan's execution: the tasks not done yet, or what the rounds ask for first. */
export function planStart(execution: PlanExecution): PlanStart {
  const { plan, shard, done, rounds } = execution;
  if (rounds) {
    const tasks = rounds(done);
    return {
      tasks,
      total: done.length + tasks.length,
      remaining: tasks.length,
      lanes: pointCount(plan) * 2,
    };
  }
  const total = shardTaskCount(plan, shard ?? undefined);
  const tasks = tasksNotIn(plan, new Set(done.map((r) => r.task)), shard ?? undefined);
  const remaining = total - done.length;
  return { tasks, total, remaining, lanes: remaining };
}

/** Where a plan's execution reports as it goes (the CLI's partial file, progress bar and point rows). */
export interface PlanSink {
  /** Each finished task, as it finishes (completion order, not task order). */
  readonly record: (record: TaskRecord) => void;
  /**
   * A point whose runs are all in: its plan.replications-th, or with rounds,
   * once no further round asks for it. Called once per point, with its records.
   */
  readonly pointDone: (point: number, records: readonly TaskRecord[]) => void;
  /** A further round was asked for: the runs now planned in all. */
  readonly total: (total: number) => void;
}

export interface RunPlanOptions extends PlanExecution {
  readonly points: readonly GridPoint[];
  /** From planStart. */
  readonly start: PlanStart;
  readonly executor: Executor;
  /** Stops handing out tasks (Ctrl-C); what finished is kept. */
  readonly signal: AbortSignal;
  readonly sink: PlanSink;
}

export interface PlanRunResult {
  /** The done records and the new ones, in task order. */
  readonly records: TaskRecord[];
  readonly interrupted: boolean;
  /** The runs planned in all when it ended. */
  readonly total: number;
}

/**
 * Runs the first round and, with sequential stopping, each further round
 * the records so far ask for, until none is asked for or the signal stops it.
 */
export async function runPlan(options: RunPlanOptions): Promise<PlanRunResult> {
  const { plan, points, done, rounds, sink } = options;
  const byPoint = new Map<number, TaskRecord[]>();
  const shown = new Set<number>();
  const record = (r: TaskRecord): TaskRecord[] => {
    const ofPoint = byPoint.get(r.point) ?? [];
    ofPoint.push(r);
    byPoint.set(r.point, ofPoint);
    return ofPoint;
  };
  const complete = (point: number): void => {
    if (shown.has(point)) return;
    shown.add(point);
    sink.pointDone(point, byPoint.get(point) ?? []);
  };
  for (const r of done) record(r);

  const records: TaskRecord[] = [];
  let interrupted = false;
  let total = options.start.total;
  let batch = options.start.tasks;
  for (;;) {
    const round = await runTasks(
      batch,
      (t) => ({ scenario: points[t.point]!.scenario, seed: t.seed }),
      options.executor,
      {
        signal: options.signal,
        onRecord: (r) => {
          sink.record(r);
          if (record(r).length === plan.replications) complete(r.point);
        },
      },
    );
    records.push(...round.records);
    if (round.interrupted) {
      interrupted = true;
      break;
    }
    if (!rounds) break;
    const next = rounds([...done, ...records]);
    const asked = new Set(next.map((t) => t.point));
    for (const point of byPoint.keys()) if (!asked.has(point)) complete(point);
    if (next.length === 0) break;
    total += next.length;
    sink.total(total);
    batch = next;
  }
  return { records: [...done, ...records].sort((a, b) => a.task - b.task), interrupted, total };
}
