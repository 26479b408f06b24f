import { describe, expect, it } from "vitest";
import { drawCoverage } from "../../../../src/model/sessions/pre-roll.js";
import type { SessionSpec } from "../../../../src/scenario/index.js";

type SessionClass = SessionSpec["classes"][number];

/** A class of `pages` pages, exponential think times of mean 1 s, no objects: a span is a sum of pages − 1 exponentials. */
function pagesOnly(name: string, pages: number): SessionClass {
  return {
    name,
    clients: 10,
    skew: 0,
    rate: 1,
    pages,
    thinkTime: { dist: "exponential", mean: 1 },
    objects: 0,
    objectGap: 1,
    resolver: "own",
  } as SessionClass;
}

describe("session coverage: the sample of spans it is drawn from", () => {
  it("draws 20,000 sessions of a short-session class, and 1,000 when a session is thousands of draws", () => {
    expect(drawCoverage(pagesOnly("short", 20)).sessions).toBe(20_000);
    expect(drawCoverage(pagesOnly("short", 100)).sessions).toBe(20_000);
    // 4,000 draws a session: the 4 M draws are spent at the 1,000-session minimum.
    expect(drawCoverage(pagesOnly("long", 2000)).sessions).toBe(1000);
  });

  it("fixes a long session's coverage from the smaller sample within its sampling error", () => {
    // S = the sum of 1,999 Exp(1): about Normal(1999, 44.7²). The coverage P solves
    // E[(S − P)+] = 0.05·E[S], σ·(φ(z) − z·(1 − Φ(z))) = 99.95 at P = 1999 + σz: z ≈ −2.231 (normal approximation; the gamma sum is a little skewed).
    const { seconds } = drawCoverage(pagesOnly("long", 2000));
    const sigma = Math.sqrt(1999);
    // The estimate's s.e. from 1,000 spans is about σ/√1000·1.05 ≈ 1.5 s: 6 s is 4 s.e.
    expect(Math.abs(seconds - (1999 - 2.231 * sigma))).toBeLessThan(6);
  });
});
