import cliProgress from "cli-progress";

/** Where the bar is drawn: stderr, or a stand-in terminal in tests. */
export interface ProgressStream extends NodeJS.WritableStream {
  readonly isTTY?: boolean;
}

export interface ProgressOptions {
  /** Runs in the job (replications), each of the same horizon. */
  readonly runs: number;
  readonly stream: ProgressStream;
  /** --quiet: never draw. */
  readonly quiet: boolean;
  /** Wall-clock milliseconds before the bar appears, so quick runs print nothing. */
  readonly delayMs?: number;
}

/** Told how far the job has got; draws nothing unless the stream is a terminal. */
export interface Progress {
  /** `run` (0-based) has simulated `seconds` of its horizon. */
  update(run: number, seconds: number, horizon: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/**
 * A progress bar with ETA for `rrdns run` on stderr: only on a terminal (a
 * pipe or a file gets nothing, so logs and `--format json` stay clean), never
 * with --quiet, and only once the run has taken longer than `delayMs`.
 */
export function runProgress(options: ProgressOptions): Progress {
  if (options.quiet || !options.stream.isTTY) return SILENT;
  const { runs, stream } = options;
  const delayMs = options.delayMs ?? 400;
  const startedAt = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(run, seconds, horizon) {
      const done = Math.round(run * horizon + seconds);
      const payload = { run: run + 1, runs };
      if (!bar) {
        if (Date.now() - startedAt < delayMs) return;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `{bar} {percentage}% | {value}/{total} simulated s${runs > 1 ? " | run {run}/{runs}" : ""} | {duration_formatted} elapsed | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
            fps: 5,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.round(runs * horizon), done, payload);
      } else bar.update(done, payload);
    },
    stop() {
      bar?.stop();
    },
  };
}

export interface StepProgressOptions {
  /** Steps in the job (runs, scenarios, charts): the bar's 100%. */
  readonly total: number;
  /** What a step is, plural, for the bar ("runs", "scenarios"). */
  readonly unit: string;
  readonly stream: ProgressStream;
  /** --quiet: never draw, never print rows. */
  readonly quiet: boolean;
  /** Wall-clock milliseconds before the bar appears, so quick jobs draw nothing. */
  readonly delayMs?: number;
  /** Steps already done when the job starts (a resumed sweep). */
  readonly done?: number;
  /** Steps the ETA averages over (parallel workers finish in bursts). */
  readonly etaBuffer?: number;
}

/** Told how far a job of discrete steps has got; draws nothing unless the stream is a terminal. */
export interface StepProgress {
  /** One more step done (or `by` more). */
  tick(by?: number): void;
  /**
   * A finished row (a sweep point, a candidate count), printed as it comes,
   * above the bar on the progress stream: only on a terminal, so a pipe's
   * bytes never change (the command's own table still comes at the end).
   */
  row(line: string): void;
  /** The command's own output (always written), with the bar cleared around it. */
  print(text: string, to: NodeJS.WritableStream): void;
  /** The job grew (a sequential sweep's next round): the bar's new 100%. */
  setTotal(total: number): void;
  stop(): void;
}

const SILENT_STEPS: StepProgress = {
  tick() {},
  row() {},
  print(text, to) {
    to.write(text);
  },
  setTotal() {},
  stop() {},
};

/**
 * A progress bar with ETA over the steps of a long command (`plan`, `ttl`,
 * `sweep`, `fit`, `report`, `reports-all`) on stderr, with the rows of its
 * table streamed above the bar as they finish: only on a terminal and never
 * with --quiet (a pipe or a file gets nothing), and only once the job has
 * taken longer than `delayMs`.
 */
export function stepProgress(options: StepProgressOptions): StepProgress {
  if (options.quiet || !options.stream.isTTY) return SILENT_STEPS;
  const { unit, stream } = options;
  let total = options.total;
  const delayMs = options.delayMs ?? defaultDelayMs();
  const startedAt = Date.now();
  let done = options.done ?? 0;
  let bar: cliProgress.SingleBar | null = null;
  const draw = (): void => {
    if (bar) {
      bar.update(done);
      return;
    }
    if (Date.now() - startedAt < delayMs) return;
    bar = new cliProgress.SingleBar(
      {
        stream,
        format: `{bar} {percentage}% | {value}/{total} ${unit} | {duration_formatted} elapsed | ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: true,
        // Rows are written over the bar's line, so it is drawn again after each.
        forceRedraw: true,
        fps: 5,
        ...(options.etaBuffer !== undefined ? { etaBuffer: options.etaBuffer } : {}),
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done);
  };
  const print = (text: string, to: NodeJS.WritableStream): void => {
    // Clear the bar's line, print where it was, draw the bar again below.
    if (bar) stream.write("\r\x1b[2K");
    to.write(text);
    if (bar) bar.render();
    else draw();
  };
  return {
    tick(by = 1) {
      done += by;
      draw();
    },
    row: (line) => print(`${line}\n`, stream),
    print,
    setTotal(grown) {
      total = grown;
      bar?.setTotal(grown);
    },
    stop() {
      bar?.stop();
    },
  };
}

/**
 * How long a job runs before its bar appears: 400 ms, or
 * RRDNS_PROGRESS_DELAY_MS (tests set 0, so a quick job on a pseudo-terminal
 * shows its bar without the test depending on the machine's speed).
 */
function defaultDelayMs(): number {
  const env = Number(process.env.RRDNS_PROGRESS_DELAY_MS);
  return Number.isFinite(env) && env >= 0 ? env : 400;
}
