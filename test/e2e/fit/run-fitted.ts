import { expect } from "vitest";
import { type CliResult, rrdnsInProcess } from "../../cli-helpers.js";

/** `rrdns run` on a fitted scenario, results only (no report), into `out`: it must succeed. */
export async function runFitted(scenario: string, out: string): Promise<CliResult> {
  const run = await rrdnsInProcess(["run", scenario, "--no-report", "--quiet", "--out", out]);
  expect(run.code, run.stderr).toBe(0);
  return run;
}
