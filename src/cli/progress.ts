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
