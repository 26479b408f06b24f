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
 *   is k = 2, k = round(gap / smallest gap)); P is the median of gap / k,
 *   rounded to the log's `resolution` (a median: a start logged a few
 *   seconds late moves neither P nor, so, the later windows);
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
  // Each gap over its number of periods; the median, so one jittered start cannot bias it.
  const perSlot: number[] = [];
  for (let i = 1; i < intervals.length; i++) {
    const gap = intervals[i]!.start - intervals[i - 1]!.start;
    perSlot.push(gap / Math.round(gap / smallest));
  }
  perSlot.sort((a, b) => a - b);
  const median = perSlot[Math.floor((perSlot.length - 1) / 2)]!;
  const period = Math.round(median / resolution) * resolution;
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
 * The session rate of a sampled log: each window's sessions N over the
 * time a session can start and still be seen, holding from the previous
 * window's end (t = 0 for the first) to its own end, then 0. A window
 * stands for its whole period (the log saw a stretch of stationary traffic
 * through it), so sessions arrive before the window too, and a session
 * that started before it and is still under way is seen in it, as the
 * log's are. A session with span S (first to last request) whose every gap
 * is shorter than the window's length L is seen iff it starts within
 * [−S, L) of the window's start: for a stationary stream at rate λ the log
 * sees λ(L + E[S]) sessions per window, so λ = N / (L + E[S]), with E[S]
 * of the fitted laws (`meanSpan`). (Every fitted gap is below L: the laws
 * are truncated at the largest gap seen, and a gap seen inside a window is
 * shorter than it.) N / L instead would count each session under way at a
 * window's start twice, once in the log's N and again in the run.
 * `starts` in epoch seconds, any order; steps in seconds from `origin`.
 */
export function observedRateProfile(
  starts: readonly number[],
  intervals: readonly ActiveInterval[],
  windows: ObserveWindows,
  origin: number,
  /** E[S]: mean seconds from a session's first request to its last, under the fitted laws. */
  meanSpan: number,
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
    const rate = Number((count / (windows.length + meanSpan)).toPrecision(4));
    const last = steps[steps.length - 1];
    if (last === undefined || last.rate !== rate) steps.push({ at: previousEnd, rate });
    previousEnd = Math.max(previousEnd, end);
  }
  steps.push({ at: previousEnd, rate: 0 });
  return { profile: "steps", steps };
}
