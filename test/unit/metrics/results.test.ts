import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkResults, resultsSchema } from "../../../src/metrics/index.js";
import { runScenario } from "../../../src/run/index.js";
import { loadScenario } from "../../../src/scenario/index.js";
import { ROOT } from "../../cli-helpers.js";

/** What summarize writes is what the schema accepts: one definition for writing and reading. */
describe("results schema", () => {
  const dir = join(ROOT, "scenarios");
  // Trace lessons replay a file (test/claims/library.test.ts runs them); runScenario refuses them.
  const files = readdirSync(dir).filter(
    (f) => f.endsWith(".yaml") && !/^\s+trace:/m.test(readFileSync(join(dir, f), "utf8")),
  );

  it.each(files)("accepts the results of %s (shortened run)", (file) => {
    const scenario = loadScenario(readFileSync(join(dir, file), "utf8"), file);
    // A few windows of each, with a sliver at the end.
    const duration = Math.min(scenario.duration, scenario.window * 5 + 1);
    const r = JSON.parse(JSON.stringify(runScenario(scenario, { duration })));
    const check = checkResults(r);
    expect(check.ok ? [] : check.problems).toEqual([]);
    // Balance windows count requests, a visit's or a pooled connection's: the sliver at the end is one.
    const partial = duration < scenario.duration && r.totals.requests > 0 ? 1 : 0;
    expect(r.balance.window.partialWindows).toBe(partial);
    if (scenario.connections) expect(r.connections.requests).toBeGreaterThan(0);
  });

  it("keeps the field order results.json is written in", () => {
    const r = runScenario(loadScenario(readFileSync(join(dir, "default.yaml"), "utf8"), "d"), {
      duration: 120,
    });
    const parsed = resultsSchema.parse(JSON.parse(JSON.stringify(r)));
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(r));
  });
});
