import { type CounterStreams, type Rng, shuffleInPlace } from "../../engine/index.js";
import type { CacheOrder } from "../../scenario/index.js";

/** Per-resolver state a cache-order policy may use (the resolver pool's typed arrays). */
export interface CacheOrderState {
  /** Answers given from the current cached record, per resolver (the rotation offset). */
  readonly rotation: Int32Array;
  /** Per-resolver random streams. */
  readonly draws: CounterStreams;
  /** Resolver r's stream as an Rng, for algorithms that take one (the shuffle). */
  rngOf(r: number): Rng;
}

/**
 * Writes resolver r's cached list `cached[base..base+len)` into `out` in the
 * order this answer gives it. Called on every cache hit: allocation-free.
 */
export type CacheOrderPolicy = (
  state: CacheOrderState,
  r: number,
  cached: Int32Array,
  base: number,
  len: number,
  out: Int32Array,
) => void;

/** Copies `cached[base..base+len)` into `out` rotated left by `off` (0 ≤ off < len). */
function copyRotated(
  cached: Int32Array,
  base: number,
  len: number,
  off: number,
  out: Int32Array,
): void {
  // Two runs instead of a modulo per record: [off, len) then [0, off).
  const head = len - off;
  for (let i = 0; i < head; i++) out[i] = cached[base + off + i]!;
  for (let i = head; i < len; i++) out[i] = cached[base + i - head]!;
}

/**
 * Resolver r's rotation offset for this answer, `rotation[r] % len`, and the
 * next one stored back already reduced (one compare per answer, not a
 * division: a seeded rotation may start at any count, reduced at its first use).
 */
function nextOffset(rotation: Int32Array, r: number, len: number): number {
  const count = rotation[r]!;
  const off = count < len ? count : count % len;
  rotation[r] = off + 1 === len ? 0 : off + 1;
  return off;
}

/** Rotates the cached list by one per answer (abc, bca, cab). */
export const rotateByOne: CacheOrderPolicy = (state, r, cached, base, len, out) => {
  copyRotated(cached, base, len, nextOffset(state.rotation, r, len), out);
};

/** dnsmasq: rotates by one per answer the other way, moving the last record to the front (abc, cab, bca). */
export const rotateLastToFront: CacheOrderPolicy = (state, r, cached, base, len, out) => {
  const off = nextOffset(state.rotation, r, len);
  copyRotated(cached, base, len, off === 0 ? 0 : len - off, out);
};

/** Unbound, Knot: rotates the cached list by a uniformly random offset per answer. */
export const rotateByRandomOffset: CacheOrderPolicy = (state, r, cached, base, len, out) => {
  copyRotated(cached, base, len, Math.floor(state.draws.next(r) * len), out);
};

/** A fresh uniformly random permutation of the cached list per answer. */
export const shuffleCached: CacheOrderPolicy = (state, r, cached, base, len, out) => {
  copyRotated(cached, base, len, 0, out);
  shuffleInPlace(state.rngOf(r), out, len);
};

/** Unbound with rrset-roundrobin: no, PowerDNS: the fetched order until expiry. */
export const frozenOrder: CacheOrderPolicy = (_state, _r, cached, base, len, out) => {
  copyRotated(cached, base, len, 0, out);
};

/** Every cache order a behaviour can name (`resolvers.behaviour`): adding one is adding a line here. */
export const CACHE_ORDER_POLICIES: Readonly<Record<CacheOrder, CacheOrderPolicy>> = {
  rotate: rotateByOne,
  "rotate-random": rotateByRandomOffset,
  shuffle: shuffleCached,
  frozen: frozenOrder,
};

/**
 * What each cache order looks like at a random moment of its cached record's
 * life (the steady-state start): the rotations are at a uniformly random
 * offset, a shuffle at a uniformly random permutation, a frozen list as fetched.
 */
export type StationaryOrder = "random-rotation" | "random-permutation" | "as-fetched";

export const STATIONARY_CACHE_ORDER: Readonly<Record<CacheOrder, StationaryOrder>> = {
  rotate: "random-rotation",
  "rotate-random": "random-rotation",
  shuffle: "random-permutation",
  frozen: "as-fetched",
};
