import { describe, expect, it } from "vitest";
import { validationTally } from "../../../../src/report/fit/tally.js";
import { validationOf, validationRow } from "../../../helpers.js";

const row = validationRow;

describe("validationTally: what the CLI's last line and the report's verdict count", () => {
  it("counts the rows that test something; a degenerate row is neither a pass nor a miss, a context row is left out", () => {
    const t = validationTally(
      validationOf([
        row("authoritative queries/s", true),
        row("resolver hit ratio (TTL 300 s; 0 by construction): log 0", false, {
          degenerate: true,
        }),
        row(
          "requests per hour, the level: the total over 84 hours, log − fitted, -6.5 s.d.",
          false,
        ),
        row("spill: context", false, { extra: true }),
        row("sessions per client", true),
      ]),
    );
    expect(t).toEqual({
      counted: 3,
      passed: 2,
      degenerate: 1,
      misses: ["requests per hour, the level: the total over 84 hours, log − fitted, -6.5 s.d."],
    });
  });
});
