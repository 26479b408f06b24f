/**
 * The scenario in the URL hash, so a link shares the whole setting:
 * `#scenario=<JSON>` and, in the compare view, `&compare=<JSON>` for side A.
 * JSON is YAML, so the page reads it back with the CLI's loader and the
 * same messages.
 */
export interface HashState {
  readonly scenario?: string;
  readonly compare?: string;
}

export function encodeHash(scenario: unknown, compare?: unknown): string {
  const parts = [`scenario=${encodeURIComponent(JSON.stringify(scenario))}`];
  if (compare !== undefined) parts.push(`compare=${encodeURIComponent(JSON.stringify(compare))}`);
  return `#${parts.join("&")}`;
}

/** The texts in a hash (with or without its '#'); fields that are not there are left out. */
export function decodeHash(hash: string): HashState {
  const state: Record<string, string> = {};
  for (const part of hash.replace(/^#/, "").split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    if (key !== "scenario" && key !== "compare") continue;
    try {
      state[key] = decodeURIComponent(part.slice(eq + 1));
    } catch {
      // A mangled link: leave the field out, the page starts from a lesson.
    }
  }
  return state;
}
