import type { Results } from "../metrics/index.js";
import {
  type ReplicatedResults,
  type RunOptions,
  replayTrace,
  replicate,
  replicateTrace,
  replicationSeeds,
  type TraceLines,
  type TraceSummary,
} from "../run/index.js";
import type { Scenario } from "../scenario/index.js";
import { simulateInSlices } from "./simulate.js";
import { type AccessLogSink, simulateWithAccessLogs } from "./simulate-with-logs.js";

/*
 * `rrdns run`, the decisions: a trace replayed or a synthetic workload
 * simulated, once or on N seeds, with or without access logs, and which run
 * the report describes. The CLI reads the scenario and the trace's file,
 * opens the log folder (and commits or aborts it), shows progress and writes
 * the files.
 */

/** `rrdns run`'s flags as an options object (the scenario read, overrides applied). */
export interface RunStudyOptions {
  readonly scenario: Scenario;
  /** The base seed (default: the scenario's). */
  readonly seed?: number;
  readonly replications: number;
  /** The trace's lines, read afresh on each call: given when the scenario replays a trace. */
  readonly traceLines?: TraceLines;
  /** Replication r's access logs, when they are asked for; each is closed once its run ends. */
  readonly logsFor?: (replication: number) => AccessLogSink;
  /** Each run's simulated time as it advances (progress never changes a result). */
  readonly onProgress?: (run: number, seconds: number, horizon: number) => void;
}

export interface RunStudy {
  /** The base-seed run: what the report and results.json describe. */
  readonly results: Results;
  /** The N seeds' runs and their summary, with replications. */
  readonly replicated?: ReplicatedResults;
  /** What a replay read and left out, when a trace was replayed. */
  readonly trace?: TraceSummary;
}

/** Runs the scenario as the options say: one run, or replications (their first is the base-seed run). */
export async function runStudy(options: RunStudyOptions): Promise<RunStudy> {
  const { scenario, logsFor, traceLines } = options;
  const n = options.replications;
  const onProgress = options.onProgress ?? (() => {});
  // applyOverrides has set the duration; only the seed is still an option.
  const runOptions: RunOptions = { seed: options.seed };
  const simulate = (s: Scenario, o: RunOptions, run: number) =>
    simulateInSlices(s, o, (seconds, horizon) => onProgress(run, seconds, horizon));
  const trace = scenario.clients.trace;
  let traced: Awaited<ReturnType<typeof replayTrace>> | undefined;
  let tracedReplications: ReplicatedResults | undefined;
  let logged: Results | undefined;
  let loggedReplications: ReplicatedResults | undefined;
  if (!trace && logsFor !== undefined) {
    // Each replication stepped with its own logs (stepping changes no
    // result), on the seeds `replicate` derives, then summarized by it.
    const base = options.seed ?? scenario.seed;
    const runs: Results[] = [];
    for (const [r, seed] of replicationSeeds(base, n).entries())
      runs.push(
        await simulateWithAccessLogs(scenario, { seed }, logsFor(r), (seconds, horizon) =>
          onProgress(r, seconds, horizon),
        ),
      );
    logged = runs[0]!;
    if (n > 1)
      loggedReplications = replicate(scenario, {
        seed: base,
        replications: n,
        simulate: (_s, _o, r) => runs[r]!,
      });
  }
  if (trace && !traceLines) throw new Error("runStudy: a trace scenario needs traceLines");
  if (trace && traceLines && n > 1) {
    // The same trace on N seeds; replication 0 is the single run's.
    const r = await replicateTrace(scenario, traceLines, {
      replications: n,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      onProgress,
      ...(logsFor !== undefined
        ? {
            logs: (replication: number) => {
              const logs = logsFor(replication);
              return {
                accessLog: logs,
                afterBatch: (now: number) => logs.flush(now),
                close: () => logs.close(),
              };
            },
          }
        : {}),
    });
    traced = { results: r.replicated.first, summary: r.summary };
    tracedReplications = r.replicated;
  } else if (trace && traceLines) {
    const logs = logsFor?.(0);
    traced = await replayTrace(scenario, traceLines, {
      ...runOptions,
      ...(logs ? { accessLog: logs, afterBatch: (now: number) => logs.flush(now) } : {}),
      onProgress: (seconds, horizon) => onProgress(0, seconds, horizon),
    });
    await logs?.close();
  }
  const replicated =
    tracedReplications ??
    loggedReplications ??
    (!traced && !logged && n > 1
      ? replicate(scenario, { ...runOptions, replications: n, simulate })
      : undefined);
  // The report and results.json always describe the base-seed run; replications add their summary.
  const results = traced
    ? traced.results
    : logged
      ? logged
      : replicated
        ? replicated.first
        : simulate(scenario, runOptions, 0);
  return {
    results,
    ...(replicated ? { replicated } : {}),
    ...(traced ? { trace: traced.summary } : {}),
  };
}
