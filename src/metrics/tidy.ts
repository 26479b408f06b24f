/**
 * Rounds to 9 significant digits, so results.json (and sweep outputs) are
 * readable and stable across platforms. −0 becomes 0: a −0 would print as
 * "0" in JSON but as "-0" through some formatters and compares unequal under
 * Object.is, so the two helpers this replaces disagreed on it. NaN and ±∞
 * pass through (callers turn them into null where a result needs a number).
 */
export function tidy(x: number): number {
  if (x === 0) return 0;
  // An integer of at most 9 digits is its own rounding (counts, bin starts:
  // results hold hundreds of thousands of them); toPrecision is slow.
  if (Number.isInteger(x) && x < 1e9 && x > -1e9) return x;
  if (!Number.isFinite(x)) return x;
  return Number(x.toPrecision(9));
}
