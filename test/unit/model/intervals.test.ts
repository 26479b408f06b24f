import { describe, expect, it } from "vitest";
import { IntervalSet, mergeIntervals } from "../../../src/model/intervals.js";

describe("small helpers", () => {
  it("merges overlapping intervals and looks up by time", () => {
    const merged = mergeIntervals([
      { start: 5, end: 10, tag: 1 },
      { start: 0, end: 6, tag: 0 },
      { start: 20, end: 30, tag: 2 },
    ]);
    expect(merged).toEqual([
      { start: 0, end: 10, tag: 0 },
      { start: 20, end: 30, tag: 2 },
    ]);
    const set = new IntervalSet(merged);
    expect([
      set.indexAt(-1),
      set.indexAt(0),
      set.indexAt(9.9),
      set.indexAt(10),
      set.indexAt(25),
      set.indexAt(30),
    ]).toEqual([-1, 0, 0, -1, 1, -1]);
    expect(set.indexAt(3)).toBe(0);
  });
});
