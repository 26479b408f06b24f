import { describe, expect, it } from "vitest";
import { escapeHtml, inlineScript, jsonForScript } from "../../../src/report/html/escape.js";
import { reportHtml } from "../../../src/report/html.js";
import { browserRuntime } from "../../../src/report/render/index.js";
import { charts } from "../../../src/report/specs/index.js";
import { hostile, results, SMALL_SCENARIO, XSS } from "./fixtures.js";

const runtime = browserRuntime();

/** The bodies of the page's <script> elements, as an HTML parser would cut them. */
function scripts(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script/gi)].map((m) => m[1]!);
}

/** The page with its script bodies cut out: the markup and styles we wrote. */
function markup(html: string): string {
  return html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script)/gi, "$1$2");
}

describe("escaping", () => {
  it("escapes text for elements and attributes", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });

  it("embeds JSON that cannot end or confuse its script element, and parses back the same", () => {
    const value = { a: "</script><script>alert(1)</script>", b: "<!-- x -->", c: "&amp;\u2028" };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it("defuses </script and <!-- inside inlined code without changing what it means", () => {
    const code = `var a = "</script>", b = /<!--/u, c = \`<!--\`; window.out = a + b.test("<!--") + c;`;
    const safe = inlineScript(code);
    expect(safe).not.toMatch(/<\/script|<!--/i);
    const out: { out?: string } = {};
    new Function("window", safe)(out);
    expect(out.out).toBe("</script>true<!--");
  });
});

describe("reportHtml", () => {
  const r = results();
  const html = reportHtml(r, charts(r, { interactive: true }), runtime);

  it("is one self-contained page: runtimes inlined, nothing fetched", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    const page = markup(html);
    expect(page).not.toMatch(/<script[^>]+src=/i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/@import|url\(|https?:/i);
    expect(html).toContain("Content-Security-Policy");
    expect(html).toContain(runtime.vega.slice(0, 200));
    expect(html).toContain(runtime.vegaLite.slice(0, 200));
    expect(html).toContain(runtime.vegaEmbed.slice(0, 200));
    expect(scripts(html)).toHaveLength(5); // chart data, vega, vega-lite, vega-embed, boot
  });

  it("has the header, summary, a container and caption per chart, and the scenario", () => {
    expect(html).toContain("<h1>small</h1>");
    expect(html).toContain("Three servers, one of them down for a while");
    for (const c of charts(r)) {
      expect(html).toContain(`id="chart-${c.name}"`);
      expect(html).toContain(escapeHtml(c.explain));
    }
    expect(html).toContain("10.0.0.3");
    expect(html).toContain("healthCheck:");
    expect(html).toContain("seed <b>3</b>");
  });

  it("embeds the chart specs so that they parse back unchanged", () => {
    const data = scripts(html)[0]!;
    expect(JSON.parse(data)).toEqual(
      charts(r, { interactive: true }).map((c) => ({ name: c.name, spec: c.spec })),
    );
  });

  it("is the same bytes for the same results", () => {
    expect(reportHtml(r, charts(r, { interactive: true }), runtime)).toBe(html);
  });

  it("never lets scenario text become markup or script", () => {
    const evil = hostile(r);
    const page = reportHtml(evil, charts(evil, { interactive: true }), runtime);
    expect(page).not.toContain("<script>alert(1)");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // Still exactly our five scripts, and the data still parses to the hostile text.
    const bodies = scripts(page);
    expect(bodies).toHaveLength(5);
    const data = JSON.parse(bodies[0]!) as { spec: unknown }[];
    expect(JSON.stringify(data)).toContain(XSS);
  });
});

describe("a lesson's claim and 'try this' list on its report", () => {
  const withLesson = SMALL_SCENARIO.replace(
    "duration: 900\n",
    `duration: 900
lesson:
  claim: A <dead> server's visitors move to the others within one TTL.
  try:
    - change: { dns.ttl: 300 }
      look: The failed attempts go on five times as long.
      watch: { metric: failedAttempts, goes: up }
    - change: { dns.order: fixed, clients.selection: first }
      look: Every visit goes to the first server.
      watch: { metric: busiestShare, goes: up }
`,
  );

  it("opens with the plain claim, then each change as the command that runs it", () => {
    const r = results(withLesson);
    const html = reportHtml(r, charts(r, { interactive: true }), runtime);
    const lesson = html.indexOf('data-role="lesson"');
    expect(lesson).toBeGreaterThan(html.indexOf('data-role="headline"'));
    expect(lesson).toBeLessThan(html.indexOf('id="summary-title"'));
    expect(html).toContain(
      '<b id="lesson-title">The lesson.</b> A &lt;dead&gt; server&#39;s visitors move to the others within one TTL.',
    );
    expect(html).toContain(
      "<li><code>rrdns run small --set dns.ttl=300</code>: The failed attempts go on five times as long.</li>",
    );
    expect(html).toContain(
      "<code>rrdns run small --set dns.order=fixed --set clients.selection=first</code>",
    );
  });

  it("has no lesson section for a scenario without one, or a results file whose lesson is malformed", () => {
    const r = results();
    expect(reportHtml(r, [], runtime)).not.toContain('data-role="lesson"');
    const odd = { ...r, scenarioSpec: { lesson: { claim: 3, try: "x" } } };
    expect(reportHtml(odd, [], runtime)).not.toContain('data-role="lesson"');
  });
});
