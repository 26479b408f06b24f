/**
 * A sorted set of disjoint half-open intervals [start, end), each tagged with
 * an integer (e.g. the failure it belongs to). Lookups are by time and cache
 * the last answer's validity window, because simulated time mostly moves
 * forward: the common query costs two comparisons.
 */
export class IntervalSet {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly tags: Int32Array;
  private validFrom = Number.NEGATIVE_INFINITY;
  private validUntil = Number.NEGATIVE_INFINITY;
  private cachedIndex = -1;

  /** `intervals` must be sorted by start and disjoint (see `mergeIntervals`). */
  constructor(intervals: readonly { start: number; end: number; tag: number }[]) {
    const n = intervals.length;
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    this.tags = new Int32Array(n);
    intervals.forEach((iv, i) => {
      this.starts[i] = iv.start;
      this.ends[i] = iv.end;
      this.tags[i] = iv.tag;
    });
  }

  get length(): number {
    return this.starts.length;
  }

  /** Index of the interval containing t, or -1. */
  indexAt(t: number): number {
    if (t >= this.validFrom && t < this.validUntil) return this.cachedIndex;
    const n = this.starts.length;
    // Binary search for the last interval with start <= t.
    let lo = 0;
    let hi = n - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found >= 0 && t < this.ends[found]!) {
      this.validFrom = this.starts[found]!;
      this.validUntil = this.ends[found]!;
      this.cachedIndex = found;
      return found;
    }
    // Outside every interval: valid from the previous end to the next start.
    this.validFrom = found >= 0 ? this.ends[found]! : Number.NEGATIVE_INFINITY;
    this.validUntil = found + 1 < n ? this.starts[found + 1]! : Number.POSITIVE_INFINITY;
    this.cachedIndex = -1;
    return -1;
  }

  contains(t: number): boolean {
    return this.indexAt(t) >= 0;
  }
}

export interface TaggedInterval {
  start: number;
  end: number;
  tag: number;
}

/** Sorts and merges overlapping or touching intervals; a merged one keeps the earliest tag. */
export function mergeIntervals(intervals: readonly TaggedInterval[]): TaggedInterval[] {
  const sorted = [...intervals]
    .filter((iv) => iv.end > iv.start)
    .sort((a, b) => a.start - b.start || a.tag - b.tag);
  const out: TaggedInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else out.push({ ...iv });
  }
  return out;
}
