import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { axisTop, logLikeTicks } from "../../../../src/report/specs/format.js";
import { type Chart, charts } from "../../../../src/report/specs/index.js";
import { results, SMALL_SCENARIO } from "../fixtures.js";

/** The chart drawn by vega as the report draws it (no renderer): its y scale's domain. */
async function yDomain(chart: Chart): Promise<number[]> {
  const compiled = compile(chart.spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  await view.runAsync();
  const domain = (view.scale("y") as { domain(): number[] }).domain();
  view.finalize();
  return domain;
}

const byName = (list: Chart[], name: string) => list.find((c) => c.name === name)!;

/** The largest per-second rate a chart's data rows hold in the given fields. */
function peakOf(chart: Chart, fields: (key: string) => boolean): number {
  const rows = (chart.spec.data as { values: Record<string, number>[] }).values;
  return Math.max(
    ...rows.flatMap((row) =>
      Object.entries(row)
        .filter(([k]) => fields(k))
        .map(([, v]) => v),
    ),
  );
}

describe("rate charts leave room above their peak (issue 28: the failed-attempts peak sat on the frame)", () => {
  const r = results();
  const list = charts(r);

  it("failures: the y axis ends at least 5% above the highest failed-attempts rate, on a round number", async () => {
    const chart = byName(list, "failures");
    const peak = peakOf(chart, (k) => k === "visits" || /^f\d+$/.test(k));
    expect(peak).toBeGreaterThan(0);
    const [low, high] = await yDomain(chart);
    expect(low).toBe(0);
    expect(high).toBeGreaterThanOrEqual(peak * 1.05);
    expect(high).toBe(axisTop(peak));
  });

  it("authoritative queries: the same headroom", async () => {
    const chart = byName(list, "authoritative");
    const peak = peakOf(chart, (k) => k === "q");
    const [, high] = await yDomain(chart);
    expect(high).toBeGreaterThanOrEqual(peak * 1.05);
  });

  it("axisTop rounds up past 5% headroom and keeps an all-zero chart's axis", () => {
    expect(axisTop(65.4)).toBe(80);
    expect(axisTop(60)).toBe(80);
    expect(axisTop(0.93)).toBe(1);
    expect(axisTop(95)).toBe(100);
    expect(axisTop(0)).toBe(1);
  });
});

describe("the p99 chart's log-like axis has readable ticks below 2 s", () => {
  it("labels 1-2-5 per decade over a short range, powers of ten over a long one", () => {
    expect(logLikeTicks(0.2)).toEqual([0, 0.01, 0.02, 0.05, 0.1, 0.2]);
    expect(logLikeTicks(0.5)).toEqual([0, 0.01, 0.03, 0.1, 0.3]);
    expect(logLikeTicks(2)).toEqual([0, 0.01, 0.03, 0.1, 0.3, 1]);
    expect(logLikeTicks(10)).toEqual([0, 0.01, 0.1, 1, 10]);
    expect(logLikeTicks(1000)).toEqual([0, 0.01, 0.1, 1, 10, 100, 1000]);
  });

  it("the response-times chart uses those ticks, and vega draws them", async () => {
    const r = results(
      SMALL_SCENARIO.replace(
        "servers: [",
        "service: { workers: 2, serviceTime: { distribution: exponential, mean: 0.05 } }\nservers: [",
      ).replace(
        "clients: { rate: 20, requestsPerVisit: 2, selection: failover }",
        "clients: { rate: 20, requestsPerVisit: 2, selection: failover, timeout: 2 }",
      ),
    );
    const chart = byName(charts(r), "response-times");
    const compiled = compile(chart.spec as unknown as TopLevelSpec).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none" });
    await view.runAsync();
    const svg = await view.toSVG();
    view.finalize();
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    // Every tick keeps its label (vega drops labels that would overlap): 0.01, 0.1 and 1 s below 2 s.
    for (const tick of ["0", "0.01", "0.1", "1"])
      expect(labels, labels.join(" | ")).toContain(tick);
  });
});

describe("per-server lines with many servers in the static drawings", () => {
  const eight = `name: eight
duration: 600
window: 30
servers: [ {address: 10.0.0.1}, {address: 10.0.0.2}, {address: 10.0.0.3}, {address: 10.0.0.4},
           {address: 10.0.0.5}, {address: 10.0.0.6}, {address: 10.0.0.7}, {address: 10.0.0.8} ]
dns: { ttl: 60, order: cyclic }
resolvers: { count: 40, behaviour: frozen }
clients: { rate: 20 }
failures: [ { server: 10.0.0.3, at: 200, duration: 200 } ]
`;

  it("above six servers the PNG/SVG chart is one panel per server on shared axes; the page keeps one hoverable chart", async () => {
    const r = results(eight);
    const still = byName(charts(r), "served");
    const panels = still.spec.concat as { title: { text: string } }[];
    expect(panels.map((p) => p.title.text)).toEqual(r.servers.map((s) => s.address));
    expect(still.spec.resolve).toEqual({ scale: { x: "shared", y: "shared" } });
    expect(still.explain).toContain("same axes");
    // vega draws it: every panel titled, one y scale for all.
    const compiled = compile(still.spec as unknown as TopLevelSpec).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none" });
    await view.runAsync();
    const svg = await view.toSVG();
    view.finalize();
    for (const s of r.servers) expect(svg).toContain(`>${s.address}<`);
    const live = byName(charts(r, { interactive: true }), "served");
    expect(live.spec.concat).toBeUndefined();
    expect(live.spec.layer).toBeDefined();
    // Six servers or fewer: one chart, as before.
    expect(byName(charts(results()), "served").spec.concat).toBeUndefined();
  });
});
