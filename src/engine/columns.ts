/** A typed array of any of the kinds the heaps and tables keep their columns in. */
type Column = Float64Array | Int32Array | Uint8Array;

/**
 * The column `a` with room for `length` values (twice its length unless
 * said), its values first: a heap or a table that outgrew its room grows
 * each column this way, rarely (doubling), so its hot path never allocates.
 */
export function grownColumn<A extends Column>(a: A, length = a.length * 2): A {
  const grown = new (a.constructor as new (length: number) => A)(length);
  grown.set(a);
  return grown;
}
