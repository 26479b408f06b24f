/**
 * Totals summed from per-bin (or per-slot) counts once, when read, in place
 * of running totals incremented per event (Recorder, QueueStats): integer
 * counts, so the sums are exact in any order.
 */

/** Per server, the sum of a per-bin series (index bin * servers + server) over its bins. */
export function perServerSums(bins: Float64Array, servers: number): Float64Array {
  const sums = new Float64Array(servers);
  for (let i = 0; i < bins.length; i++) sums[i % servers]! += bins[i]!;
  return sums;
}

/** Per row, the sum of its values: `rows` rows of equal length, one after another. */
export function rowSums(values: Float64Array, rows: number): Float64Array {
  const sums = new Float64Array(rows);
  const width = values.length / rows;
  for (let i = 0; i < values.length; i++) sums[Math.floor(i / width)]! += values[i]!;
  return sums;
}

/** The sum of every value. */
export function sumOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}
