import { describe, expect, it } from "vitest";
import { validationText } from "../../../../src/cli/commands/fit.js";
import { validationOf, validationRow } from "../../../helpers.js";

const row = validationRow;

describe("rrdns fit --validate's table on the terminal", () => {
  it("marks each row ok, MISS or n/a and ends with the tally", () => {
    const text = validationText(
      validationOf([
        row("authoritative queries/s", true),
        row("resolver hit ratio (0 by construction)", false, { degenerate: true }),
        row("requests per hour, the level: -6.5 s.d.", false, { tolerance: "±3 s.d." }),
      ]),
    );
    expect(text.split("\n")).toEqual([
      "validation over 3 replications:",
      "  ok   authoritative queries/s: log 0.01021, fit 0.009618 ± 0.00017 (±15%)",
      "  n/a  resolver hit ratio (0 by construction): log 0.01021, fit 0.009618 ± 0.00017 (±15%)",
      "  MISS requests per hour, the level: -6.5 s.d.: log 0.01021, fit 0.009618 ± 0.00017 (±3 s.d.)",
      "1 of 2 rows within tolerance (1 n/a); 1 MISS above",
      "",
    ]);
  });

  it("says so when every row passes", () => {
    const text = validationText(validationOf([row("a", true), row("b", true)], 20));
    expect(text.endsWith("\nevery row within tolerance: 2 of 2\n")).toBe(true);
  });
});
