import { describe, expect, it } from "vitest";
import {
  commonPrefixLength,
  ipv4ToInt,
  sortByPrefix,
} from "../../../src/model/address-selection.js";

describe("small helpers", () => {
  it("RFC 6724 rule 9: longest common prefix first, stable otherwise", () => {
    const own = ipv4ToInt("10.8.0.77");
    const prefixes = Int32Array.from(["10.8.0.1", "10.8.0.66", "10.8.0.130"], (a) =>
      commonPrefixLength(own, ipv4ToInt(a)),
    );
    expect(Array.from(prefixes)).toEqual([25, 28, 24]);
    const answer = Int32Array.from([2, 0, 1]);
    sortByPrefix(answer, 3, prefixes);
    expect(Array.from(answer)).toEqual([1, 0, 2]);
  });
});
