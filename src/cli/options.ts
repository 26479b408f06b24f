import { Option } from "commander";
import { MAX_REPLICATIONS } from "../run/replication-limit.js";
import { UserError } from "../scenario/errors.js";

/*
 * commander argument parsers that reject bad values with a UserError naming
 * the flag. Every numeric flag takes plain decimal notation only: JavaScript's
 * Number() would also take "0x10", "1e3", "Infinity" and " 5 ", and one flag
 * taking what another refuses is a trap.
 */

const DECIMAL_INTEGER = /^-?\d+$/;
const DECIMAL_NUMBER = /^-?(\d+(\.\d+)?|\.\d+)$/;

export function integerOption(flag: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!DECIMAL_INTEGER.test(value) || !Number.isSafeInteger(n) || n < min) {
      throw new UserError(`${flag}: expected a whole decimal number >= ${min}, got '${value}'`);
    }
    return n;
  };
}

/**
 * `--replications`: a whole number from `min` to MAX_REPLICATIONS, checked
 * when the flag is read, before any command keeps that many results.
 */
export function replicationsOption(min = 1) {
  const whole = integerOption("--replications", min);
  return (value: string): number => {
    const n = whole(value);
    if (n > MAX_REPLICATIONS)
      throw new UserError(
        `--replications: ${n} replications is more than the limit of ${MAX_REPLICATIONS} (MAX_REPLICATIONS)`,
      );
    return n;
  };
}

export function positiveNumberOption(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!DECIMAL_NUMBER.test(value) || !Number.isFinite(n) || n <= 0) {
      throw new UserError(`${flag}: expected a positive decimal number, got '${value}'`);
    }
    return n;
  };
}

export function nonNegativeNumberOption(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!DECIMAL_NUMBER.test(value) || !Number.isFinite(n) || n < 0) {
      throw new UserError(`${flag}: expected a decimal number >= 0, got '${value}'`);
    }
    return n;
  };
}

/** Seconds >= 0, plain or with a unit: `1`, `1s`, `500ms` (the --slo syntax). */
export function secondsOption(flag: string) {
  return (value: string): number => {
    const m = /^(-?(?:\d+(?:\.\d+)?|\.\d+))(ms|s)?$/.exec(value);
    const n = m ? Number(m[1]) / (m[2] === "ms" ? 1000 : 1) : Number.NaN;
    if (!m || !Number.isFinite(n) || n < 0) {
      throw new UserError(`${flag}: expected seconds >= 0, e.g. 1s or 500ms, got '${value}'`);
    }
    return n;
  };
}

/**
 * A flag that takes one of a few words, checked by commander itself (its error
 * names the flag and the allowed words; main() maps it to exit code 2).
 */
export function choiceOption<T extends string>(
  flags: string,
  description: string,
  choices: readonly T[],
  defaultValue: T,
): Option {
  return new Option(flags, description).choices(choices).default(defaultValue);
}

/** commander accumulator for a repeatable flag. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
