import type { Scenario } from "../schema.js";
import { type FieldPath, parsePath } from "./field-path.js";
import { parseSetFlag } from "./set-flag.js";
import type { SweepValue } from "./value-list.js";

/** One field the command line changed, with the value the scenario file gave it. */
export interface Override {
  /** Field path as `rrdns run --set` takes it: `dns.ttl`, `servers[0].capacity`, `seed`, `duration`. */
  readonly field: string;
  readonly value: SweepValue;
  /** The file's value, defaults filled in; undefined: the file does not set it. */
  readonly file?: unknown;
}

/** The value at `path` in `root`, or undefined when the path leads nowhere. */
export function valueAtPath(root: unknown, path: FieldPath): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * The overrides a run was asked for: --duration, --seed, then each
 * `--set path=value` as written (already checked by applyOverrides: one
 * value each), with the file's values. A later flag for the same field wins
 * (`--set duration=…` after --duration). A flag that sets a field to the
 * value the file already has changes nothing and is left out, so such a run
 * is the file's run, byte for byte.
 */
export function overrideList(
  base: Scenario,
  sets: readonly string[],
  flags: { readonly duration?: number | undefined; readonly seed?: number | undefined } = {},
): Override[] {
  const asked = new Map<string, SweepValue>();
  const ask = (field: string, value: SweepValue): void => {
    asked.delete(field); // the last flag's value, in the last flag's place
    asked.set(field, value);
  };
  if (flags.duration !== undefined) ask("duration", flags.duration);
  if (flags.seed !== undefined) ask("seed", flags.seed);
  for (const text of sets) {
    const parsed = parseSetFlag(text);
    ask(parsed.path, parsed.values[0]!);
  }
  const out: Override[] = [];
  for (const [field, value] of asked) {
    const file = valueAtPath(base, parsePath(field));
    if (file === value) continue;
    out.push(file === undefined ? { field, value } : { field, value, file });
  }
  return out;
}
