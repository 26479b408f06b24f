import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { checkResults } from "../../../../src/metrics/index.js";
import { summaryHtml } from "../../../../src/report/html/summary.js";
import { charts } from "../../../../src/report/specs/index.js";
import { textSummary } from "../../../../src/report/text-summary.js";
import { timeSeriesCsv } from "../../../../src/report/timeseries-csv.js";
import { results, SMALL_SCENARIO } from "../fixtures.js";

/** Two servers with capacity, one overloaded by a frozen resolver, with a failure and retries. */
const QUEUED = `name: queued
duration: 600
window: 30
servers: [ {address: 10.0.0.2}, {address: 10.0.0.3, workers: 4} ]
service: { workers: 2, serviceTime: { distribution: exponential, mean: 0.05 }, queue: 20 }
dns: { ttl: 60, order: cyclic }
resolvers: { count: 3, behaviour: frozen }
clients: { rate: 50, requestsPerVisit: 2, selection: failover, timeout: 1, onError: retry, retries: 1 }
failures: [ {server: 10.0.0.3, at: 200, duration: 100, mode: refused} ]
`;

const queued = results(QUEUED);
const plain = results(SMALL_SCENARIO);
const QUEUE_CHARTS = ["response-times", "utilisation", "errors"];

function warnings(spec: unknown): string[] {
  const out: string[] = [];
  const logger = {
    level: () => logger,
    error: (...m: unknown[]) => {
      out.push(`error: ${m.join(" ")}`);
      return logger;
    },
    warn: (...m: unknown[]) => {
      out.push(m.join(" "));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  compile(spec as TopLevelSpec, { logger: logger as never });
  return out;
}

describe("the report of servers with capacity", () => {
  it("adds the response-time, utilisation and errors charts only when the results have queueing", () => {
    expect(
      charts(queued)
        .map((c) => c.name)
        .slice(-3),
    ).toEqual(QUEUE_CHARTS);
    for (const name of QUEUE_CHARTS) expect(charts(plain).map((c) => c.name)).not.toContain(name);
  });
  it("compiles them without vega-lite warnings, static and interactive, with units on the axes", () => {
    for (const interactive of [false, true])
      for (const chart of charts(queued, { interactive }).filter((c) =>
        QUEUE_CHARTS.includes(c.name),
      )) {
        expect(warnings(chart.spec), chart.name).toEqual([]);
        expect(JSON.stringify(chart.spec), chart.name).toMatch(/"title":"[^"]*\([^"]+\)"/);
      }
  });
  it("draws the capacity line at 100% and the clients' timeout", () => {
    const byName = (n: string) => JSON.stringify(charts(queued).find((c) => c.name === n)!.spec);
    expect(byName("utilisation")).toContain('"y":{"datum":1}');
    expect(byName("response-times")).toContain('"y":{"datum":1}'); // timeout: 1 s
  });
  it("gives the summary table p99 and utilisation columns, in the terminal and the HTML page", () => {
    const text = textSummary(queued);
    expect(text).toMatch(/p99 s\s+busy/);
    expect(text).toContain("response time: mean");
    expect(text).toMatch(/errors at live servers: refused \d/);
    expect(textSummary(plain)).not.toContain("p99 s");
    const html = summaryHtml(queued);
    expect(html).toContain("<th>p99 response</th>");
    expect(html).toContain("<th>utilisation</th>");
    expect(summaryHtml(plain)).not.toContain("p99 response");
  });
});

describe("reading back results of servers with capacity", () => {
  const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
  const r = copy(queued);
  const problemsOf = (value: unknown): string[] => {
    const check = checkResults(value);
    return check.ok ? [] : check.problems;
  };
  it("accepts them as rrdns run writes them, queueing included", () => {
    const check = checkResults(r);
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.results.queueing).toEqual(r.queueing);
  });
  it("rejects queueing series without one value per bin or one entry per server", () => {
    const q = r.queueing!;
    expect(
      problemsOf({
        ...r,
        queueing: {
          ...q,
          timeseries: {
            ...q.timeseries,
            p99: q.timeseries.p99.slice(1),
            p99ByServer: q.timeseries.p99ByServer.slice(1),
          },
        },
      }),
    ).toEqual([
      `queueing.timeseries.p99ByServer: 1 series for 2 servers, one per server expected`,
      `queueing.timeseries.p99: expected ${q.timeseries.p99.length} values, one per bin`,
    ]);
    expect(problemsOf({ ...r, queueing: { ...q, servers: q.servers.slice(1) } })).toEqual([
      "queueing.servers: 1 entries for 2 servers, one per server expected",
    ]);
  });
});

describe("timeseries.csv of servers with capacity", () => {
  it("adds the error counts, the overall p99 and per-server utilisation, queue and p99 columns", () => {
    const csv = timeSeriesCsv(queued).split("\n");
    const header = csv[0]!.split(",");
    expect(header).toEqual(
      expect.arrayContaining([
        "refused",
        "timed_out",
        "retries",
        "p99_s",
        "utilisation_10.0.0.2",
        "p99_s_10.0.0.3",
      ]),
    );
    for (const line of csv.slice(1, -1)) expect(line.split(",")).toHaveLength(header.length);
    expect(timeSeriesCsv(plain).split("\n")[0]).not.toContain("utilisation_");
  });
});
