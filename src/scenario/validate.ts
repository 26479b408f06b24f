import type { z } from "zod";
import { crossCheck } from "./cross-check.js";
import { formatPath, type InputProblem, quoteText, UserError } from "./errors.js";
import { suggestionText } from "./field-suggestion.js";
import { limitProblems } from "./limits.js";
import { type Scenario, scenarioSchema } from "./schema.js";

/** Where a problem at a field path is: file:line:col for a file, the flag for an override. */
export interface Where {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Locates the field at `path`; `key` is set for an unknown key inside the
 * object at `path` (so a file can point at the key itself).
 */
export type Locate = (path: readonly PropertyKey[], key?: string) => Where;

export type ScenarioCheck =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: InputProblem[] };

/**
 * The one validation path for scenario data, from a file or from overrides:
 * the schema, then the cross-field checks and the work and memory limits.
 * Returns the scenario with defaults filled in, or every problem, located.
 */
export function checkScenario(data: unknown, locate: Locate): ScenarioCheck {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => schemaProblem(i, data, locate)) };
  }
  const found = [...crossCheck(parsed.data), ...limitProblems(parsed.data)];
  if (found.length > 0) {
    return {
      ok: false,
      problems: found.map((p) => ({
        ...locate(p.path),
        field: formatPath(p.path),
        message: p.message,
      })),
    };
  }
  return { ok: true, scenario: parsed.data };
}

/** `checkScenario` that throws the problems as one UserError. */
export function validateScenario(data: unknown, locate: Locate): Scenario {
  const found = checkScenario(data, locate);
  if (!found.ok) throw new UserError(found.problems);
  return found.scenario;
}

function schemaProblem(issue: z.core.$ZodIssue, data: unknown, locate: Locate): InputProblem {
  const path = issue.path as PropertyKey[];
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const many = issue.keys.length > 1;
    return {
      ...locate(path, key),
      field: formatPath([...path, key]),
      // Quoted and escaped: a key with a NUL or an ESC in it must show as what it is.
      message: `unknown field${many ? "s" : ""} ${issue.keys.map(quoteText).join(", ")}${suggestionText(path, issue.keys)}`,
    };
  }
  const missing = path.length > 0 && !hasField(data, path);
  return {
    ...locate(path),
    field: formatPath(path),
    message: missing ? "missing required field" : issue.message,
  };
}

/** Whether the input has an own value at `path` (inherited names such as `constructor` do not count). */
function hasField(data: unknown, path: readonly PropertyKey[]): boolean {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node !== undefined;
}
