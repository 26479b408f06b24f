import {
  applySettings,
  type FieldPath,
  formatValue,
  type InputProblem,
  OverrideSyntaxError,
  parsePath,
  type Scenario,
  type SweepValue,
  settingsLabel,
  UserError,
} from "../scenario/index.js";
import { pointCount, pointValues, type SweepPlan } from "./plan.js";

// Parsing --set flags and validating overridden scenarios live in the
// scenario module (src/scenario/overrides); re-exported here for the sweep code.
export {
  checkDistinctPaths,
  type FieldPath,
  formatValue,
  OverrideSyntaxError as SweepSyntaxError,
  parsePath,
  parseSetFlag,
  parseValueList,
  pathText,
  type SweepValue,
  setAtPath,
} from "../scenario/index.js";

/** A grid point's scenario, validated. */
export interface GridPoint {
  readonly index: number;
  readonly values: readonly SweepValue[];
  readonly scenario: Scenario;
}

/** Largest grid we expand; beyond it a typo is likelier than intent. */
export const MAX_GRID_POINTS = 100_000;

/** Most distinct problems collected before giving up on the rest of the grid. */
const MAX_PROBLEMS = 10;

/**
 * Expands the plan into grid points and validates every point's scenario
 * exactly as a scenario file would be (applySettings). A bad path or value
 * becomes a UserError naming the flag that set it. `flags[i]` is how
 * parameter i was given on the command line.
 */
export function expandGrid(plan: SweepPlan, flags: readonly string[] = []): GridPoint[] {
  const flagOf = (i: number): string => {
    const p = plan.parameters[i]!;
    return flags[i] ?? `--set ${p.path}=${p.values.map(formatValue).join(",")}`;
  };
  const total = pointCount(plan);
  if (total > MAX_GRID_POINTS) {
    throw new UserError(
      `the grid has ${total} points (the product of the --set lists); at most ${MAX_GRID_POINTS} are allowed`,
    );
  }
  const paths: FieldPath[] = plan.parameters.map((p, i) => {
    try {
      return parsePath(p.path);
    } catch (error) {
      if (error instanceof OverrideSyntaxError) {
        throw new UserError([
          { file: flagOf(i), line: 0, column: 0, field: "", message: error.message },
        ]);
      }
      throw error;
    }
  });
  const names = plan.parameters.map((p) => p.path);
  const duration = plan.duration ?? undefined;
  const problems = new Map<string, InputProblem>();
  const points: GridPoint[] = [];
  for (let index = 0; index < total && problems.size < MAX_PROBLEMS; index++) {
    const values = pointValues(plan, index);
    const settings = paths.map((path, i) => ({ path, value: values[i]!, flag: flagOf(i) }));
    const label = settingsLabel(names, values);
    const found = applySettings(plan.scenario, settings, { duration, label });
    if (found.ok) points.push({ index, values, scenario: found.scenario });
    else for (const p of found.problems) problems.set(`${p.file}|${p.field}|${p.message}`, p);
  }
  if (problems.size > 0) throw new UserError([...problems.values()]);
  return points;
}
