import type { z } from "zod";
import {
  formatPath,
  type InputProblem,
  type Scenario,
  scenarioSchema,
  UserError,
} from "../scenario/index.js";
import { crossCheck } from "../scenario/validate.js";
import { type FieldPath, parsePath, pathText, setAtPath } from "./path.js";
import { pointCount, pointValues, type SweepParameter, type SweepPlan } from "./plan.js";
import { SweepSyntaxError } from "./syntax-error.js";
import { formatValue, parseValueList, type SweepValue } from "./values.js";

/** A grid point's scenario, validated. */
export interface GridPoint {
  readonly index: number;
  readonly values: readonly SweepValue[];
  readonly scenario: Scenario;
}

/** Largest grid we expand; beyond it a typo is likelier than intent. */
export const MAX_GRID_POINTS = 100_000;

/**
 * Parses one `--set path=values` flag. `flag` is how the user wrote it, for
 * error messages (`--set dns.ttl=30,60`).
 */
export function parseSetFlag(text: string, flag = `--set ${text}`): SweepParameter {
  const eq = text.indexOf("=");
  if (eq < 0) throw problem(flag, "expected path=values, e.g. dns.ttl=30,60,300");
  try {
    const path = pathText(parsePath(text.slice(0, eq)));
    if (path === "seed") {
      throw new SweepSyntaxError(
        "the seed is not a sweep parameter: use --seed; replications derive their seeds from it",
      );
    }
    return { path, values: parseValueList(text.slice(eq + 1)) };
  } catch (error) {
    if (error instanceof SweepSyntaxError) throw problem(flag, error.message);
    throw error;
  }
}

/** Rejects the same field swept twice: the second flag would silently win. */
export function checkDistinctPaths(
  parameters: readonly SweepParameter[],
  flags: readonly string[],
): void {
  parameters.forEach((p, i) => {
    const j = parameters.findIndex((q) => q.path === p.path);
    if (j !== i)
      throw problem(
        flags[i] ?? p.path,
        `${p.path} is already swept by ${flags[j] ?? "another flag"}`,
      );
  });
}

/**
 * Expands the plan into grid points and validates every point's scenario
 * through the schema and its cross-field checks, exactly as a scenario file
 * would be. A bad path or value becomes a UserError naming the flag that set
 * it. `flags[i]` is how parameter i was given on the command line.
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
      if (error instanceof SweepSyntaxError) throw problem(flagOf(i), error.message);
      throw error;
    }
  });
  const base: unknown =
    plan.duration === null ? plan.scenario : { ...plan.scenario, duration: plan.duration };
  const problems = new Map<string, InputProblem>();
  const points: GridPoint[] = [];
  for (let index = 0; index < total && problems.size < 10; index++) {
    const values = pointValues(plan, index);
    const label = plan.parameters.map((p, i) => `${p.path}=${formatValue(values[i]!)}`).join(", ");
    let data = base;
    try {
      paths.forEach((path, i) => {
        try {
          data = setAtPath(data, path, values[i]);
        } catch (error) {
          if (error instanceof SweepSyntaxError) throw problem(flagOf(i), error.message);
          throw error;
        }
      });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      for (const p of error.problems) problems.set(p.message + p.file, p);
      continue;
    }
    const found = validate(data, paths, flagOf, label, plan.duration !== null);
    if ("scenario" in found) points.push({ index, values, scenario: found.scenario });
    else for (const p of found.problems) problems.set(`${p.file}|${p.field}|${p.message}`, p);
  }
  if (problems.size > 0) throw new UserError([...problems.values()]);
  return points;
}

function validate(
  data: unknown,
  paths: readonly FieldPath[],
  flagOf: (i: number) => string,
  label: string,
  durationOverridden: boolean,
): { scenario: Scenario } | { problems: InputProblem[] } {
  const parsed = scenarioSchema.safeParse(data);
  const blame = (path: readonly PropertyKey[]): string => {
    const i = paths.findIndex((p) => isPrefix(p, path) || (path.length > 0 && isPrefix(path, p)));
    if (i >= 0) return flagOf(i);
    // The bin count depends on the duration too: blame the flag that changed it.
    if (durationOverridden && ["duration", "warmup", "window"].includes(String(path[0])))
      return "--duration";
    return label === "" ? "the scenario" : `grid point ${label}`;
  };
  const toProblem = (path: readonly PropertyKey[], message: string): InputProblem => ({
    file: blame(path),
    line: 0,
    column: 0,
    field: formatPath(path),
    message: label === "" ? message : `${message} (at ${label})`,
  });
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue: z.core.$ZodIssue) => {
        const path = issue.path as PropertyKey[];
        if (issue.code === "unrecognized_keys") {
          const key = issue.keys[0] ?? "";
          return toProblem([...path, key], `unknown field '${key}'`);
        }
        return toProblem(path, issue.message);
      }),
    };
  }
  const cross = crossCheck(parsed.data);
  if (cross.length > 0) return { problems: cross.map((p) => toProblem(p.path, p.message)) };
  return { scenario: parsed.data };
}

function isPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => k === path[i]);
}

function problem(flag: string, message: string): UserError {
  return new UserError([{ file: flag, line: 0, column: 0, field: "", message }]);
}
