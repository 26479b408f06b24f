import { RandomStreams } from "../../../src/engine/index.js";
import { Authoritative } from "../../../src/model/authoritative.js";
import { IntervalSet } from "../../../src/model/intervals.js";

/* An authority of three addresses, and its answers as letters: shared by the authority's and the resolvers' tests. */

export const letters = (out: Int32Array, len: number): string =>
  Array.from(out.subarray(0, len), (i) => "abcdefgh"[i]).join("");
export const never = new IntervalSet([]);

export function authoritative(
  order: "cyclic" | "random" | "fixed" | "cname",
  withdrawn: IntervalSet[] = [],
) {
  const n = 3;
  const sets = withdrawn.length ? withdrawn : [never, never, never];
  return new Authoritative(
    n,
    order,
    new RandomStreams(1).stream("auth"),
    sets,
    withdrawn.length > 0,
  );
}
