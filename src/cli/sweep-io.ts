import { appendFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Chart } from "../report/index.js";
import {
  fmtSummary,
  type HtmlFigure,
  narrowSpec,
  sweepChartList,
  sweepCsv,
  sweepPage,
} from "../report/index.js";
import { renderSvg, svgToPng } from "../report/render/index.js";
import { metricById, summarizeMetric } from "../run/index.js";
import {
  buildSweepOutput,
  type GridPoint,
  inProcessExecutor,
  type PlanRunResult,
  partialFileName,
  planId,
  planStart,
  pointCount,
  pointValues,
  recordLine,
  resumeRecords,
  runCount,
  runPlan,
  type SequentialRounds,
  type Shard,
  type SweepOutput,
  type SweepPlan,
  shardFileName,
  type TaskRecord,
  taskFileText,
} from "../study/index.js";
import { readText, writeAllAtomic, writeAtomic } from "./files.js";
import { writeError } from "./output/write-error.js";
import { stepProgress } from "./progress.js";
import { dieBySignal, takeSignals } from "./signal-exit.js";
import { poolExecutor } from "./worker-pool.js";

/*
 * The plumbing `rrdns sweep`, `rrdns ttl` and `rrdns merge` share: running a
 * plan's tasks with a progress bar, interrupt and resume, rendering the
 * charts and writing a sweep's files. The decisions (which tasks, which
 * rounds, when to stop, what to merge) live in src/study/ (execute.ts: runPlan);
 * this file only does the I/O around them.
 */

export interface ExecuteOptions {
  readonly out: string;
  readonly shard: Shard | null;
  readonly workers: number;
  readonly quiet: boolean;
  readonly resume: boolean;
  /** The line for a finished point (all its replications in), streamed above the bar on a terminal. */
  readonly pointRow?: (point: number, records: readonly TaskRecord[]) => string;
}

/**
 * Runs a plan's tasks (or one shard's) as study's `runPlan` decides,
 * appending each finished one to the partial file as it completes. On Ctrl-C
 * or SIGTERM it stops, keeps what finished, says how to resume and ends the
 * process by the same signal. Returns every record of the plan (or shard),
 * in task order.
 */
export async function executePlan(
  plan: SweepPlan,
  points: readonly GridPoint[],
  options: ExecuteOptions,
  rounds?: SequentialRounds,
): Promise<TaskRecord[]> {
  const { out, shard, quiet } = options;
  const id = planId(plan);
  const partial = join(out, partialFileName(shard));
  const done = options.resume ? resumeFrom(id, shard, out) : [];
  if (!options.resume && existsSync(partial) && !quiet) {
    process.stderr.write(
      `rrdns: starting over; ${partial} from an earlier run is replaced (use --resume to continue it)\n`,
    );
  }
  // Rewritten whole (not appended to), so a line torn by an earlier interrupt cannot glue onto the next.
  writeAtomic(partial, taskFileText(plan, shard, done));
  const execution = { plan, shard, done, ...(rounds ? { rounds } : {}) };
  const start = planStart(execution);
  const workers = Math.max(1, Math.min(options.workers, start.lanes));
  if (!quiet) {
    const what = `${pointCount(plan)} points × ${rounds ? "up to " : ""}${plan.replications} replications = ${rounds ? "at most " : ""}${runCount(plan)} runs`;
    const slice = shard ? `; shard ${shard.index}/${shard.count} has ${start.total}` : "";
    const resumed = options.resume ? `; ${done.length} already done` : "";
    const ahead = rounds
      ? `; ${start.remaining} to run first, more where a CI is not yet clear of a limit`
      : `; ${start.remaining} to run`;
    process.stderr.write(
      `rrdns: ${what}${slice}${resumed}${ahead} on ${workers} worker${workers === 1 ? "" : "s"}\n`,
    );
  }
  if (start.remaining === 0 && !rounds) return [...done].sort((a, b) => a.task - b.task);

  const progress = stepProgress({
    total: start.total,
    unit: "runs",
    stream: process.stderr,
    quiet,
    done: done.length,
    delayMs: 0,
    etaBuffer: Math.max(10, workers * 4),
  });
  const controller = new AbortController();
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalled ??= signal;
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  const executor = workers === 1 ? inProcessExecutor() : poolExecutor(workers);
  // The lock's guard (signal-exit.ts, set with the lock) hands the signals over from
  // here on, inside the try whose finally gives them back.
  let restoreSignals = (): void => {};
  let result: PlanRunResult;
  try {
    restoreSignals = takeSignals(onSignal);
    result = await runPlan({
      ...execution,
      points,
      start,
      executor,
      signal: controller.signal,
      sink: {
        record: (r) => {
          try {
            appendFileSync(partial, recordLine(id, r));
          } catch (error) {
            throw writeError(error, partial); // disk full: one line naming the file, exit 2
          }
          progress.tick();
        },
        // A point's row is printed (terminal only) once its last replication is in.
        pointDone: (point, records) => {
          if (options.pointRow) progress.row(options.pointRow(point, records));
        },
        total: (total) => progress.setTotal(total),
      },
    });
  } finally {
    await executor.close();
    progress.stop();
    restoreSignals();
  }
  if (result.interrupted) {
    process.stderr.write(
      `rrdns: interrupted; ${result.records.length} of ${result.total} runs finished and kept in ${partial}\n` +
        "rrdns: run the same command with --resume to continue\n",
    );
    // Release the locks and die by the signal we got, so shells and job schedulers see an interrupted job.
    dieBySignal(signalled ?? "SIGINT");
    await new Promise(() => {});
  }
  return result.records;
}

