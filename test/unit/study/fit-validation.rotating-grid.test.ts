import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLineBatches } from "../../../src/cli/trace-lines.js";
import { DEFAULT_FIT_OPTIONS, fitLog, fittedScenarioYaml } from "../../../src/fit/index.js";
import { GRID_LOOKUP_GAPS, GRID_TTLS, validateFit } from "../../../src/study/fit-validation.js";
import { generateLog } from "../fit/recovery-helpers.js";

/*
 * The validation grid with rotating caches too (issue 25: rows for both
 * frozen and rotating resolver caches). A small generated log (2 hours,
 * one class), fitted and validated with the grid, frozen and rotating.
 */
const dir = mkdtempSync(join(tmpdir(), "rrdns-rotating-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const people = {
  name: "people",
  clients: 800,
  skew: 0.5,
  rate: 0.05,
  pages: { dist: "geometric", mean: 3, max: 200 },
  thinkTime: { dist: "exponential", mean: 40, max: 1700 },
  objects: { dist: "geometric", mean: 2, max: 100 },
  objectGap: { dist: "exponential", mean: 0.6, max: 4 },
};

describe("the validation grid with rotating caches", () => {
  it("adds the rotating rows (hit ratio, queries/s, 60 s max/mean per lookup gap and TTL); their hit ratios and queries/s are the frozen rows', their max/mean is not; some of the fitted setup's comparisons alone give the full validation's rows", async () => {
    const file = join(dir, "gen.log");
    generateLog(file, [people], 7200, 3);
    const fit = await fitLog(() => readLineBatches(file), { ...DEFAULT_FIT_OPTIONS, file });
    const yaml = fittedScenarioYaml(fit, {
      servers: 3,
      ttl: 300,
      resolver: "own",
      lookupGap: 300,
      name: "rotating",
    });
    const setup = {
      log: file,
      lines: () => readLineBatches(file),
      format: "clf" as const,
      reorderWindow: 60,
      replications: 2,
      seed: 1,
    };
    const v = await validateFit(yaml, { ...setup, population: false, rotating: true });
    const frozen = v.rows.filter((r) => r.metric.startsWith("g "));
    const rotating = v.rows.filter((r) => r.metric.startsWith("rotating caches, g "));
    const cells = GRID_LOOKUP_GAPS.length * GRID_TTLS.length;
    expect(frozen).toHaveLength(3 * cells);
    expect(rotating).toHaveLength(3 * cells);
    rotating.forEach((r, i) => {
      const f = frozen[i]!;
      expect(
        r.metric
          .replace("rotating caches, ", "")
          .replace(": mean per-window", ": frozen caches, mean per-window"),
      ).toBe(f.metric);
      expect(r.tolerance).toBe(f.tolerance);
      expect(Boolean(r.degenerate)).toBe(Boolean(f.degenerate));
      if (/max\/mean/.test(r.metric)) return;
      // When a resolver asks does not depend on the order it answers in.
      expect([r.trace, r.fitted]).toEqual([f.trace, f.fitted]);
    });
    // The order does move where the requests go: the log's max/mean differs somewhere.
    const maxMean = (rows: typeof frozen) =>
      rows.filter((r) => /max\/mean/.test(r.metric)).map((r) => r.trace);
    expect(maxMean(rotating)).not.toEqual(maxMean(frozen));
    expect(v.notes.join(" ")).toMatch(/The rows named rotating caches/);
    // Only with the grid.
    const plain = await validateFit(yaml, {
      ...setup,
      population: false,
      grid: false,
      rotating: true,
      parts: ["window300", "hour"],
    });
    expect(plain.rows.filter((r) => r.metric.startsWith("rotating caches"))).toEqual([]);
    // Two of the fitted setup's comparisons alone: their rows are the full validation's.
    const parted =
      /^(frozen caches: mean per-window max\/mean, 300 s|resolver hit ratio \(TTL 3600 s)/;
    expect(plain.rows).toHaveLength(2);
    expect(plain.rows).toEqual(v.rows.filter((r) => parted.test(r.metric)));
  });
});
