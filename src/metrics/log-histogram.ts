/**
 * Fixed log-bucket histograms of durations (HDR-style): `subBuckets` linear
 * buckets per octave from `min` seconds up, one bucket below `min`, one
 * above the last octave. A value's bucket is found in O(1) and the memory is
 * fixed, so response times are streamed, never kept per request. A quantile
 * is read as its bucket's midpoint: relative error at most 1 / (2 · subBuckets).
 */
// One float's bits, read as two 32-bit words (little-endian: [1] holds sign, exponent, top mantissa).
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
/** Word order of a float on this machine: the bit trick below reads the high word. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

export class LogBuckets {
  readonly size: number;
  private readonly scale: number;
  private readonly subBits: number;

  constructor(
    readonly min: number,
    readonly subBuckets: number,
    readonly octaves: number,
  ) {
    this.size = octaves * subBuckets + 2;
    this.scale = 1 / min;
    this.subBits = Math.log2(subBuckets);
    if (!Number.isInteger(this.subBits) || this.subBits > 20)
      throw new RangeError("subBuckets must be a power of two, at most 2^20");
  }

  /** The bucket of a value in seconds. */
  index(value: number): number {
    const x = value * this.scale;
    if (!(x >= 1)) return 0;
    // The octave is the float's binary exponent and the linear sub-bucket its
    // leading mantissa bits (as HDR histograms do): exact, and no log per value.
    float[0] = x;
    const high = words[HIGH]!;
    const e = ((high >>> 20) & 0x7ff) - 1023;
    if (e >= this.octaves) return this.size - 1;
    const sub = (high >>> (20 - this.subBits)) & (this.subBuckets - 1);
    return 1 + e * this.subBuckets + sub;
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
   * Half the width of the bucket a value falls in, seconds: how far a
   * quantile read as that bucket's midpoint can be from the value the
   * histogram was fed. Below `min` the bucket is [0, min); the open top
   * bucket is given its lower neighbour's width (it is never reached in
   * practice: about 13 days for the fine histogram).
   */
  halfWidth(value: number): number {
    const i = this.index(value);
    if (i <= 0) return this.min / 2;
    const k = Math.min(i, this.size - 2) - 1;
    const e = Math.floor(k / this.subBuckets);
    return (this.min * 2 ** e) / (2 * this.subBuckets);
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