/** The records an earlier run of this plan (and shard) left in its partial file, then its shard file. */
function resumeFrom(id: string, shard: Shard | null, out: string): TaskRecord[] {
  const sources = [
    join(out, partialFileName(shard)),
    ...(shard ? [join(out, shardFileName(shard))] : []),
  ]
    .filter((file) => existsSync(file))
    .map((file) => ({ file, text: readText(file) }));
  return resumeRecords(id, shard, sources);
}

/** Renders charts to SVG and PNG; a renderer failure costs the pictures, not the sweep's numbers. */
export async function renderCharts(
  charts: readonly Chart[],
  quiet: boolean,
): Promise<{ files: Map<string, string | Uint8Array>; figures: HtmlFigure[] }> {
  const files = new Map<string, string | Uint8Array>();
  const figures: HtmlFigure[] = [];
  for (const chart of charts) {
    const title = String((chart.spec.title as { text?: unknown } | undefined)?.text ?? chart.name);
    let svg: string | null = null;
    let narrowSvg: string | null = null;
    try {
      svg = await renderSvg(chart.spec);
      files.set(`charts/${chart.name}.svg`, svg);
      files.set(`charts/${chart.name}.png`, svgToPng(svg));
      // The page's phone-sized copy: only in index.html, not a file of its own.
      narrowSvg = await renderSvg(narrowSpec(chart.spec));
    } catch (error) {
      if (!quiet)
        process.stderr.write(
          `rrdns: chart ${chart.name} not rendered: ${(error as Error).message}\n`,
        );
      svg = null;
    }
    figures.push({ name: chart.name, title, explain: chart.explain, svg, narrowSvg });
  }
  return { files, figures };
}

/** Writes sweep.json, sweep.csv and (unless --no-report) the charts and index.html, all or nothing. */
export async function writeSweepOutputs(
  out: string,
  plan: SweepPlan,
  records: readonly TaskRecord[],
  report: boolean,
  quiet: boolean,
): Promise<SweepOutput> {
  const output = buildSweepOutput(plan, records);
  const files = new Map<string, string | Uint8Array>([
    ["sweep.json", `${JSON.stringify(output, null, 2)}\n`],
    ["sweep.csv", sweepCsv(output)],
  ]);
  if (report) {
    const rendered = await renderCharts(sweepChartList(output), quiet);
    for (const [name, data] of rendered.files) files.set(name, data);
    files.set("index.html", sweepPage(output, rendered.figures));
  }
  writeAllAtomic(out, files);
  return output;
}

/**
 * The metrics a streamed point row shows: the TTL advisor's trade-offs, or
 * for a pool scenario the pool's (balance, fill, rebalance, lost requests).
 */
const ROW_METRICS = {
  visits: [
    "dns.authoritativeQps",
    "balance.window.maxOverMean",
    "totals.failedVisits",
    "delay.meanSeconds",
  ].map(metricById),
  pools: [
    "balance.window.maxOverMean",
    "connections.fillSeconds",
    "connections.rebalanceSeconds",
    "connections.unservedShare",
  ].map(metricById),
};

/**
 * One finished point as a line for the terminal while a sweep runs: its
 * parameters and a few metrics, mean [95% CI] over its replications. The
 * files and the final table are made from every point at the end as before.
 */
export function pointRowText(
  plan: SweepPlan,
  point: number,
  records: readonly TaskRecord[],
): string {
  const values = pointValues(plan, point);
  const where = plan.parameters.map((p, i) => `${p.path}=${String(values[i])}`).join(" ");
  const shown = plan.scenario.connections ? ROW_METRICS.pools : ROW_METRICS.visits;
  const metrics = shown.map(
    (m) =>
      `${m.label} ${fmtSummary(
        summarizeMetric(
          m,
          records.map((r) => r.metrics[m.id] ?? null),
        ),
      )}`,
  );
  return `point ${point + 1}/${pointCount(plan)} ${where}: ${metrics.join(" · ")}`;
}
