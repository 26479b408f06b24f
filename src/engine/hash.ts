/**
 * The integer hashes behind every derived seed and counter-based stream. Two
 * finalisers live here on purpose: `mix32` drives the engine's streams and
 * `fmix32` the published replication seeds; changing either would change
 * results users have already recorded, so both are pinned by tests.
 */

/**
 * The xor-shift-multiply finaliser both hashes are: x ^= x >>> 16, x *= m1,
 * x ^= x >>> shift, x *= m2, x ^= x >>> 16 (32-bit, unsigned result).
 */
function xorShiftMultiply(value: number, m1: number, shift: number, m2: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, m1);
  x ^= x >>> shift;
  x = Math.imul(x, m2);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A 32-bit integer hash with good avalanche (Wellons' "lowbias32"). */
export function mix32(value: number): number {
  return xorShiftMultiply(value, 0x7feb352d, 15, 0x846ca68b);
}

/** MurmurHash3's 32-bit finaliser. */
export function fmix32(x: number): number {
  return xorShiftMultiply(x, 0x85ebca6b, 13, 0xc2b2ae35);
}

/** Hashes a string to 32 bits (FNV-1a, then mixed). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}
