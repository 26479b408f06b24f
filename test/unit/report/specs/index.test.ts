import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import type { Results } from "../../../../src/metrics/index.js";
import { type Chart, charts, type VegaLiteSpec } from "../../../../src/report/specs/index.js";
import { serverPalette } from "../../../../src/report/specs/theme.js";
import { MAX_POINTS } from "../../../../src/report/specs/time.js";
import { CALM_SCENARIO, results, stretched } from "../fixtures.js";

const small = results();
const calm = results(CALM_SCENARIO);

/** Every object in a spec, depth first. */
function* objects(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) yield* objects(v);
  else if (value !== null && typeof value === "object") {
    yield value as Record<string, unknown>;
    for (const v of Object.values(value)) yield* objects(v);
  }
}

/** The x and y encodings of every layer. */
function positionEncodings(spec: VegaLiteSpec, channel: "x" | "y"): Record<string, unknown>[] {
  return [...objects(spec)]
    .map((o) => (o.encoding as Record<string, unknown> | undefined)?.[channel])
    .filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null);
}

function byName(list: Chart[], name: string): Chart {
  const chart = list.find((c) => c.name === name);
  if (!chart) throw new Error(`no chart ${name}`);
  return chart;
}

function subtitle(chart: Chart): string {
  return ((chart.spec.title as { subtitle: string[] }).subtitle ?? []).join(" ");
}

/** vega-lite's warnings for a spec (conflicting scales, dropped legends...). */
function compileWarnings(spec: VegaLiteSpec): string[] {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...m: unknown[]) => {
      warnings.push(`error: ${m.join(" ")}`);
      return logger;
    },
    warn: (...m: unknown[]) => {
      warnings.push(m.join(" "));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  compile(spec as unknown as TopLevelSpec, { logger: logger as never });
  return warnings;
}

describe("chart specs", () => {
  it("are a pure function of the results: same results, same JSON", () => {
    expect(JSON.stringify(charts(small))).toBe(JSON.stringify(charts(results())));
    expect(JSON.stringify(charts(small, { interactive: true }))).toBe(
      JSON.stringify(charts(small, { interactive: true })),
    );
  });

  it("name six charts with unique file-safe names", () => {
    const names = charts(small).map((c) => c.name);
    expect(names).toEqual([
      "served",
      "shares",
      "failures",
      "balance",
      "authoritative",
      "hit-ratio",
    ]);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z-]*$/);
  });

  it("have a title, a caption, and axis titles that carry their unit", () => {
    for (const chart of charts(small)) {
      const title = chart.spec.title as { text: string; subtitle: string[] };
      expect(title.text.length, chart.name).toBeGreaterThan(5);
      expect(subtitle(chart).length, chart.name).toBeGreaterThan(20);
      expect(chart.explain.length, chart.name).toBeGreaterThan(40);
      for (const channel of ["x", "y"] as const) {
        const titled = positionEncodings(chart.spec, channel)
          .map((e) => e.title)
          .filter((t) => t !== undefined && t !== null)
          .map((t) => (Array.isArray(t) ? t.join(" ") : String(t)));
        if (chart.name === "shares" && channel === "y") continue; // server names, no unit
        expect(titled.length, `${chart.name} ${channel}`).toBeGreaterThan(0);
        for (const t of titled) expect(t, `${chart.name} ${channel}`).toMatch(/\(.+\)/);
      }
    }
  });

  it("give each server the same colour in every chart", () => {
    const addresses = small.servers.map((s) => s.address);
    const palette = serverPalette(addresses.length);
    let scales = 0;
    for (const chart of charts(small, { interactive: true }))
      for (const o of objects(chart.spec)) {
        if (o.field !== "server" || typeof o.scale !== "object" || o.scale === null) continue;
        expect(o.scale, chart.name).toEqual({ domain: addresses, range: palette });
        scales++;
      }
    expect(scales).toBe(3); // served, shares, failures (outage shading carries its colour in its data)
  });

  it("put a tooltip on the marks, and hover rules only when interactive", () => {
    const tooltips = (c: Chart) => [...objects(c.spec)].filter((o) => Array.isArray(o.tooltip));
    const hovers = (c: Chart) =>
      [...objects(c.spec)].filter((o) => typeof o.name === "string" && o.name.startsWith("hover"));
    for (const chart of charts(small, { interactive: true }))
      expect(tooltips(chart).length, chart.name).toBeGreaterThan(0);
    for (const chart of charts(small)) expect(hovers(chart), chart.name).toEqual([]);
    const interactive = charts(small, { interactive: true }).filter((c) => c.name !== "shares");
    for (const chart of interactive) expect(hovers(chart).length, chart.name).toBeGreaterThan(0);
  });

  it("shade each outage from results.failures in its server's colour", () => {
    const failures = byName(charts(small), "failures");
    const rects = [...objects(failures.spec)].filter(
      (o) => Array.isArray((o.data as { values?: unknown })?.values) && o.mark !== undefined,
    );
    const outage = rects
      .flatMap((o) => (o.data as { values: Record<string, unknown>[] }).values)
      .find((v) => v.server === "10.0.0.3" && v.colour !== undefined);
    expect(outage).toMatchObject({ x0: 300, x1: 500, colour: serverPalette(3)[1] });
    expect(subtitle(failures)).toContain("10.0.0.3 down for");
  });

  it("say so, and draw a flat zero line, when nothing failed", () => {
    const failures = byName(charts(calm), "failures");
    expect(subtitle(failures)).toContain("No failures in this scenario");
    const values = (failures.spec.data as { values: { visits: number }[] }).values;
    expect(values.length).toBeGreaterThan(1);
    expect(values.every((v) => v.visits === 0)).toBe(true);
  });

  it("compile without vega-lite warnings, whatever the results", () => {
    const one = results(
      "name: one\nduration: 300\nservers: [{address: 10.0.0.9}]\ndns: {ttl: 0}\nclients: {rate: 2}\n",
    );
    const many = results(
      `name: many\nduration: 300\nservers: [${Array.from({ length: 30 }, (_, i) => `{address: 10.0.1.${i + 1}}`).join(", ")}]\ndns: {ttl: 30}\nclients: {rate: 30}\n`,
    );
    for (const r of [small, calm, one, many])
      for (const interactive of [false, true])
        for (const chart of charts(r, { interactive }))
          expect(compileWarnings(chart.spec), `${r.scenario} ${chart.name}`).toEqual([]);
  });

  it("draw at most MAX_POINTS points per series for a week of 60 s bins", () => {
    const week: Results = stretched(small, 10_080);
    expect(week.timeseries.start.length).toBe(10_080);
    for (const chart of charts(week)) {
      if (chart.name === "shares") continue;
      const rows = (chart.spec.data as { values: unknown[] }).values;
      expect(rows.length, chart.name).toBeLessThanOrEqual(MAX_POINTS + 1);
      const x = positionEncodings(chart.spec, "x")[0]!;
      expect(x.title, chart.name).toMatch(/^time \(h\), one point per \d+/);
    }
  });
});
