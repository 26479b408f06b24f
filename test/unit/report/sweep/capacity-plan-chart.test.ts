import { describe, expect, it } from "vitest";
import {
  type CapacityPlanChartData,
  capacityPlanChart,
  capacityPlanCsv,
} from "../../../../src/report/index.js";

const summary = (mean: number, half: number) => ({
  n: 3,
  mean,
  sd: half / 2,
  ci95Low: mean - half,
  ci95High: mean + half,
});

/** Three counts: the first answered nothing (p99 = +∞), the third meets the SLO. */
const plan: CapacityPlanChartData = {
  scenario: "plan-me",
  recommended: 4,
  reason: "4 servers are the fewest",
  options: {
    slo: { metric: "p95", limit: 0.5 },
    maxErrors: 0.002,
    replications: 3,
    nPlusOne: false,
  },
  candidates: [
    {
      servers: 2,
      latency: { n: 3, mean: Number.POSITIVE_INFINITY, sd: null, ci95Low: null, ci95High: null },
      errors: summary(0.3, 0.01),
      busiestUtilisation: summary(1, 0),
      meanUtilisation: summary(1, 0),
      imbalance: summary(1, 0.05),
      busiestP99: summary(0.5, 0.1),
      replications: 3,
      cause: "capacity",
      meets: false,
    },
    {
      servers: 3,
      latency: summary(0.9, 1.2),
      errors: summary(0.01, 0.002),
      busiestUtilisation: summary(0.9, 0.1),
      meanUtilisation: summary(0.7, 0.1),
      imbalance: summary(1, 0.05),
      busiestP99: summary(0.5, 0.1),
      replications: 3,
      cause: "queueing",
      meets: false,
    },
    {
      servers: 4,
      latency: summary(0.2, 0.05),
      errors: summary(0.001, 0.0005),
      busiestUtilisation: summary(0.6, 0.1),
      meanUtilisation: summary(0.5, 0.1),
      imbalance: summary(1, 0.05),
      busiestP99: summary(0.5, 0.1),
      replications: 3,
      cause: null,
      meets: true,
    },
  ],
};

type Layer = { data?: { values: Record<string, unknown>[] }; layer?: Layer[]; mark?: unknown };
type Panel = { data: { values: Record<string, unknown>[] }; layer: Layer[] };
const panels = () => (capacityPlanChart(plan).spec as { vconcat: Panel[] }).vconcat;
const limitOf = (p: Panel) => p.layer.find((l) => l.layer)!.data!.values[0]!.limit;
const chosenOf = (p: Panel) =>
  p.layer.find((l) => l.data?.values[0]?.label === "recommended")?.data?.values[0]?.servers;

describe("capacity plan chart", () => {
  it("plots the SLO statistic of every candidate with an answer, with its CI (cut at zero)", () => {
    const [latency] = panels();
    expect(latency!.data.values).toEqual([
      { servers: 3, mean: 0.9, low: 0, high: 2.1, verdict: "fails" },
      { servers: 4, mean: 0.2, low: 0.15, high: 0.25, verdict: "meets" },
    ]);
  });
  it("plots the error share in percent, every candidate", () => {
    const [, errors] = panels();
    expect(errors!.data.values.map((v) => [v.servers, v.mean, v.verdict])).toEqual([
      [2, 30, "fails"],
      [3, 1, "fails"],
      [4, 0.1, "meets"],
    ]);
    expect(errors!.data.values[1]!.low).toBeCloseTo(0.8, 10);
  });
  it("draws the SLO limit, the max-errors limit and the recommended count", () => {
    const [latency, errors] = panels();
    expect(limitOf(latency!)).toBe(0.5);
    expect(limitOf(errors!)).toBe(0.2);
    expect(chosenOf(latency!)).toBe(4);
    expect(chosenOf(errors!)).toBe(4);
    const spec = capacityPlanChart(plan).spec as { title: { text: string } };
    expect(spec.title.text).toBe("Capacity plan: p95 < 0.5 s");
    // The y axis names the statistic the SLO bounds, not a fixed p99.
    expect(JSON.stringify(latency)).toContain("p95 response time (s)");
  });
  it("draws response times on a log scale only when they span more than two decades", () => {
    const yOf = (c: CapacityPlanChartData) =>
      (capacityPlanChart(c).spec as { vconcat: Panel[] }).vconcat.map(
        (p) =>
          (p.layer[1] as { encoding: { y: { scale: { type?: string }; title: string } } }).encoding
            .y,
      );
    expect(yOf(plan).map((y) => y.scale.type)).toEqual([undefined, undefined]);
    // An overloaded count with minutes of queueing: 300 s against a 0.5 s limit.
    const wide = {
      ...plan,
      candidates: plan.candidates.map((c, i) =>
        i === 0 ? { ...c, latency: summary(300, 10) } : c,
      ),
    };
    const [latency, errors] = yOf(wide);
    expect(latency!.scale.type).toBe("log");
    expect(latency!.title).toBe("p95 response time (s, log scale)");
    expect(errors!.scale.type).toBeUndefined();
    // No interval reaches below the axis (a log axis has no zero).
    const values = (capacityPlanChart(wide).spec as { vconcat: Panel[] }).vconcat[0]!.data.values;
    expect(Math.min(...values.map((v) => v.low as number))).toBe(0.1);
  });

  it("marks no count when none meets the SLO", () => {
    const none = capacityPlanChart({ ...plan, recommended: null }).spec as { vconcat: Panel[] };
    expect(none.vconcat.map(chosenOf)).toEqual([undefined, undefined]);
  });
  it("writes one CSV row per candidate and statistic, none answered as an empty cell", () => {
    const lines = capacityPlanCsv(plan).trimEnd().split("\n");
    expect(lines[0]).toBe("servers,metric,unit,n,mean,sd,ci95_low,ci95_high,meets,recommended");
    expect(lines).toHaveLength(1 + 3 * 4);
    expect(lines[1]).toBe("2,p95,s,3,,,,,false,false");
    expect(lines[9]).toBe("4,p95,s,3,0.2,0.025,0.15000000000000002,0.25,true,true");
  });
});
