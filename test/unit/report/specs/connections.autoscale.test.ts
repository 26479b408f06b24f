import { describe, expect, it } from "vitest";
import { changeText, connectionsCharts } from "../../../../src/report/specs/connections.js";
import { runScenario } from "../../../../src/run/index.js";
import { scenarioSchema } from "../../../../src/scenario/index.js";

/** 100 clients × 20 req/s on 2 of 6 servers of 1,000 req/s; the rate triples at 120 s. */
const results = runScenario(
  scenarioSchema.parse({
    name: "autoscale-chart",
    duration: 300,
    window: 10,
    servers: Array.from({ length: 6 }, (_, i) => ({ address: `10.0.0.${i + 1}` })),
    dns: { ttl: 5 },
    clients: { rate: 0 },
    connections: {
      runtime: "envoy-strict-dns",
      clients: 100,
      rate: 20,
      rateChanges: [{ at: 120, rate: 60 }],
    },
    pool: { autoscale: { capacity: 1000, target: 1, min: 2, max: 6 } },
  }),
);

describe("the connections chart and summary of an autoscaled pool", () => {
  it("one rule per scale event, labelled with the step and the utilisation behind it", () => {
    // 2,000 / 2,000 = 1 on target; from 120 s 6,000 / 2,000 = 3: ceil(2 × 3) = 6 at 135 s.
    const events = results.connections!.autoscale!.events;
    expect(events.map((e) => [e.at, e.from, e.to])).toEqual([[135, 2, 6]]);
    const [chart] = connectionsCharts(results);
    const layers = (chart!.spec as { layer: { data: { values: unknown[] } }[] }).layer;
    // Utilisation 3 up to Poisson noise (sd √90,000 / 30,000 ≈ 1 %).
    const rules = layers[1]!.data.values as { at: number; label: string }[];
    expect(rules).toHaveLength(1);
    expect(rules[0]!.at).toBe(135);
    expect(rules[0]!.label).toMatch(/^2 → 6 servers \((29[7-9]|30[0-3])%\)$/);
    // The caption: the rate step and the scale event with its servers' fill range, not one line per server.
    const subtitle = (chart!.spec as { title: { subtitle: string[] } }).title.subtitle;
    const caption = subtitle.join(" ");
    expect(caption).toContain("then 60.0 req/s from 120 s");
    expect(caption).toMatch(
      /scaled 2 → 6 at 135 s \(average utilisation (29[7-9]|30[0-3])%\): the new servers filled after \d+(-\d+)? s/,
    );
    expect(caption).not.toContain("10.0.0.3 added");
  });

  it("the terminal lines: the rule's summary, each event, then every server it added", () => {
    const lines = changeText(results);
    expect(lines[0]).toMatch(
      /^autoscaler: 19 evaluations, 1 scale event, utilisation up to (29[7-9]|30[0-3])\.\d%$/,
    );
    expect(lines[1]).toMatch(
      /^scaled 2 → 6 servers at 135 s \(average utilisation (29[7-9]|30[0-3])\.\d%\)$/,
    );
    expect(lines.slice(2).map((l) => l.split(" ")[0])).toEqual([
      "10.0.0.3",
      "10.0.0.4",
      "10.0.0.5",
      "10.0.0.6",
    ]);
  });
});
