import type { OutageRecording } from "./recording.js";

/**
 * Follows each server outage at fine resolution: how many connection attempts
 * the dead address still received, against how many it would have had at its
 * fair share (every request arriving during the outage / N). Drain time is
 * read from these two series.
 */
export class OutageTracker implements OutageRecording {
  readonly resolution: Float64Array;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Fair-share baseline and attempts at the dead address, per outage, per fine bin. */
  readonly baseline: Float64Array[];
  readonly deadAttempts: Float64Array[];
  readonly failedAttempts: Float64Array;
  readonly failedVisits: Float64Array;
  private readonly active: Int32Array;
  private activeCount = 0;

  constructor(
    outages: readonly { start: number; end: number }[],
    horizon: number,
    private readonly serverCount: number,
    maxBins = 20000,
  ) {
    const k = outages.length;
    this.resolution = new Float64Array(k);
    this.starts = new Float64Array(k);
    this.ends = new Float64Array(k);
    this.baseline = [];
    this.deadAttempts = [];
    this.failedAttempts = new Float64Array(k);
    this.failedVisits = new Float64Array(k);
    this.active = new Int32Array(Math.max(1, k));
    outages.forEach((o, i) => {
      const end = Math.min(o.end, horizon);
      const span = Math.max(end - o.start, 1e-9);
      const resolution = Math.max(1, span / maxBins);
      const bins = Math.max(1, Math.ceil(span / resolution));
      this.resolution[i] = resolution;
      this.starts[i] = o.start;
      this.ends[i] = end;
      this.baseline.push(new Float64Array(bins));
      this.deadAttempts.push(new Float64Array(bins));
    });
  }

  get activeOutages(): number {
    return this.activeCount;
  }

  begin(outage: number): void {
    this.active[this.activeCount++] = outage;
  }

  end(outage: number): void {
    for (let i = 0; i < this.activeCount; i++) {
      if (this.active[i] === outage) {
        this.active[i] = this.active[--this.activeCount]!;
        return;
      }
    }
  }

  /** Requests arriving at t count towards every active outage's fair-share baseline. */
  requestsArrived(t: number, count: number): void {
    const share = count / this.serverCount;
    for (let i = 0; i < this.activeCount; i++) {
      const o = this.active[i]!;
      const series = this.baseline[o]!;
      series[this.fineBin(o, t, series.length)]! += share;
    }
  }

  deadAttempt(outage: number, t: number): void {
    const series = this.deadAttempts[outage]!;
    series[this.fineBin(outage, t, series.length)]!++;
    this.failedAttempts[outage]!++;
  }

  visitFailed(outage: number): void {
    this.failedVisits[outage]!++;
  }

  private fineBin(outage: number, t: number, length: number): number {
    const b = Math.floor((t - this.starts[outage]!) / this.resolution[outage]!);
    return b < 0 ? 0 : b >= length ? length - 1 : b;
  }

  /**
   * Seconds from the outage's start until the dead address receives less than
   * `threshold` of its fair share: the end of the last window (of about
   * `windowSeconds`) in which it still got at least that much. 0 when it never
   * did (an instant withdrawal with nothing cached); null when it still did in
   * the outage's final window, i.e. it never drained while the outage lasted.
   */
  drainSeconds(outage: number, windowSeconds: number, threshold = 0.01): number | null {
    const base = this.baseline[outage]!;
    const dead = this.deadAttempts[outage]!;
    const resolution = this.resolution[outage]!;
    const perWindow = Math.max(1, Math.round(windowSeconds / resolution));
    const windows = Math.ceil(base.length / perWindow);
    let lastBusy = -1;
    for (let w = 0; w < windows; w++) {
      let b = 0;
      let d = 0;
      const end = Math.min(base.length, (w + 1) * perWindow);
      for (let i = w * perWindow; i < end; i++) {
        b += base[i]!;
        d += dead[i]!;
      }
      if (d > 0 && d >= threshold * b) lastBusy = w;
    }
    if (lastBusy < 0) return 0;
    if (lastBusy === windows - 1) return null;
    return Math.min(
      (lastBusy + 1) * perWindow * resolution,
      this.ends[outage]! - this.starts[outage]!,
    );
  }
}
