import { describe, expect, it } from "vitest";
import { summaryHtml } from "../../../../src/report/html/summary.js";
import { charts, runHeadline, textSummary } from "../../../../src/report/index.js";
import { runScenario } from "../../../../src/run/index.js";
import { poolScenario } from "../../model/connections/pool-helpers.js";

/** A pool run's report reads its per-server load: servers table, balance, shares, no visit or DNS numbers. */
describe("the report of a connection-pool run", () => {
  // Scale-out 3 → 4 at 100 s under pick_first with 60 s connections.
  const r = runScenario(
    poolScenario(
      { runtime: "grpc-pick-first", clients: 80, rate: 10, pool: { maxAge: 60 } },
      { duration: 400, pool: { changes: [{ at: 100, add: ["10.0.0.4"] }] } },
    ),
  );

  it("terminal: the servers table with shares and the balance lines, the pool's requests instead of visits and DNS", () => {
    const text = textSummary(r);
    expect(text).toMatch(
      /^server +share +served +failed att\. +peak\/s +\(ideal 1\/4 = 25\.0%\)$/m,
    );
    for (const s of r.servers)
      expect(text).toMatch(new RegExp(`^${s.address.replace(/\./g, "\\.")} +\\d+\\.\\d%`, "m"));
    expect(text).toContain(`requests ${r.totals.requests.toLocaleString("en")}  served`);
    expect(text).toMatch(/^balance \(per 10 s window, mean of 40\): max\/mean /m);
    expect(text).not.toMatch(/^visits |^DNS: |^lookup delay/m);
    expect(text).toContain("connections (grpc-pick-first, 80 clients × 10 req/s)");
  });

  it("charts: shares and balance with the connections chart, not the visit charts", () => {
    expect(charts(r).map((c) => c.name)).toEqual(["shares", "balance", "connections"]);
  });

  it("page: the headline and cards tell the pool's balance, lost requests and fill, not visits or DNS", () => {
    const h = runHeadline(r);
    expect(h.answer).toMatch(/^The busiest server carried [\d.]+× the mean load per 10\ss/u);
    expect(h.answer).toMatch(
      /10\.0\.0\.4, added at 100 s, (got its share after \d+ s|never got its share)/,
    );
    expect(h.figures.map((f) => f.label)).toEqual([
      `busiest server per ${"10\u00a0s"}`,
      "requests with no connection",
      "10.0.0.4 filled after",
    ]);
    const cards = summaryHtml(r);
    expect(cards).toContain("connections opened");
    expect(cards).not.toContain("authoritative queries");
    expect(cards).not.toContain("failed visits");
  });
});
