import { describe, expect, it } from "vitest";
import { nextInput, SortedLogInput } from "../../../src/logs/index.js";
import { clf } from "../../trace-helpers.js";

const MAY17 = Date.UTC(2015, 4, 17, 10, 5, 3) / 1000;

describe("sorted inputs", () => {
  it("merges sorted inputs stably: equal times keep input order", () => {
    const a = new SortedLogInput("clf", 5);
    const b = new SortedLogInput("clf", 5);
    a.feed([clf("a1", MAY17 + 2), clf("a2", MAY17 + 1), clf("a3", MAY17 + 3)]);
    b.feed([clf("b1", MAY17 + 1), "oops", clf("b2", MAY17 + 3)]);
    a.end();
    b.end();
    const merged: string[] = [];
    for (let i = nextInput([a, b]); i >= 0; i = nextInput([a, b]))
      merged.push([a, b][i]!.shift().split(" ")[0]!);
    expect(merged).toEqual(["a2", "b1", "a1", "a3", "b2"]);
    expect(b.parser.malformed).toBe(1);
  });
});
