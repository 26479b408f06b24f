import { RESULTS_VERSION, type Results } from "./results.js";
import { resultsSchema } from "./results-bounds.js";

/**
 * Reading a results.json back (for `rrdns report`): files of the first
 * format, which had no `resultsVersion` and called the connection attempts
 * per server `requests`, are upgraded first, then everything is checked
 * against the one results schema. Extra fields are dropped.
 */

export type ResultsCheck =
  | { readonly ok: true; readonly results: Results }
  | { readonly ok: false; readonly problems: string[] };

/** Checks that a parsed JSON value is a results object the report can draw. */
export function checkResults(value: unknown): ResultsCheck {
  const parsed = resultsSchema.safeParse(upgradeResults(value));
  if (parsed.success) return { ok: true, results: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map(
      (i) => `${i.path.length > 0 ? i.path.map(String).join(".") : "(top level)"}: ${i.message}`,
    ),
  };
}

/**
 * A version-1 results object (no `resultsVersion`) in the current shape:
 * servers[].requests becomes `attempts`. Anything else is returned as it is,
 * for the schema to judge.
 */
export function upgradeResults(value: unknown): unknown {
  if (!isRecord(value) || "resultsVersion" in value) return value;
  const servers = Array.isArray(value.servers)
    ? value.servers.map((s: unknown) => {
        if (!isRecord(s) || "attempts" in s || !("requests" in s)) return s;
        const { requests, ...rest } = s;
        return { ...rest, attempts: requests };
      })
    : value.servers;
  return { ...value, resultsVersion: RESULTS_VERSION, servers };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
