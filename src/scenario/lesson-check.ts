import { crossCheck } from "./cross-check.js";
import { formatPath, OverrideSyntaxError } from "./errors.js";
import { limitProblems } from "./limits.js";
import { parsePath, setAtPath } from "./overrides/field-path.js";
import { type Scenario, scenarioSchema } from "./schema.js";

/** A problem at a field path of the scenario (located by the caller). */
interface PathProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * Every "try this" change of a lesson must give a valid scenario: a button
 * in the playground that only shows an error teaches nothing. Each change is
 * applied to the scenario as written (its lesson left out, so the check does
 * not recurse) and checked like a file; a problem is put on the change's key.
 */
export function lessonProblems(s: Scenario): PathProblem[] {
  if (!s.lesson) return [];
  const { lesson: _, ...base } = s;
  const out: PathProblem[] = [];
  s.lesson.try.forEach((t, i) => {
    let data: unknown = base;
    for (const [key, value] of Object.entries(t.change)) {
      const at = ["lesson", "try", i, "change", key];
      try {
        data = setAtPath(data, parsePath(key), value);
      } catch (error) {
        if (!(error instanceof OverrideSyntaxError)) throw error;
        out.push({ path: at, message: error.message });
        return;
      }
    }
    const parsed = scenarioSchema.safeParse(data);
    const found = parsed.success
      ? [...crossCheck(parsed.data), ...limitProblems(parsed.data)].map(
          (p) => `${formatPath(p.path)}: ${p.message}`,
        )
      : parsed.error.issues.map(
          (issue) => `${formatPath(issue.path as PropertyKey[])}: ${issue.message}`,
        );
    if (found.length > 0)
      out.push({
        path: ["lesson", "try", i, "change"],
        message: `this change gives an invalid scenario (${found[0]})`,
      });
  });
  return out;
}
