import { describe, expect, it } from "vitest";
import { reportHtml } from "../../../src/report/html.js";
import { overridesLine, overrideText } from "../../../src/report/overrides-text.js";
import { textSummary } from "../../../src/report/text-summary.js";
import { results, XSS } from "./fixtures.js";

const runtime = { vega: "", vegaLite: "", vegaEmbed: "" };
const base = results();
const overridden = {
  ...base,
  overrides: [
    { field: "dns.ttl", value: 300, file: 60 },
    { field: "dns.healthCheck.interval", value: 5 },
  ],
};

describe("a run's overrides in its header", () => {
  it("writes each as field = value (file: value)", () => {
    expect(overrideText({ field: "dns.ttl", value: 300, file: 60 })).toBe(
      "dns.ttl = 300 (file: 60)",
    );
    expect(overrideText({ field: "x", value: "frozen", file: { a: 1 } })).toBe(
      'x = frozen (file: {"a":1})',
    );
    expect(overrideText({ field: "dns.healthCheck.interval", value: 5 })).toBe(
      "dns.healthCheck.interval = 5 (not set in the file)",
    );
    expect(overridesLine(undefined)).toBe("");
    expect(overridesLine([])).toBe("");
  });

  it("lists them under the terminal summary's first line, and not at all without any", () => {
    const lines = textSummary(overridden).split("\n");
    expect(lines[1]).toBe(
      "overrides: dns.ttl = 300 (file: 60), dns.healthCheck.interval = 5 (not set in the file)",
    );
    expect(textSummary(base)).not.toContain("overrides:");
  });

  it("lists them in the page's header, escaped, and leaves a page without them as it was", () => {
    const page = reportHtml(overridden, [], runtime);
    const header = page.slice(page.indexOf("<header>"), page.indexOf("</header>"));
    expect(header).toContain("<b>dns.ttl = 300 (file: 60)</b>");
    expect(reportHtml(base, [], runtime)).not.toContain('class="overrides"');
    const hostile = reportHtml(
      { ...base, overrides: [{ field: "dns.ttl", value: XSS }] },
      [],
      runtime,
    );
    expect(hostile).not.toContain(XSS);
  });
});
