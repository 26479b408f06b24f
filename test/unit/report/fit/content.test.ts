import { describe, expect, it } from "vitest";
import { revisitSection, rulesText } from "../../../../src/report/fit/content.js";
import type { FitReportFit, FitReportRevisit } from "../../../../src/report/fit/types.js";

/** A return-visit fit as the report reads it (curves of two lags). */
const curve = { returned: [30, 20], atRisk: [200, 180] };
const REVISIT: FitReportRevisit = {
  probability: 0.98,
  gap: 900,
  probabilityRange: [0.95, 0.98],
  gapRange: [600, 1200],
  distance: 1.2,
  fittedLags: 2,
  distanceWithout: 80,
  log: curve,
  fitted: curve,
  without: curve,
  hostsLog: 100,
  hostsFitted: 90,
};

describe("the return visits' section", () => {
  const text = (r: FitReportRevisit) => revisitSection("clients", r).paragraphs.join("\n");

  it("says where the fit meets the grid's limits, the estimate apart from its 95% set, and reads them as bounds", () => {
    const shown = text({
      ...REVISIT,
      edges: [
        { limit: "the largest revisit probability (0.98)", estimate: true },
        { limit: "the longest mean gap (3,600 s)", estimate: false },
      ],
    });
    expect(shown).toContain(
      "**At the grid's edge**: the estimate is the largest revisit probability (0.98); the 95% set reaches the longest mean gap (3,600 s).",
    );
    expect(shown).toContain("as a bound, not a value");
  });

  it("says nothing of the grid's edges inside it (no edges, or a fit written before they were kept)", () => {
    expect(text({ ...REVISIT, edges: [] })).not.toContain("grid's edge");
    expect(text(REVISIT)).not.toContain("grid's edge");
  });
});

describe("the censored fit's method", () => {
  /** The little of a fit the rules' text reads: a sampled log, the censored fit, with or without fragments. */
  const fitted = (fragments: boolean) =>
    ({
      options: {
        rules: { sessionGap: 1800, embedGap: 5, extensions: false },
        heavyShare: 0.02,
        idleGap: 600,
        rateBin: 3600,
        censor: true,
        fragments,
      },
      classes: [],
      observe: { period: 3600, length: 60, offset: 0 },
    }) as unknown as FitReportFit;

  it("says how the ascent stops: to no change or a two-round cycle with fragments, three rounds without", () => {
    const withFragments = rulesText(fitted(true)).join("\n");
    expect(withFragments).toContain(
      "until a round changes no written law, or two rounds alternate and the likelier is kept (at least three rounds)",
    );
    expect(withFragments).not.toContain("three rounds from the uncensored fit");
    expect(rulesText(fitted(false)).join("\n")).toContain("three rounds from the uncensored fit");
  });
});
