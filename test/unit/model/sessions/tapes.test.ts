import { beforeEach, describe, expect, it } from "vitest";
import { RandomStreams } from "../../../../src/engine/index.js";
import { CountDraw, DurationDraw } from "../../../../src/model/sessions/draws.js";
import { clearTapes, tapedCount, tapedDuration } from "../../../../src/model/sessions/tapes.js";
import type { CountDistribution, DurationDistribution } from "../../../../src/scenario/index.js";

const PARETO: DurationDistribution = { dist: "pareto", alpha: 0.6, min: 4, max: 1800 };
const LOGNORMAL: CountDistribution = { dist: "lognormal", median: 2, sigma: 1, max: 50 };

const take = (d: { draw(): number }, n: number) => Array.from({ length: n }, () => d.draw());

describe("tapes: a law's draws on its own stream, drawn once and read back", () => {
  beforeEach(() => clearTapes());

  it("a taped duration reads exactly what the law draws from its stream", () => {
    const fresh = new DurationDraw(PARETO, new RandomStreams(7).stream("think"));
    expect(take(tapedDuration(7, "think", PARETO), 3000)).toEqual(take(fresh, 3000));
  });

  it("a taped count reads exactly what the law draws from its stream, minimum included", () => {
    const fresh = new CountDraw(LOGNORMAL, 1, new RandomStreams(7).stream("pages"));
    expect(take(tapedCount(7, "pages", LOGNORMAL, 1), 3000)).toEqual(take(fresh, 3000));
  });

  it("every reader starts at the tape's start; a longer reader extends it for the next", () => {
    const first = take(tapedDuration(3, "gap", PARETO), 500);
    const longer = take(tapedDuration(3, "gap", PARETO), 2500);
    const again = take(tapedDuration(3, "gap", PARETO), 2500);
    expect(longer.slice(0, 500)).toEqual(first);
    expect(again).toEqual(longer);
    clearTapes();
    expect(take(tapedDuration(3, "gap", PARETO), 2500)).toEqual(longer);
  });

  it("keys apart: another seed, stream, law or minimum is another tape", () => {
    const base = take(tapedCount(3, "pages", LOGNORMAL, 1), 50);
    expect(take(tapedCount(4, "pages", LOGNORMAL, 1), 50)).not.toEqual(base);
    expect(take(tapedCount(3, "objects", LOGNORMAL, 1), 50)).not.toEqual(base);
    expect(take(tapedCount(3, "pages", { ...LOGNORMAL, median: 3 }, 1), 50)).not.toEqual(base);
    expect(take(tapedCount(3, "pages", LOGNORMAL, 0), 50)).not.toEqual(base);
  });
});
