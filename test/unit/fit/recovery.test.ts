import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLineBatches } from "../../../src/cli/trace-lines.js";
import { type ValidationSetup, validateFit } from "../../../src/study/fit-validation.js";
import { fitRecoveryScenario, generateLog } from "./recovery-helpers.js";

/*
 * Parameter recovery (issue 25, docs/fit-validation.md): logs generated from
 * a known session model with a heavy-tailed think time (Pareto α 1.3), two
 * proxies (about 850 requests each in 6 hours) and, in one of them, return
 * visits (probability 0.5, exponential gaps of 900 s, which the 1,800 s
 * session rule merges into one session), fitted, and the fitted workload
 * validated against the generated log replayed (the full grid and the
 * population rows). Small and fast: 6 hours, ~20,000 requests, 4 seeds
 * (the standard errors stay under a fifth of the hit-ratio tolerance).
 */
const dir = mkdtempSync(join(tmpdir(), "rrdns-recovery-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DURATION = 21_600;

const people = (revisit: boolean) => ({
  name: "people",
  clients: 3000,
  skew: 0.5,
  rate: revisit ? 0.03 : 0.06,
  pages: { dist: "geometric", mean: 3, max: 200 },
  thinkTime: { dist: "pareto", alpha: 1.3, min: 8, max: 1700 },
  objects: { dist: "geometric", mean: 2, max: 100 },
  objectGap: { dist: "exponential", mean: 0.6, max: 4 },
  resolver: "own",
  ...(revisit ? { revisit: { probability: 0.5, gap: { dist: "exponential", mean: 900 } } } : {}),
});
const proxies = {
  name: "proxies",
  clients: 2,
  rate: 0.004,
  pages: { dist: "geometric", mean: 40, max: 2000 },
  thinkTime: { dist: "lognormal", median: 6, sigma: 1, max: 1700 },
  objects: { dist: "geometric", mean: 1, max: 100 },
  objectGap: { dist: "exponential", mean: 0.5, max: 4 },
  resolver: "own",
};

async function recover(
  revisit: boolean,
  population = true,
  /** Only some rows (the grid, the comparisons: ValidationSetup's switches); absent: every row. */
  only: Pick<ValidationSetup, "grid" | "parts"> = {},
) {
  const file = join(dir, `gen-${revisit}.log`);
  generateLog(file, [people(revisit), proxies], DURATION, 7);
  const { fit, yaml } = await fitRecoveryScenario(file, { population }, "recovery");
  const v = await validateFit(yaml, {
    log: file,
    lines: () => readLineBatches(file),
    format: "clf",
    reorderWindow: 60,
    replications: 4,
    seed: 1,
    ...only,
  });
  return { fit, v };
}

const HIT = /resolver hit ratio/;
const POPULATION = /^(distinct clients|sessions per client|share of clients with one session)/;
const text = (v: Awaited<ReturnType<typeof recover>>["v"]) =>
  v.rows
    .map((r) => `${r.metric}: ${r.trace.toPrecision(4)} / ${r.fitted.toPrecision(4)} ${r.pass}`)
    .join("\n");

describe("parameter recovery: logs from known session models, fitted and validated", () => {
  it("with return visits: every row that can fail passes (the merged visits' gaps are drawn from the smoothed empirical think time)", async () => {
    const { fit, v } = await recover(true);
    const population = fit.classes[0]!;
    // The think time mixes think times and return gaps: no family fits it.
    expect(population.thinkTime.chosen).toBe("empirical");
    expect(population.thinkTime.rejected?.poor).toBe(true);
    // The proxies are classes of their own.
    expect(fit.classes.filter((c) => c.host !== "")).toHaveLength(2);
    const counted = v.rows.filter((r) => !r.degenerate);
    expect(counted.length).toBeGreaterThanOrEqual(22);
    for (const r of counted) expect(r.pass, text(v)).toBe(true);
  });

  it("without return visits: the hit ratios, queries/s and who comes pass; the population fit is what makes the TTL 3600 s row pass", async () => {
    const { v } = await recover(false);
    for (const r of v.rows.filter(
      (x) => !x.degenerate && (HIT.test(x.metric) || POPULATION.test(x.metric)),
    ))
      expect(r.pass, text(v)).toBe(true);
    for (const r of v.rows.filter((x) => /queries\/s/.test(x.metric)))
      expect(r.pass, text(v)).toBe(true);
    // Clients = the hosts seen, skew of the ranked counts: too few clients, each coming back too often.
    // Only its TTL 3600 s hit ratio and the population rows are read.
    const { v: unsized } = await recover(false, false, { grid: false, parts: ["hour"] });
    const hour = (x: typeof v) =>
      x.rows.find((r) => r.metric.startsWith("resolver hit ratio (TTL 3600 s"))!;
    expect(hour(unsized).pass).toBe(false);
    expect(hour(unsized).fitted - hour(unsized).trace).toBeGreaterThan(0.05);
    expect(unsized.rows.find((r) => r.metric.startsWith("distinct clients"))!.pass).toBe(false);
  });
});
