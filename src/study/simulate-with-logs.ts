import type { AccessLogRecording, Results } from "../metrics/index.js";
import { type RunOptions, Simulation } from "../run/index.js";
import type { Scenario } from "../scenario/index.js";

/**
 * Where a run's access logs go (the CLI's AccessLogWriter): the requests as
 * they are recorded, then written up to a simulated time, then closed.
 */
export interface AccessLogSink extends AccessLogRecording {
  flush(now: number): Promise<void>;
  close(): Promise<void>;
}

/** At least this many slices per run, each at most MAX_SLICE simulated seconds: the logs wait in memory one slice at a time. */
const SLICES = 200;
const MAX_SLICE = 60;

/**
 * One synthetic run that writes per-server access logs: the simulation is
 * stepped in slices of simulated time and, after each, the logs get every
 * request up to the clock (written, waiting for the files to drain) before
 * the next slice runs. Stepping gives the same results as one run, so the
 * logs change no byte of results.json.
 */
export async function simulateWithAccessLogs(
  scenario: Scenario,
  options: RunOptions,
  logs: AccessLogSink,
  onSlice: (seconds: number, horizon: number) => void,
): Promise<Results> {
  const simulation = new Simulation(scenario, options, { accessLog: logs });
  const horizon = simulation.horizon;
  const slices = Math.max(SLICES, Math.ceil(horizon / MAX_SLICE));
  for (let i = 1; i <= slices; i++) {
    simulation.runUntil(i === slices ? horizon : (horizon * i) / slices);
    await logs.flush(simulation.now);
    onSlice(simulation.now, horizon);
  }
  await logs.close();
  return simulation.snapshot();
}
