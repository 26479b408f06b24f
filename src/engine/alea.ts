/**
 * Johannes Baagøe's Alea generator (2010, MIT licence), ported as an ES
 * module so the core bundles for the browser without CommonJS interop.
 * It reproduces seedrandom 3.0.5's `alea(seed)` draw for draw (pinned by
 * test/unit/engine/alea.test.ts), so every published run keeps its numbers.
 */

/** 2^-32. */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** Baagøe's Mash hash: folds strings into a running 32-bit state, returns a fraction in [0, 1). */
function mash(): (data: string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    return (n >>> 0) * TWO_POW_MINUS_32;
  };
}

/** Alea's state: three fractions and a carry. */
interface AleaState {
  s0: number;
  s1: number;
  s2: number;
  c: number;
}

/** A uniform generator on [0, 1) with 32 bits of resolution, seeded by a string. */
export function alea(seed: string): () => number {
  const hash = mash();
  const blank = [hash(" "), hash(" "), hash(" ")] as const;
  const fold = (x: number): number => {
    const y = x - hash(seed);
    return y < 0 ? y + 1 : y;
  };
  // The state lives in one object of fixed shape: V8 keeps its fields
  // unboxed, which measured faster than closed-over variables.
  const me: AleaState = { s0: 0, s1: 0, s2: 0, c: 1 };
  me.s0 = fold(blank[0]);
  me.s1 = fold(blank[1]);
  me.s2 = fold(blank[2]);
  return () => {
    const t = 2091639 * me.s0 + me.c * TWO_POW_MINUS_32;
    me.s0 = me.s1;
    me.s1 = me.s2;
    me.c = t | 0;
    me.s2 = t - me.c;
    return me.s2;
  };
}
