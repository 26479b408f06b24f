import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../../src/engine/index.js";
import { Catalog } from "../../../../src/model/index.js";

describe("browser cache and synthetic objects", () => {
  it("lognormal sizes have the stated median", () => {
    const catalog = new Catalog(
      20001,
      { dist: "lognormal", median: 8000, sigma: 1.2 },
      1,
      new RandomStreams(3).stream("content-sizes"),
    );
    const sorted = [...catalog.sizes].sort((a, b) => a - b);
    // The sample median of N lognormals: ln-median within 4 × 1.2533 σ/√N.
    const se = (1.2533 * 1.2) / Math.sqrt(20001);
    expect(Math.abs(Math.log(sorted[10000]! / 8000))).toBeLessThan(4 * se);
  });
});
