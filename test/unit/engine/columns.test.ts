import { describe, expect, it } from "vitest";
import { grownColumn } from "../../../src/engine/columns.js";

describe("grownColumn: a heap's or table's column with more room", () => {
  it("keeps the kind and the values first, the rest zeros; twice the length unless told", () => {
    const f = Float64Array.of(1.5, -2, Number.NaN);
    const g = grownColumn(f);
    expect(g).toBeInstanceOf(Float64Array);
    expect(Array.from(g)).toEqual([1.5, -2, Number.NaN, 0, 0, 0]);
    const i = grownColumn(Int32Array.of(-7, 9), 5);
    expect(i).toBeInstanceOf(Int32Array);
    expect(Array.from(i)).toEqual([-7, 9, 0, 0, 0]);
    const u = grownColumn(Uint8Array.of(255));
    expect(u).toBeInstanceOf(Uint8Array);
    expect(Array.from(u)).toEqual([255, 0]);
  });

  it("copies: the old column is left as it was", () => {
    const old = Int32Array.of(1, 2);
    const grown = grownColumn(old);
    grown[0] = 42;
    expect(Array.from(old)).toEqual([1, 2]);
  });
});
