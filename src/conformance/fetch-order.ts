import { rotationOffset } from "./order-pattern.js";
import { chiSquareUniform, UNIFORM_ALPHA } from "./stats.js";
import type { FetchOrderAnalysis } from "./types.js";

/** Share of fetches that must keep the upstream order to call it kept. */
const KEPT_SHARE = 0.9;

/**
 * What a resolver does to the upstream order in the answer that fetched:
 * each fetch answer is compared with the authority's fixed order. Keeping
 * it (dnsmasq, unbound-no-rr), a random rotation of it (Unbound, Knot) and
 * a fresh permutation (PowerDNS) differ: a rotation is never a
 * non-rotation, while a uniform permutation of n addresses is a rotation
 * with probability n / n! (1 in 6 for four).
 */
export function analyseFetchOrders(
  upstream: readonly string[],
  fetched: readonly (readonly string[])[],
): FetchOrderAnalysis {
  const n = upstream.length;
  const offsets = new Array<number>(n).fill(0);
  let nonRotations = 0;
  const firsts = new Map<string, number>(upstream.map((a) => [a, 0]));
  let fetches = 0;
  for (const a of fetched) {
    if (a.length !== n || a[0] === undefined) continue;
    fetches++;
    firsts.set(a[0], (firsts.get(a[0]) ?? 0) + 1);
    const k = rotationOffset(upstream, a);
    if (k < 0) nonRotations++;
    else offsets[k]!++;
  }
  const sortedShares = [...firsts.values()]
    .map((c) => c / Math.max(1, fetches))
    .sort((x, y) => y - x);
  const base = { fetches, sortedShares };
  if (fetches < 5 || n < 2) return { ...base, pattern: "other", confidence: "too few fetches" };
  let permutations = 1;
  for (let i = 2; i <= n; i++) permutations *= i;
  const q = n / permutations;
  if (nonRotations / fetches > (1 - q) / 2) {
    return {
      ...base,
      pattern: "permutation",
      confidence: `${nonRotations} of ${fetches} fetches were no rotation of the upstream order (a permutation gives ${pct(1 - q)}, a rotation 0%)`,
    };
  }
  if (offsets[0]! >= KEPT_SHARE * fetches) {
    return {
      ...base,
      pattern: "upstream",
      confidence: `${offsets[0]} of ${fetches} fetches kept the upstream order; a random rotation would with p ≈ 1e${Math.round(-offsets[0]! * Math.log10(n))}`,
    };
  }
  const chi = chiSquareUniform(offsets);
  if (nonRotations / fetches < 0.05 && chi.p >= UNIFORM_ALPHA) {
    return {
      ...base,
      pattern: "rotation",
      confidence: `${fetches - nonRotations} of ${fetches} fetches were rotations, offsets ${offsets.join("/")} uniform (χ² p = ${chi.p.toFixed(2)})`,
    };
  }
  return {
    ...base,
    pattern: "other",
    confidence: `offsets ${offsets.join("/")}, ${nonRotations} non-rotations (χ² p = ${chi.p.toExponential(1)})`,
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}
