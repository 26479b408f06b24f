/**
 * Follows each server outage at fine resolution: how many connection attempts
 * the dead address still received, against how many it would have had at its
 * fair share (every request arriving during the outage / N). Drain time is
 * read from these two series.
 */
export class OutageTracker {
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
   * `threshold` of its fair share for the rest of the outage (measured on the
   * remainder, so a lone late straggler does not undo a drain). Null when it
   * never drained before the outage ended.
   */
  drainSeconds(outage: number, threshold = 0.01): number | null {
    const base = this.baseline[outage]!;
    const dead = this.deadAttempts[outage]!;
    let baseTail = 0;
    let deadTail = 0;
    let drainedFrom = base.length;
    for (let b = base.length - 1; b >= 0; b--) {
      baseTail += base[b]!;
      deadTail += dead[b]!;
      if (deadTail <= threshold * baseTail) drainedFrom = b;
    }
    if (drainedFrom >= base.length) return null;
    return drainedFrom * this.resolution[outage]!;
  }
}
