import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkResults, type Results, resultsJsonSchema } from "../../../src/metrics/index.js";
import { renderSvg } from "../../../src/report/render/index.js";
import { charts } from "../../../src/report/specs/index.js";
import { textSummary } from "../../../src/report/text-summary.js";
import { timeSeriesCsv } from "../../../src/report/timeseries-csv.js";
import { ROOT } from "../../cli-helpers.js";
import { results } from "../report/fixtures.js";

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const problemsOf = (value: unknown): string[] => {
  const check = checkResults(value);
  return check.ok ? [] : check.problems;
};

describe("checkResults", () => {
  const r = copy(results());

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
    expect(
      problemsOf({
        ...r,
        timeseries: {
          ...ts,
          visits: ts.visits.slice(1),
          servedByServer: ts.servedByServer.slice(1),
        },
      }),
    ).toEqual([
      `timeseries.servedByServer: ${ts.servedByServer.length - 1} series for ${r.servers.length} servers, one per server expected`,
      `timeseries.visits: expected ${ts.start.length} values, one per bin`,
    ]);
  });

  it("rejects a bin count that does not match duration / binSeconds", () => {
    const ts = r.timeseries;
    // A tiny bin width would claim millions of bins for the same series.
    expect(problemsOf({ ...r, timeseries: { ...ts, binSeconds: 1e-9 } })[0]).toMatch(
      /^timeseries\.start: 30 time bins, but a 900 s run in bins of 1e-9 s has 900000000000$/,
    );
  });

  it("rejects the tampered values that crashed the report (issue 10 item 6)", () => {
    const f = r.failures[0]!;
    expect(problemsOf({ ...r, failures: [{ ...f, withdrawnAt: -1e308 }] })).toEqual([
      "failures.0.withdrawnAt: Too small: expected number to be >=0",
    ]);
    const ts = r.timeseries;
    const lookups = ts.resolverLookups.map((x, b) => (b === 3 ? 1e-300 : x));
    expect(problemsOf({ ...r, timeseries: { ...ts, resolverLookups: lookups } })).toEqual([
      "timeseries.resolverLookups.3: Invalid input: expected int, received number",
    ]);
    const hits = ts.resolverHits.map((x, b) => (b === 3 ? ts.resolverLookups[3]! + 1 : x));
    expect(problemsOf({ ...r, timeseries: { ...ts, resolverHits: hits } })).toEqual([
      "timeseries.resolverHits.3: more resolver hits than lookups in this bin",
    ]);
    expect(problemsOf({ ...r, failures: [{ ...f, end: 1 }] })).toEqual([
      "failures.0.end: before the start of the outage",
    ]);
    expect(problemsOf({ ...r, failures: [{ ...f, restoredAt: 1e9 }] })).toEqual([
      "failures.0.restoredAt: beyond the run's 900 s",
    ]);
    expect(problemsOf({ ...r, failures: [{ ...f, server: "10.9.9.9" }] })).toEqual([
      "failures.0.server: not a server of this run",
    ]);
    expect(problemsOf({ ...r, servers: r.servers.map((s) => ({ ...s, share: 2 })) })[0]).toMatch(
      /^servers\.0\.share: Too big/,
    );
  });

  it("reads a version-1 file (servers[].requests) as attempts", () => {
    const v1 = JSON.parse(
      readFileSync(join(ROOT, "test/report/data/results-v1.json"), "utf8"),
    ) as Record<string, unknown> & { servers: Record<string, unknown>[] };
    expect(v1.resultsVersion).toBeUndefined();
    expect(v1.servers[0]!.requests).toBeTypeOf("number");
    const check = checkResults(v1);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.results.resultsVersion).toBe(2);
    expect(check.results.servers.map((s) => s.attempts)).toEqual(v1.servers.map((s) => s.requests));
    expect("requests" in check.results.servers[0]!).toBe(false);
    // A current file that still says `requests` is not upgraded: it is wrong.
    expect(problemsOf({ ...r, servers: copy(v1.servers) })[0]).toMatch(/^servers\.0\.attempts/);
  });

  it("the committed reports/results.schema.json is the one generated from the schema", () => {
    const committed = JSON.parse(readFileSync(join(ROOT, "reports/results.schema.json"), "utf8"));
    expect(committed).toEqual(resultsJsonSchema());
    expect(committed.required).toContain("resultsVersion");
    expect(committed.properties.servers.items.required).toContain("attempts");
  });
});

/**
 * Randomly corrupted results files: each is either rejected with messages
 * or drawn (every chart spec, the text summary and the CSV) without throwing.
 * Rendering specs to SVG is left to the CLI test; specs are where the
 * numbers turn into sizes and loops.
 */
describe("corrupted results files", () => {
  const base = copy(results());

  /** Every path to a leaf (number, string, null, boolean) of a JSON value. */
  function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(value)) {
      // A few elements per array are enough and keep the list short.
      const picks = [0, 1, value.length - 1].filter((i, k, a) => i >= 0 && a.indexOf(i) === k);
      return picks.flatMap((i) => (i < value.length ? leaves(value[i], [...path, i]) : []));
    }
    if (value !== null && typeof value === "object")
      return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
    return [path];
  }
  const paths = leaves(base).filter((p) => p[0] !== "scenarioSpec");

  const replacement = fc.oneof(
    fc.constantFrom(-1e308, 1e308, -1, 0, 1e-300, 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER, -0),
    fc.double(),
    fc.integer(),
    fc.constantFrom(null, "", "x", true, [], {}, [1, 2, 3]),
    fc.string(),
  );
  const corruption = fc.array(
    fc.record({ path: fc.constantFrom(...paths), value: replacement, drop: fc.boolean() }),
    { minLength: 1, maxLength: 4 },
  );

  function corrupt(edits: { path: (string | number)[]; value: unknown; drop: boolean }[]): unknown {
    const r = copy(base) as unknown as Record<string, unknown>;
    for (const { path, value, drop } of edits) {
      let node = r as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
      const last = path[path.length - 1]!;
      // Dropping from an array shortens a series; from an object removes a field.
      if (drop && Array.isArray(node)) node.splice(Number(last), 1);
      else if (drop) delete node[last];
      else node[last] = value;
    }
    return r;
  }

  function draw(results: Results): void {
    charts(results);
    charts(results, { interactive: true });
    textSummary(results);
    timeSeriesCsv(results);
  }

  it("are rejected with a message or drawn without throwing", () => {
    let accepted = 0;
    fc.assert(
      fc.property(corruption, (edits) => {
        const check = checkResults(corrupt(edits));
        if (!check.ok) {
          expect(check.problems.length).toBeGreaterThan(0);
          for (const p of check.problems) expect(p).toMatch(/^([\w.]+|\(top level\)): \S/);
          return;
        }
        accepted++;
        draw(check.results);
      }),
      { numRuns: 400, seed: 10 },
    );
    // Some corruptions are harmless (a share of 0.5, another description): they must draw.
    expect(accepted).toBeGreaterThan(10);
  });

  it("that pass are rendered to SVG without throwing", async () => {
    let rendered = 0;
    await fc.assert(
      fc.asyncProperty(corruption, async (edits) => {
        const check = checkResults(corrupt(edits));
        if (!check.ok) return;
        for (const chart of charts(check.results)) {
          const svg = await renderSvg(chart.spec);
          expect(svg).toMatch(/^<svg/);
        }
        rendered++;
      }),
      { numRuns: 25, seed: 11 },
    );
    expect(rendered).toBeGreaterThan(0);
  }, 120_000);
});
