import { UserError } from "../scenario/index.js";

/** commander argument parsers that reject bad values with a UserError naming the flag. */
export function integerOption(flag: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new UserError(`${flag}: expected an integer >= ${min}, got '${value}'`);
    }
    return n;
  };
}

export function positiveNumberOption(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n <= 0) {
      throw new UserError(`${flag}: expected a positive number, got '${value}'`);
    }
    return n;
  };
}

export function choiceOption<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new UserError(`${flag}: expected one of ${choices.join(", ")}, got '${value}'`);
    }
    return value as T;
  };
}

/** commander accumulator for a repeatable flag. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
