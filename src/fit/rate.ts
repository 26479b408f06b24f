/**
 * The session rate over time as a `steps` profile. A log may have silent
 * stretches (a sampled log keeps one minute an hour; a site may be down):
 * the log's **active intervals** are the maximal stretches in which no two
 * consecutive requests (of any host) are `idleGap` seconds or more apart,
 * each extended by the time resolution at its end. Inside an active interval the
 * rate is piecewise constant per `bin` seconds (default an hour; an interval
 * shorter than a bin is one step); outside it is 0. A log that is one
 * interval shorter than a bin gets a constant rate.
 */

export interface ActiveInterval {
  /** Epoch seconds. */
  readonly start: number;
  readonly end: number;
}

/** Tracks the active intervals of a time-ordered stream of requests: O(intervals) memory. */
export class ActivityTracker {
  readonly intervals: ActiveInterval[] = [];
  private start = Number.NaN;
  private last = Number.NaN;

  constructor(
    private readonly idleGap: number,
    private readonly resolution: number,
  ) {}

  request(t: number): void {
    if (Number.isNaN(this.start)) this.start = t;
    else if (t - this.last >= this.idleGap) {
      this.intervals.push({ start: this.start, end: this.last + this.resolution });
      this.start = t;
    }
    this.last = t;
  }

  finish(): ActiveInterval[] {
    if (!Number.isNaN(this.start)) {
      this.intervals.push({ start: this.start, end: this.last + this.resolution });
      this.start = Number.NaN;
    }
    return this.intervals;
  }
}

export interface RateStep {
  /** Seconds after the scenario's t = 0. */
  readonly at: number;
  readonly rate: number;
}

/** The bins (sub-intervals of at most `bin` seconds) the rate is constant over. */
export function rateBins(intervals: readonly ActiveInterval[], bin: number): ActiveInterval[] {
  const bins: ActiveInterval[] = [];
  for (const iv of intervals) {
    for (let s = iv.start; s < iv.end; s += bin)
      bins.push({ start: s, end: Math.min(iv.end, s + bin) });
  }
  return bins;
}

/**
 * Session starts (epoch seconds, in any order) → a steps profile over
 * `bins`, time 0 at `origin`: each bin's rate is its sessions over its
 * length; a gap between bins is a step to 0. Returns a plain number when
 * there is one bin covering the whole run.
 *
 * `firstSpan` E[S] > 0: the run starts in steady state (a quiet pre-roll),
 * as the log does: its first bin also shows the sessions under way at its
 * start, λ·E[S] of them (Little's law), each counted there by its first
 * request, so that bin's N estimates λ·(B + E[S]), not λ·B.
 */
export function rateProfile(
  starts: readonly number[],
  bins: readonly ActiveInterval[],
  origin: number,
  firstSpan = 0,
): number | { profile: "steps"; steps: RateStep[] } {
  const counts = new Array<number>(bins.length).fill(0);
  const sorted = starts.slice().sort((a, b) => a - b);
  let b = 0;
  for (const t of sorted) {
    while (b < bins.length - 1 && t >= bins[b]!.end) b++;
    counts[b]!++;
  }
  const round = (x: number) => Number(x.toPrecision(4));
  const exposure = (i: number) => bins[i]!.end - bins[i]!.start + (i === 0 ? firstSpan : 0);
  if (bins.length === 1) return round(counts[0]! / exposure(0));
  const steps: RateStep[] = [];
  bins.forEach((bin, i) => {
    const at = bin.start - origin;
    const rate = round(counts[i]! / exposure(i));
    const previous = steps[steps.length - 1];
    if (previous !== undefined && previous.at === at) steps[steps.length - 1] = { at, rate };
    else if (previous?.rate !== rate) steps.push({ at, rate });
    const next = bins[i + 1];
    if (next === undefined || next.start > bin.end) steps.push({ at: bin.end - origin, rate: 0 });
  });
  return { profile: "steps", steps };
}
