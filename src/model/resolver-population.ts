import { type RandomStreams, shuffleInPlace, zipfWeights } from "../engine/index.js";
import type { Scenario } from "../scenario/index.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "./resolver-behaviours.js";
import { type ResolverKinds, resolverKindsOf } from "./resolvers.js";

/** Client shares of the resolvers: explicit weights, or Zipf(count, skew). */
export function resolverWeights(s: Scenario): Float64Array {
  const explicit = s.resolvers.weights;
  if (explicit) {
    const sum = explicit.reduce((a, b) => a + b, 0);
    return Float64Array.from(explicit, (w) => w / sum);
  }
  return zipfWeights(s.resolvers.count, s.resolvers.skew);
}

/**
 * Assigns a behaviour to each resolver. A mix is split into exact counts
 * (largest remainder) and dealt out by a seeded shuffle, so which resolvers
 * (big or small) get which behaviour is random but reproducible.
 */
export function assignBehaviours(
  s: Scenario,
  count: number,
  streams: RandomStreams,
): ResolverKinds {
  const spec = s.resolvers.behaviour;
  if (typeof spec === "string")
    return { kinds: [RESOLVER_BEHAVIOUR_REGISTRY[spec]], of: new Uint8Array(count) };
  const counts = largestRemainder(
    spec.map((b) => b.share),
    count,
  );
  const labels = new Int32Array(count);
  let k = 0;
  counts.forEach((c, i) => {
    for (let j = 0; j < c; j++) labels[k++] = i;
  });
  shuffleInPlace(streams.stream("resolver-behaviour"), labels);
  // A behaviour the mix names twice is one kind (the mix may have up to 1,000 entries; the registry a few).
  const entries = resolverKindsOf(spec.map((b) => RESOLVER_BEHAVIOUR_REGISTRY[b.behaviour]));
  const of = new Uint8Array(count);
  for (let r = 0; r < count; r++) of[r] = entries.of[labels[r]!]!;
  return { kinds: entries.kinds, of };
}

/** Extra lifetime per resolver: a seeded random subset of the given share keeps records longer. */
export function violatorExtraLifetime(
  s: Scenario,
  count: number,
  streams: RandomStreams,
): Float64Array {
  const extra = new Float64Array(count);
  const v = s.resolvers.violators;
  if (!v || v.share === 0 || v.extra === 0) return extra;
  const order = Int32Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(streams.stream("violators"), order);
  const n = Math.round(v.share * count);
  for (let i = 0; i < n; i++) extra[order[i]!] = v.extra;
  return extra;
}

/** Splits `total` into integer counts proportional to `shares`, summing exactly to `total`. */
export function largestRemainder(shares: readonly number[], total: number): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const raw = shares.map((s) => (s / sum) * total);
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = raw
    .map((r, i) => ({ i, rem: r - Math.floor(r) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return counts;
}
