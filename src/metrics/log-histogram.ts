/**
 * Fixed log-bucket histograms of durations (HDR-style): `subBuckets` linear
 * buckets per octave from `min` seconds up, one bucket below `min`, one
 * above the last octave. A value's bucket is found in O(1) and the memory is
 * fixed, so response times are streamed, never kept per request. A quantile
 * is read as its bucket's midpoint: relative error at most 1 / (2 · subBuckets).
 */
export class LogBuckets {
  readonly size: number;
  private readonly scale: number;

  constructor(
    readonly min: number,
    readonly subBuckets: number,
    readonly octaves: number,
  ) {
    this.size = octaves * subBuckets + 2;
    this.scale = 1 / min;
  }

  /** The bucket of a value in seconds. */
  index(value: number): number {
    const x = value * this.scale;
    if (!(x >= 1)) return 0;
    const e = Math.floor(Math.log2(x));
    if (e >= this.octaves) return this.size - 1;
    // Linear within the octave: x / 2^e lies in [1, 2).
    const sub = Math.floor((x / 2 ** e - 1) * this.subBuckets);
    return 1 + e * this.subBuckets + (sub < this.subBuckets ? sub : this.subBuckets - 1);
  }

  /** A representative value of bucket i: its midpoint (the edges for the two open-ended ones). */
  value(i: number): number {
    if (i <= 0) return this.min / 2;
    if (i >= this.size - 1) return this.min * 2 ** this.octaves;
    const k = i - 1;
    const e = Math.floor(k / this.subBuckets);
    const sub = k - e * this.subBuckets;
    return this.min * 2 ** e * (1 + (sub + 0.5) / this.subBuckets);
  }

  /**
   * The q-quantile of the counts at counts[offset .. offset + size): the
   * value of the first bucket at which the cumulative count reaches q of the
   * total; null when the histogram is empty.
   */
  quantile(counts: ArrayLike<number>, offset: number, q: number): number | null {
    let total = 0;
    for (let i = 0; i < this.size; i++) total += counts[offset + i]!;
    if (total === 0) return null;
    let seen = 0;
    const target = q * total;
    for (let i = 0; i < this.size; i++) {
      seen += counts[offset + i]!;
      if (seen >= target && seen > 0) return this.value(i);
    }
    return this.value(this.size - 1);
  }
}

/** Whole-run response times: 64 buckets per octave (±0.8%) from 1 µs to about 13 days. */
export const FINE_BUCKETS = new LogBuckets(1e-6, 64, 40);

/** Per-window response times: 8 buckets per octave (±6%) from 0.1 ms to about 29 minutes. */
export const WINDOW_BUCKETS = new LogBuckets(1e-4, 8, 24);
