import type { z } from "zod";
import { crossCheck } from "./cross-check.js";
import { formatPath, type InputProblem, quoteText, UserError } from "./errors.js";
import { suggestionText } from "./field-suggestion.js";
import { lessonProblems } from "./lesson-check.js";
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
  const own = [...crossCheck(parsed.data), ...limitProblems(parsed.data)];
  // A lesson's changes are judged on a valid scenario only: on an invalid one
  // they would repeat its own problems once per change.
  const found = own.length > 0 ? own : lessonProblems(parsed.data);
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

/**
 * The one branch of a failed union the value was meant for, if that is
 * clear: the only branch whose issues are neither "not even this type" at
 * the union itself nor a wrong discriminator literal (`profile: steps` is
 * meant for the steps branch). Its own issue (a steps profile over the
 * limit, say) then says what is wrong, instead of zod's "Invalid input".
 */
function meantBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue | undefined {
  if (issue.code !== "invalid_union") return undefined;
  const candidates = issue.errors.filter(
    (branch) =>
      branch.length > 0 &&
      !branch.some(
        (i) => (i.path.length === 0 && i.code === "invalid_type") || i.code === "invalid_value",
      ),
  );
  if (candidates.length !== 1) return undefined;
  const inner = candidates[0]![0]!;
  const resolved = { ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue;
  return meantBranch(resolved) ?? resolved;
}

function schemaProblem(raw: z.core.$ZodIssue, data: unknown, locate: Locate): InputProblem {
  const issue = meantBranch(raw) ?? raw;
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
