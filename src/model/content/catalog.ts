import { AliasTable, type Rng, zipfWeights } from "../../engine/index.js";

/** Object sizes: fixed bytes, or lognormal with the given median (e^mu) and sigma. */
export type SizeSpec =
  | number
  | { readonly dist: "lognormal"; readonly median: number; readonly sigma: number };

/**
 * A synthetic site's objects (for workloads without log lines): sizes drawn
 * once at the start, popularity Zipf (object i requested ∝ 1/i^s, the
 * first the most popular). Memory O(objects).
 */
export class Catalog {
  readonly sizes: Float64Array;
  private readonly popularity: AliasTable;

  constructor(count: number, size: SizeSpec, exponent: number, sizeRng: Rng) {
    this.sizes = new Float64Array(count);
    for (let i = 0; i < count; i++) this.sizes[i] = drawSize(size, sizeRng);
    this.popularity = new AliasTable(zipfWeights(count, exponent));
  }

  get count(): number {
    return this.sizes.length;
  }

  /** An object index drawn by popularity. */
  draw(rng: Rng): number {
    return this.popularity.sample(rng);
  }
}

function drawSize(size: SizeSpec, rng: Rng): number {
  if (typeof size === "number") return size;
  // Box–Muller: one standard normal from two uniforms (1 - u in (0, 1]).
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.max(1, Math.round(size.median * Math.exp(size.sigma * z)));
}
