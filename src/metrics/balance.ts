/** Balance indices of a load vector (one entry per server). Pure functions. */

export interface BalanceIndices {
  /** Busiest server's load over the mean load (1 = perfect). */
  readonly maxOverMean: number;
  /** Coefficient of variation: population standard deviation over the mean (0 = perfect). */
  readonly cov: number;
  /** Jain's fairness index (Σx)² / (n·Σx²), from 1/n (one server has it all) to 1 (perfect). */
  readonly jain: number;
}

/**
 * Balance of `loads[offset .. offset+n)`; null when there is no load at all.
 * With `members` (same indexing), a server counts only if it is a member
 * (members[offset + i] ≠ 0) or carries load: a pool run's server that is not
 * in the DNS answer yet is not idle capacity, but one still carrying load is
 * part of the imbalance.
 */
export function balanceOf(
  loads: ArrayLike<number>,
  n: number,
  offset = 0,
  members?: ArrayLike<number>,
): BalanceIndices | null {
  let sum = 0;
  let sumSq = 0;
  let max = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const x = loads[offset + i]!;
    if (members && !members[offset + i] && !(x > 0)) continue;
    counted++;
    sum += x;
    sumSq += x * x;
    if (x > max) max = x;
  }
  if (!(sum > 0)) return null;
  const mean = sum / counted;
  const variance = Math.max(0, sumSq / counted - mean * mean);
  return {
    maxOverMean: max / mean,
    cov: Math.sqrt(variance) / mean,
    jain: (sum * sum) / (counted * sumSq),
  };
}
