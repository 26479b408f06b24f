import { OverrideSyntaxError, UserError } from "../errors.js";
import { parsePath, pathText } from "./field-path.js";
import { parseValueList, type SweepValue } from "./value-list.js";

/** One overridden field and the values it takes, as parsed from a --set flag. */
export interface FieldValues {
  /** Normalised field path, e.g. `dns.ttl` or `servers[0].capacity`. */
  readonly path: string;
  readonly values: readonly SweepValue[];
}

/**
 * Parses one `--set path=values` flag. `flag` is how the user wrote it, for
 * error messages (`--set dns.ttl=30,60`).
 */
export function parseSetFlag(text: string, flag = `--set ${text}`): FieldValues {
  const eq = text.indexOf("=");
  if (eq < 0) throw flagProblem(flag, "expected path=values, e.g. dns.ttl=30,60,300");
  try {
    const path = pathText(parsePath(text.slice(0, eq)));
    if (path === "seed") {
      throw new OverrideSyntaxError(
        "the seed is not a sweep parameter: use --seed; replications derive their seeds from it",
      );
    }
    return { path, values: parseValueList(text.slice(eq + 1)) };
  } catch (error) {
    if (error instanceof OverrideSyntaxError) throw flagProblem(flag, error.message);
    throw error;
  }
}

/** A problem blamed on the command-line flag that caused it. */
export function flagProblem(flag: string, message: string): UserError {
  return new UserError([{ file: flag, line: 0, column: 0, field: "", message }]);
}
