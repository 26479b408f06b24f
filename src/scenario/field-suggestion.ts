import { formatPath } from "./errors.js";
import { allFieldPaths, fieldsAt } from "./schema-fields.js";

/**
 * Optimal string alignment distance: insertions, deletions, substitutions
 * and swaps of two neighbours (`tll` → `ttl` is one step) each cost 1.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Most edits a suggestion may be away: 1 for names of up to 2 letters, then 40% of the name, at most 2. */
function maxDistance(name: string): number {
  return Math.min(2, Math.max(1, Math.ceil(name.length * 0.4)));
}

/**
 * What an unknown field `key` in the object at `path` was probably meant to
 * be, as full paths (`dns.ttl` for `dns.tll`): the closest names the schema
 * allows there by edit distance (case ignored), or else fields of that name
 * elsewhere in the scenario (`ttl` at the top → `dns.ttl`). Empty: no guess.
 */
export function suggestFields(path: readonly PropertyKey[], key: string): string[] {
  // A name with control characters in it is not a typo: shown escaped, with no guess.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(key)) return [];
  const wanted = key.toLowerCase();
  const scored = fieldsAt(path)
    .map((name) => ({ name, distance: editDistance(wanted, name.toLowerCase()) }))
    .filter((s) => s.distance <= maxDistance(key));
  if (scored.length > 0) {
    const best = Math.min(...scored.map((s) => s.distance));
    return scored
      .filter((s) => s.distance === best)
      .slice(0, 3)
      .map((s) => formatPath([...path, s.name]));
  }
  return allFieldPaths()
    .filter(
      (p) =>
        p
          .split(/\.|\[\]\.?/)
          .at(-1)
          ?.toLowerCase() === wanted,
    )
    .slice(0, 3);
}

/** ` (did you mean dns.ttl?)` for the unknown keys we can guess, else "". */
export function suggestionText(path: readonly PropertyKey[], keys: readonly string[]): string {
  const guesses = [...new Set(keys.flatMap((key) => suggestFields(path, key)))];
  return guesses.length === 0 ? "" : ` (did you mean ${guesses.join(" or ")}?)`;
}
