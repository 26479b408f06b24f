/**
 * A streamed histogram of delays (seconds) with fixed logarithmic buckets:
 * O(1) memory and no allocation per observation. Each bucket keeps its count
 * and the largest value it received, and a quantile is read as that largest
 * value, so it is exact whenever a bucket holds a single delay value (the
 * model's delays take a handful of values: 0, a round trip, timeout ×
 * attempts) and otherwise within one bucket (a factor 10^(1/20) ≈ 1.12).
 * Zero delays (cache hits, most lookups) need not be added one by one: pass
 * the total number of observations to `mean` and `quantile`, and every one
 * not added counts as a 0.
 */
export class DelayHistogram {
  /** Bucket 0: delays of 0; bucket b ≥ 1: [FLOOR·10^((b−1)/PER_DECADE), FLOOR·10^(b/PER_DECADE)). */
  static readonly FLOOR = 1e-6;
  static readonly PER_DECADE = 20;
  /** 1 µs to 10^7 s (about 4 months) and above, in the last bucket. */
  static readonly BUCKETS = 1 + 13 * DelayHistogram.PER_DECADE;

  readonly counts = new Float64Array(DelayHistogram.BUCKETS);
  readonly maxima = new Float64Array(DelayHistogram.BUCKETS);
  count = 0;
  sum = 0;
  max = 0;

  add(seconds: number): void {
    this.count++;
    if (!(seconds > 0)) {
      this.counts[0]!++;
      return;
    }
    this.sum += seconds;
    if (seconds > this.max) this.max = seconds;
    const b = DelayHistogram.bucketOf(seconds);
    this.counts[b]!++;
    if (seconds > this.maxima[b]!) this.maxima[b] = seconds;
  }

  static bucketOf(seconds: number): number {
    if (seconds < DelayHistogram.FLOOR) return 1;
    const b =
      1 + Math.floor(Math.log10(seconds / DelayHistogram.FLOOR) * DelayHistogram.PER_DECADE);
    return b < DelayHistogram.BUCKETS ? b : DelayHistogram.BUCKETS - 1;
  }

  /** Mean delay over `total` observations (default: those added), seconds. */
  mean(total = this.count): number {
    return total > 0 ? this.sum / total : 0;
  }

  /**
   * The q-quantile (0 < q ≤ 1) over `total` observations (default: those
   * added; the rest count as 0): the largest delay in the bucket where the
   * mass reaches q.
   */
  quantile(q: number, total = this.count): number {
    if (total === 0) return 0;
    let seen = total - this.count;
    if (seen >= q * total) return 0;
    for (let b = 0; b < this.counts.length; b++) {
      seen += this.counts[b]!;
      if (seen >= q * total) return this.maxima[b]!;
    }
    return this.max;
  }
}
