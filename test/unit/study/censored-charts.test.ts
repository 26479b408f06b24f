import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { LOWER_BOUND_LABEL } from "../../../src/report/specs/sweep-metric.js";
import { sweepChartList, ttlChart } from "../../../src/report/sweep/index.js";
import { adviseTtl, type SweepOutput } from "../../../src/study/index.js";
import { failing, runPlan, ttlPlan } from "./fixtures.js";

/** Every object in a spec, depth first. */
function* objects(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) yield* objects(v);
  else if (value !== null && typeof value === "object") {
    yield value as Record<string, unknown>;
    for (const v of Object.values(value)) yield* objects(v);
  }
}

async function svgOf(spec: Record<string, unknown>): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), {
    renderer: "none",
  });
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/**
 * Issue 28: a drain time where the failed server still drew traffic when its
 * 900 s outage ended (TTL 3600) is a lower bound, "≥ 900 s"; the charts draw
 * it as one (an upward triangle, named in the legend and the caption), not
 * as an ordinary point among measured ones (TTL 10: drained in seconds).
 */
describe("censored drain times drawn as censored", () => {
  let output: SweepOutput;
  beforeAll(async () => {
    output = await runPlan(ttlPlan(failing, "10,3600", 2));
  }, 60_000);

  it("the sweep's drain chart: measured points filled, the lower bound an open triangle with its legend", async () => {
    const at = (ttl: number) => output.points.find((p) => p.parameters["dns.ttl"] === ttl)!;
    expect(at(3600).summary["failures.undrained"]!.mean).toBeGreaterThan(0);
    expect(at(10).summary["failures.undrained"]!.mean).toBe(0);
    const chart = sweepChartList(output).find((c) => c.name === "sweep-failures-drain-seconds")!;
    const rows = (chart.spec.data as { values: { x: number; bound: string }[] }).values;
    expect(rows.find((r) => r.x === 3600)!.bound).toBe("lower");
    expect(rows.find((r) => r.x === 10)!.bound).toBe("measured");
    const lower = [...objects(chart.spec)].find(
      (o) =>
        JSON.stringify(o.transform) === JSON.stringify([{ filter: "datum.bound === 'lower'" }]),
    )!;
    expect(lower.mark).toMatchObject({ type: "point", filled: false });
    expect(JSON.stringify(lower.encoding)).toContain('"range":["triangle-up"]');
    expect(chart.explain).toContain("lower bounds (≥)");
    expect(await svgOf(chart.spec)).toContain(LOWER_BOUND_LABEL);
    // A metric that is never censored keeps one plain point layer.
    const served = sweepChartList(output).find(
      (c) => c.name === "sweep-balance-window-max-over-mean",
    )!;
    expect(JSON.stringify(served.spec)).not.toContain("datum.bound");
  });

  it("the TTL advisor's drain panel marks the censored TTL as a triangle, and says so", async () => {
    const advice = adviseTtl(output, {});
    const chart = ttlChart(advice, output);
    const panels = chart.spec.vconcat as { data: { values: { ttl: number; bound: string }[] } }[];
    const bounds = panels.flatMap((p) => p.data.values.map((v) => `${v.ttl}:${v.bound}`));
    expect(bounds).toContain(`3600:${LOWER_BOUND_LABEL}`);
    expect(bounds).toContain("10:measured");
    expect(chart.explain).toContain("lower bounds (≥)");
    const svg = await svgOf(chart.spec);
    expect(svg).toContain(LOWER_BOUND_LABEL);
  });
});
