import { escapeControl, type InputProblem, OverrideSyntaxError, UserError } from "../errors.js";
import type { Scenario } from "../schema.js";
import { checkScenario, type ScenarioCheck } from "../validate.js";
import { type FieldPath, parsePath, setAtPath } from "./field-path.js";
import { type FieldValues, flagProblem, parseSetFlag } from "./set-flag.js";
import { formatValue, type SweepValue } from "./value-list.js";

export { type FieldPath, parsePath, pathText, setAtPath } from "./field-path.js";
export { type FieldValues, parseSetFlag } from "./set-flag.js";
export { formatValue, parseValueList, type SweepValue } from "./value-list.js";

/**
 * Overrides of scenario fields from the command line: `--set path=value`
 * (one value for `rrdns run`, a list for sweeps) and `--duration`. Every
 * overridden scenario goes through the same validation as a file
 * (validateScenario); problems are blamed on the flag that caused them.
 */

/** One field set to one value, and the flag that asked for it (for messages). */
export interface FieldSetting {
  readonly path: FieldPath;
  readonly value: SweepValue;
  readonly flag: string;
}

/** Rejects the same field set twice: the second flag would silently win. */
export function checkDistinctPaths(
  parameters: readonly FieldValues[],
  flags: readonly string[],
): void {
  parameters.forEach((p, i) => {
    const j = parameters.findIndex((q) => q.path === p.path);
    if (j !== i)
      throw flagProblem(
        flags[i] ?? p.path,
        `${p.path} is already swept by ${flags[j] ?? "another flag"}`,
      );
  });
}

/**
 * `rrdns run`'s overrides: one value per `--set`, and `--duration`. This is
 * the one place `--duration` is applied to a scenario; the result is
 * validated like a file.
 */
export function applyOverrides(
  scenario: Scenario,
  sets: readonly string[],
  duration: number | undefined,
): Scenario {
  if (sets.length === 0 && duration === undefined) return scenario;
  const flags = sets.map((text) => `--set ${text}`);
  const parameters = sets.map((text, i) => parseSetFlag(text, flags[i]));
  parameters.forEach((p, i) => {
    if (p.values.length !== 1) {
      throw flagProblem(
        flags[i]!,
        "'rrdns run' takes one value per field; use 'rrdns sweep' for several",
      );
    }
  });
  checkDistinctPaths(parameters, flags);
  const settings = parameters.map((p, i) => ({
    path: parsePath(p.path),
    value: p.values[0]!,
    flag: flags[i]!,
  }));
  const found = applySettings(scenario, settings, { duration });
  if (!found.ok) throw new UserError(found.problems);
  return found.scenario;
}

export interface SettingOptions {
  /** --duration, applied before the settings (so `--set duration=…` wins). */
  readonly duration?: number | undefined;
  /** The grid point, e.g. `dns.ttl=30, resolvers.skew=1`: named in every message. */
  readonly label?: string;
}

/**
 * Sets each field on a copy of `base` and validates the result like a file.
 * A problem is blamed on the flag that set the field (or its parent or
 * child), on --duration for the fields the bin count depends on, else on the
 * grid point or the scenario.
 */
export function applySettings(
  base: Scenario,
  settings: readonly FieldSetting[],
  options: SettingOptions = {},
): ScenarioCheck {
  const { duration } = options;
  const label = escapeControl(options.label ?? "");
  let data: unknown = duration === undefined ? base : { ...base, duration };
  for (const s of settings) {
    try {
      data = setAtPath(data, s.path, s.value);
    } catch (error) {
      if (error instanceof OverrideSyntaxError) {
        return { ok: false, problems: [flagProblem(s.flag, error.message).problems[0]!] };
      }
      throw error;
    }
  }
  const blame = (path: readonly PropertyKey[]): string => {
    const s = settings.find(
      (s) => isPrefix(s.path, path) || (path.length > 0 && isPrefix(path, s.path)),
    );
    if (s) return s.flag;
    // The bin count depends on the duration too: blame the flag that changed it.
    if (duration !== undefined && ["duration", "warmup", "window"].includes(String(path[0])))
      return "--duration";
    return label === "" ? "the scenario" : `grid point ${label}`;
  };
  const checked = checkScenario(data, (path, key) => ({
    file: blame(key === undefined ? path : [...path, key]),
    line: 0,
    column: 0,
  }));
  const found = checked.ok
    ? checked
    : { ok: false as const, problems: withRemedies(checked.problems) };
  if (found.ok || label === "") return found;
  return {
    ok: false,
    problems: found.problems.map(
      (p): InputProblem => ({ ...p, message: `${p.message} (at ${label})` }),
    ),
  };
}

/**
 * What to do about a warm-up that a shorter --duration swallowed: the
 * scenario file is fine, the flag is what to change.
 */
function withRemedies(problems: readonly InputProblem[]): InputProblem[] {
  return problems.map((p) =>
    p.file === "--duration" && p.field === "warmup"
      ? { ...p, message: `${p.message}; pass a --duration longer than the warm-up` }
      : p,
  );
}

/** A grid point's label: `dns.ttl=30, resolvers.skew=1`. */
export function settingsLabel(paths: readonly string[], values: readonly SweepValue[]): string {
  return paths.map((p, i) => `${p}=${formatValue(values[i]!)}`).join(", ");
}

function isPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => k === path[i]);
}

export { type Override, overrideList, valueAtPath } from "./override-list.js";

/**
 * A lesson's "try this" change applied to its scenario, validated like
 * `rrdns run --set path=value` (the flag a problem is blamed on reads so).
 */
export function applyLessonChange(
  base: Scenario,
  change: Readonly<Record<string, SweepValue>>,
): ScenarioCheck {
  const settings = Object.entries(change).map(([path, value]) => ({
    path: parsePath(path),
    value,
    flag: `--set ${path}=${formatValue(value)}`,
  }));
  return applySettings(base, settings);
}

/** A change as `rrdns run` flags: `--set dns.ttl=60 --set …`. */
export function lessonChangeFlags(change: Readonly<Record<string, SweepValue>>): string {
  return Object.entries(change)
    .map(([path, value]) => `--set ${path}=${formatValue(value)}`)
    .join(" ");
}
