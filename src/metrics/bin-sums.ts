/**
 * Totals summed from per-bin counts once, when read, in place of running
 * totals incremented per event (Recorder, QueueStats): integer counts, so
 * the sums are exact in any order.
 */

/** Per server, the sum of a per-bin series (index bin * servers + server) over its bins. */
export function perServerSums(bins: Float64Array, servers: number): Float64Array {
  const sums = new Float64Array(servers);
  for (let i = 0; i < bins.length; i++) sums[i % servers]! += bins[i]!;
  return sums;
}

/** The sum of every value. */
export function sumOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}
