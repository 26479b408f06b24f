/**
 * How much of the measured period each time bin covers. Bins are fixed
 * (b·w to (b+1)·w from t = 0), so the bin that straddles the end of the
 * warm-up, and the last bin when the duration is not a multiple of the
 * width, cover less than a full window: a 1 s sliver. Its counts are a
 * 1-second sample, so its balance indices are far noisier than a full
 * window's, and its rate is not its count over the full width.
 *
 * The rules built on this: rates use the seconds a bin really covers; means
 * over windows weight each by the fraction of a window it covers (a full one
 * weighs exactly 1, so runs without slivers are unchanged to the last bit);
 * extremes (the worst window, the peak rate) are taken over full windows
 * only, unless no window is full (a run shorter than one window).
 */

/** Seconds of bin `b` (of width `binSeconds`) that fall in the measured period [warmup, duration). */
export function coveredSeconds(
  b: number,
  binSeconds: number,
  warmup: number,
  duration: number,
): number {
  const from = Math.max(b * binSeconds, warmup);
  const to = Math.min((b + 1) * binSeconds, duration);
  return to > from ? to - from : 0;
}

/** Per bin: the weight of a window in means, 1 when it is full, its covered fraction otherwise. */
export function binWeights(
  binCount: number,
  binSeconds: number,
  warmup: number,
  duration: number,
): Float64Array {
  const weights = new Float64Array(binCount);
  for (let b = 0; b < binCount; b++) {
    const covered = coveredSeconds(b, binSeconds, warmup, duration);
    // A relative tolerance: (b + 1)·w − b·w is not exactly w in floating point.
    weights[b] = covered >= binSeconds * (1 - 1e-9) ? 1 : covered / binSeconds;
  }
  return weights;
}

/** Whether any bin is a full window (weight exactly 1). */
export function hasFullBin(weights: Float64Array): boolean {
  return weights.includes(1);
}
