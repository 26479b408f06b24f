import { describe, expect, it } from "vitest";
import { DEFAULT_FIT_OPTIONS, fitLog } from "../../../src/fit/index.js";
import {
  cdfChart,
  fitCharts,
  fitReportHtml,
  fitReportMarkdown,
  type Validation,
} from "../../../src/report/index.js";
import { clfLine, rng, T0 } from "./helpers.js";

async function smallFit() {
  const u = rng("report");
  const lines: string[] = [];
  let t = T0;
  for (let k = 0; k < 300; k++) {
    t += 1 + Math.floor(u() * 60);
    const host = `10.2.0.${k % 10}`;
    lines.push(clfLine(host, t, "/<page>"));
    if (u() < 0.5) lines.push(clfLine(host, t + 1, "/a.png"));
  }
  return fitLog(() => [lines], { ...DEFAULT_FIT_OPTIONS, heavyShare: 0.5, file: "small<&>.log" });
}

const validation: Validation = {
  replications: 5,
  rows: [
    {
      metric: "authoritative queries/s",
      trace: 1,
      fitted: 1.2,
      standardError: 0.01,
      tolerance: "±15%",
      pass: false,
    },
  ],
  notes: ["a note"],
};

describe("fit report", () => {
  it("one CDF chart per fitted law, named by class and law; none for a constant sample", async () => {
    const fit = await smallFit();
    const charts = fitCharts(fit);
    expect(charts.map((c) => c.name)).toContain("clients-think-time");
    expect(charts.every((c) => c.name.startsWith("clients-"))).toBe(true);
    const constant = { ...fit.classes[0]!.pages, chosen: undefined, values: [1] };
    expect(cdfChart("clients", "pages", constant)).toBeNull();
    const spec = charts[0]!.spec as { data: { values: { series: string }[] } };
    const series = new Set(spec.data.values.map((v) => v.series));
    expect(series.has("log (empirical)")).toBe(true);
    expect([...series].filter((s) => s.endsWith("(chosen)"))).toHaveLength(1);
  });

  it("Markdown: rules, classes, every candidate with CIs, the validation table; HTML escapes the log's name", async () => {
    const fit = await smallFit();
    const charts = fitCharts(fit);
    const md = fitReportMarkdown(fit, charts, validation);
    expect(md).toContain("## Reconstruction rules");
    expect(md).toMatch(/\| clients \| pages per session \|/);
    expect(md).toMatch(/\[\d/); // intervals
    expect(md).toContain("| authoritative queries/s | 1 | 1.2 ± 0.01 | +20% | ±15% | **no** |");
    for (const c of charts) expect(md).toContain(`(charts/${c.name}.png)`);
    const html = fitReportHtml(fit, charts, new Map([[charts[0]!.name, "<svg/>"]]), validation);
    expect(html).toContain("small&lt;&amp;&gt;.log");
    expect(html).not.toContain("small<&>.log");
    expect(html).toContain("<strong>no</strong>");
    expect(html).toContain("data:image/svg+xml");
    expect(html).toContain("Chart not rendered");
  });

  it("heavy sessions: a section per class that has them, light and heavy side by side (objects, and gaps when fitted); none without", async () => {
    const fit = await smallFit();
    expect(fitReportMarkdown(fit, [])).not.toContain("## Heavy sessions");
    const c = fit.classes[0]!;
    const lognormal = (median: number) => ({ dist: "lognormal", median, sigma: 1.13, max: 10000 });
    const heavy = {
      weight: 0.0289,
      light: lognormal(0.43),
      heavy: lognormal(4.98),
      gain: 411,
      mean: 0.9,
      ratio: 11.5,
    };
    const withHeavy = (h: typeof heavy & { gap?: unknown }) => ({
      ...fit,
      classes: [{ ...c, heavy: h }, ...fit.classes.slice(1)],
    });
    const md = fitReportMarkdown(withHeavy(heavy) as typeof fit, []);
    expect(md).toContain(`## Heavy sessions (${c.name})`);
    expect(md).toContain("| share of sessions | 0.971 | 0.0289 |");
    expect(md).toContain(
      "| objects per page | lognormal median 0.43, sigma 1.13 | lognormal median 4.98, sigma 1.13 |",
    );
    expect(md).not.toMatch(/^\| object gap \(s\) \|/m);
    const gap = { light: lognormal(2.78), heavy: lognormal(1.06), ratio: 0.38, shape: 1.05 };
    const both = fitReportMarkdown(withHeavy({ ...heavy, gap }) as typeof fit, []);
    expect(both).toContain(
      "| object gap (s) | lognormal median 2.78, sigma 1.13 | lognormal median 1.06, sigma 1.13 |",
    );
  });

  it("a class that draws another's laws (one-shot visitors) is shown once: its laws, charts and KS tally are the population's", async () => {
    const fit = await smallFit();
    const population = fit.classes[0]!;
    const alone = fitReportMarkdown(fit, fitCharts(fit), validation);
    const withVisitors = {
      ...fit,
      classes: [...fit.classes, { ...population, name: "visitors", lawsOf: population.name }],
    };
    const charts = fitCharts(withVisitors);
    expect(charts.map((c) => c.name)).toEqual(fitCharts(fit).map((c) => c.name));
    const md = fitReportMarkdown(withVisitors, charts, validation);
    // The classes table lists the visitors; no table of laws repeats them.
    expect(md).toMatch(/\| visitors \| \d/);
    expect(md).not.toMatch(
      /\| visitors \| (pages per session|objects per page|think time|object gap)/,
    );
    expect(md).toContain(
      "The visitors class draws the laws of clients: they are listed once, under clients.",
    );
    expect(md).toContain(
      "and one-shot visitors (the visitors class), who draw the same laws and come once.",
    );
    // The verdict's KS tally counts each law once, as without the visitors.
    const tally = (text: string) =>
      text.match(/(\d+) of (\d+) tested laws pass the KS test/)?.slice(1);
    expect(tally(md)).toEqual(tally(alone));
    expect(tally(md)).toBeDefined();
  });

  it("on a sampled log the method says how a window's fragments are read: as starts or continuations (default), as starts with --no-fragments", async () => {
    const fit = await smallFit();
    const sampled = (fragments: boolean) =>
      fitReportMarkdown(
        {
          ...fit,
          observe: { period: 3600, length: 60, offset: 0 },
          options: { ...fit.options, censor: true, fragments },
        },
        [],
      );
    expect(sampled(true)).toMatch(
      /read as a session's start or as the continuation of one under way/,
    );
    expect(sampled(true)).not.toMatch(/is not modelled/);
    expect(sampled(false)).toMatch(
      /Every fragment is read as a session's start \(--no-fragments\)/,
    );
  });
});
