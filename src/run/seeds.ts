import { fmix32 } from "../engine/index.js";

/**
 * Seeds of replications. Replication r's seed depends on the base seed and r
 * only, never on the grid point, so every point of a sweep sees the same
 * random numbers (common random numbers) and differences between points are
 * the parameters' doing, not noise.
 *
 * Replication 0 is the base seed itself, so a replicated run's first
 * replication is exactly `rrdns run --seed <base>`; later ones are hashed,
 * so the replications of seed 1 and seed 2 do not overlap.
 */
export function replicationSeed(base: number, r: number): number {
  if (!Number.isSafeInteger(base) || base < 0) throw new RangeError(`bad base seed ${base}`);
  if (!Number.isSafeInteger(r) || r < 0) throw new RangeError(`bad replication ${r}`);
  if (r === 0) return base;
  const lo = base >>> 0;
  const hi = Math.floor(base / 2 ** 32) >>> 0;
  let h = fmix32(lo ^ 0x9e3779b9);
  h = fmix32(h ^ Math.imul(hi, 0x85ebca6b));
  h = fmix32(h ^ Math.imul(r, 0xc2b2ae35));
  return h >>> 0;
}

/** The seeds of replications 0..n-1. */
export function replicationSeeds(base: number, n: number): number[] {
  return Array.from({ length: n }, (_, r) => replicationSeed(base, r));
}
