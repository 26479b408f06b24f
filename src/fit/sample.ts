/**
 * A sample kept as distinct values with their counts: memory O(distinct
 * values), not O(observations). Log timestamps have one-second resolution,
 * so a day's think times or object gaps take a few thousand distinct values
 * at most; fractional times (TSV/CSV) are kept to the millisecond.
 */
export class Sample {
  private readonly counts = new Map<number, number>();
  n = 0;
  sum = 0;
  /** Every value added was an integer (then values are read as one-second bins). */
  integral = true;

  add(x: number): void {
    const v = Number.isInteger(x) ? x : Math.round(x * 1000) / 1000;
    if (!Number.isInteger(v)) this.integral = false;
    this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
    this.n++;
    this.sum += v;
  }

  get mean(): number {
    return this.n === 0 ? Number.NaN : this.sum / this.n;
  }

  /** Distinct values in ascending order with their counts. */
  entries(): { values: number[]; counts: number[] } {
    const values = [...this.counts.keys()].sort((a, b) => a - b);
    return { values, counts: values.map((v) => this.counts.get(v)!) };
  }

  /** The q-quantile (0 ≤ q ≤ 1) of the empirical distribution (lower value at ties). */
  quantile(q: number): number {
    const { values, counts } = this.entries();
    const target = q * this.n;
    let seen = 0;
    for (let i = 0; i < values.length; i++) {
      seen += counts[i]!;
      if (seen >= target) return values[i]!;
    }
    return values[values.length - 1] ?? Number.NaN;
  }

  get max(): number {
    let m = Number.NEGATIVE_INFINITY;
    for (const v of this.counts.keys()) if (v > m) m = v;
    return m;
  }
}
