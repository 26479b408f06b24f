/**
 * The integer hashes behind every derived seed and counter-based stream. Two
 * finalisers live here on purpose: `mix32` drives the engine's streams and
 * `fmix32` the published replication seeds; changing either would change
 * results users have already recorded, so both are pinned by tests.
 */

/** A 32-bit integer hash with good avalanche (Wellons' "lowbias32"). */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** MurmurHash3's 32-bit finaliser. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a string to 32 bits (FNV-1a, then mixed). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}
