import { describe, expect, it } from "vitest";
import type { Results } from "../../../src/metrics/index.js";
import { terminalSafe } from "../../../src/report/terminal-text.js";
import { textSummary } from "../../../src/report/text-summary.js";
import { results } from "./fixtures.js";

const base = results();

describe("textSummary", () => {
  it("names both delay means: per delayed visit and over all visits", () => {
    const r: Results = {
      ...base,
      totals: { ...base.totals, visits: 718_879 },
      delay: {
        connectTimeout: 21,
        delayedVisits: 34_279,
        meanSeconds: 1.00137,
        p99Seconds: 21,
        maxSeconds: 42,
        meanDelayedSeconds: 21.0004,
      },
    };
    expect(textSummary(r)).toContain(
      "connect-timeout delay: 34,279 visits delayed (4.8%), 21.0 s each on average; over all visits mean 1.001 s, p99 21 s, max 42 s\n",
    );
  });

  it("says how many windows were partial, and says nothing when none was", () => {
    const line = (r: Results): string =>
      textSummary(r)
        .split("\n")
        .find((l) => l.startsWith("balance (per"))!;
    const w = base.balance.window;
    expect(line(base)).toMatch(new RegExp(`^balance \\(per 30 s window, mean of ${w.windows}\\):`));
    const partial = { ...base, balance: { ...base.balance, window: { ...w, partialWindows: 1 } } };
    expect(line(partial)).toMatch(/mean of \d+ \+ 1 partial, weighted by length\):/);
  });

  it("formats numbers the same whatever the locale (no toLocaleString)", () => {
    const big = { ...base, totals: { ...base.totals, visits: 1_234_567 } };
    expect(textSummary(big)).toMatch(/^visits 1,234,567 {2}/m);
  });

  it("strips terminal control characters from scenario text and addresses", () => {
    const evil = "\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\r\u009b1A\u0008";
    const r: Results = {
      ...base,
      scenario: `small${evil}`,
      description: `A description${evil} that goes on`,
      servers: base.servers.map((s, i) => (i === 0 ? { ...s, address: `10.0.0.2${evil}` } : s)),
    };
    const text = textSummary(r);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the test.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain("small]0;pwned[2J[31mred1A");
  });
});

describe("terminalSafe", () => {
  it("removes C0 and C1 controls and turns tabs and newlines into spaces", () => {
    expect(terminalSafe("a\tb\nc\u001bd\u0085e\u007ff")).toBe("a b cdef");
    expect(terminalSafe("plain text, ünïcødé · –")).toBe("plain text, ünïcødé · –");
  });
});
