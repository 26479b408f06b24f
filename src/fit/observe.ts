import type { ActiveInterval } from "./rate.js";

/** Observation windows of a sampled log, as `clients.sessions.observe` (seconds; offset from t = 0). */
export interface ObserveWindows {
  readonly period: number;
  readonly length: number;
  readonly offset: number;
}

/**
 * Detects a periodically sampled log from its active intervals (rate.ts): a
 * log that keeps, say, one minute an hour has short stretches whose starts
 * are whole multiples of one period apart. Returns the smallest windows
 * (period, length, offset from `origin`) that hold every interval, or
 * `undefined` when the log is not sampled so:
 *
 * - at least 3 intervals (two gaps: a period is then seen twice);
 * - the period P: consecutive starts are k·P apart (k ≥ 1, a skipped window
 *   is k = 2), P = the total of the gaps over the total of the k, rounded to
 *   the log's `resolution`, with k = round(gap / smallest gap);
 * - each interval's start lies within the window's length of its k·P slot
 *   (the phase jitter of a real sampler, a second or two, is inside the window);
 * - the windows cover at most half the time (length ≤ P/2): otherwise it is
 *   not sampling, and the rate profile's zero steps say enough.
 */
export function detectObserveWindows(
  intervals: readonly ActiveInterval[],
  origin: number,
  resolution: number,
): ObserveWindows | undefined {
  if (intervals.length < 3) return undefined;
  const first = intervals[0]!.start;
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < intervals.length; i++)
    smallest = Math.min(smallest, intervals[i]!.start - intervals[i - 1]!.start);
  if (!(smallest > 0)) return undefined;
  let slots = 0;
  for (let i = 1; i < intervals.length; i++)
    slots += Math.round((intervals[i]!.start - intervals[i - 1]!.start) / smallest);
  const span = intervals[intervals.length - 1]!.start - first;
  const period = Math.round(span / slots / resolution) * resolution;
  if (!(period > 0)) return undefined;
  // Phases of the starts and ends against the slots k·P from the first start.
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const iv of intervals) {
    const slot = first + Math.round((iv.start - first) / period) * period;
    lowest = Math.min(lowest, iv.start - slot);
    highest = Math.max(highest, iv.end - slot);
  }
  const length = highest - lowest;
  if (!(length <= period / 2)) return undefined;
  const offset = first + lowest - origin;
  return {
    period,
    length: round(length),
    offset: round(offset - period * Math.floor(offset / period)),
  };
}

/** Times to the resolution's decimals (no 59.99999999 from float sums). */
function round(x: number): number {
  return Number(x.toFixed(6));
}

/**
 * The session rate of a sampled log: each window's sessions over the
 * window's length, holding from the previous window's end (t = 0 for the
 * first) to its own end, then 0. A window stands for its whole period: the
 * log saw a stationary stretch of traffic through it, so sessions arrive
 * before the window too and those still under way are seen in it, as the
 * log's are. With the mask (`observe`) the workload's request rate inside
 * the windows is then the log's exactly in expectation (for a stationary
 * stream, requests per second = sessions per second × requests per
 * session, however the window cuts them), where a rate only inside the
 * windows would lose every fitted session's part past the window's end.
 * `starts` in epoch seconds, any order; steps in seconds from `origin`.
 */
export function observedRateProfile(
  starts: readonly number[],
  intervals: readonly ActiveInterval[],
  windows: ObserveWindows,
  origin: number,
): { profile: "steps"; steps: { at: number; rate: number }[] } {
  const sorted = starts.slice().sort((a, b) => a - b);
  const steps: { at: number; rate: number }[] = [];
  let j = 0;
  let previousEnd = 0;
  for (let i = 0; i < intervals.length; i++) {
    const next = intervals[i + 1];
    let count = 0;
    while (j < sorted.length && (next === undefined || sorted[j]! < next.start)) {
      count++;
      j++;
    }
    // The window holding this interval, in seconds from origin.
    const at = intervals[i]!.start - origin;
    const k = Math.floor((at - windows.offset + windows.length) / windows.period);
    const end = round(windows.offset + k * windows.period + windows.length);
    const rate = Number((count / windows.length).toPrecision(4));
    const last = steps[steps.length - 1];
    if (last === undefined || last.rate !== rate) steps.push({ at: previousEnd, rate });
    previousEnd = Math.max(previousEnd, end);
  }
  steps.push({ at: previousEnd, rate: 0 });
  return { profile: "steps", steps };
}
