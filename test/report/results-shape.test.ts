import { describe, expect, it } from "vitest";
import { checkResults } from "../../src/report/results-shape.js";
import { results } from "./fixtures.js";

describe("checkResults", () => {
  const r = JSON.parse(JSON.stringify(results())) as ReturnType<typeof results>;

  it("accepts a results.json as rrdns run writes it", () => {
    const check = checkResults(r);
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.results).toEqual(r);
  });

  it("names the fields that are missing or wrong", () => {
    const check = checkResults({ ...r, servers: [{ address: 7 }], timeseries: undefined });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problems.some((p) => p.startsWith("servers.0.address:"))).toBe(true);
      expect(check.problems.some((p) => p.startsWith("timeseries:"))).toBe(true);
    }
  });

  it("rejects series that do not have one value per bin, or one series per server", () => {
    const ts = r.timeseries;
    const check = checkResults({
      ...r,
      timeseries: { ...ts, visits: ts.visits.slice(1), servedByServer: ts.servedByServer.slice(1) },
    });
    expect(check.ok).toBe(false);
    if (!check.ok)
      expect(check.problems).toEqual([
        `timeseries.servedByServer: ${ts.servedByServer.length - 1} series for ${r.servers.length} servers`,
        `timeseries.visits: expected ${ts.start.length} values, one per bin`,
      ]);
  });
});
