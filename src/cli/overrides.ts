import { type Scenario, UserError } from "../scenario/index.js";
import { checkDistinctPaths, expandGrid, parseSetFlag } from "../sweep/index.js";
import { VERSION } from "../version.js";

/**
 * Applies `--set path=value` overrides and `--duration`, validating the result
 * like a scenario file (schema limits and cross-field checks included).
 */
export function applyOverrides(
  scenario: Scenario,
  sets: readonly string[],
  duration: number | undefined,
): Scenario {
  if (sets.length === 0 && duration === undefined) return scenario;
  const flags = sets.map((text) => `--set ${text}`);
  const parameters = sets.map((text, i) => parseSetFlag(text, flags[i]));
  parameters.forEach((p, i) => {
    if (p.values.length !== 1) {
      throw new UserError(
        `${flags[i]}: 'rrdns run' takes one value per field; use 'rrdns sweep' for several`,
      );
    }
  });
  checkDistinctPaths(parameters, flags);
  const plan = {
    command: "sweep",
    version: VERSION,
    scenario,
    parameters,
    replications: 1,
    seed: scenario.seed,
    duration: duration ?? null,
  } as const;
  return expandGrid(plan, flags)[0]!.scenario;
}
