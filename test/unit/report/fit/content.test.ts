import { describe, expect, it } from "vitest";
import { revisitSection } from "../../../../src/report/fit/content.js";
import type { FitReportRevisit } from "../../../../src/report/fit/types.js";

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
