import type { Results } from "../src/metrics/index.js";
import type { Validation, ValidationRow } from "../src/report/index.js";
import { runScenario } from "../src/run/index.js";
import { type Scenario, type ScenarioInput, scenarioSchema } from "../src/scenario/index.js";

/** A small valid scenario input; tests override what they care about. */
export function baseInput(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    name: "test",
    duration: 600,
    servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }, { address: "10.0.0.3" }],
    dns: { ttl: 60, order: "cyclic" },
    resolvers: { count: 100, skew: 1, behaviour: "rotate" },
    clients: { rate: 50 },
    ...overrides,
  };
}

export function scenario(overrides: Partial<ScenarioInput> = {}): Scenario {
  return scenarioSchema.parse(baseInput(overrides));
}

export function run(overrides: Partial<ScenarioInput> = {}, seed?: number): Results {
  return runScenario(scenario(overrides), seed === undefined ? {} : { seed });
}

/** Asserts |actual - expected| <= tolerance × expected, with a readable message. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Sum of a numeric array. */
export const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** A fit validation row (queries/s-like numbers, ±15%); tests set what they look at. */
/** A validation of these rows, as `validateFit` returns one (no notes). */
export function validationOf(rows: ValidationRow[], replications = 3): Validation {
  return { replications, notes: [], rows };
}

export function validationRow(
  metric: string,
  pass: boolean,
  more: Partial<ValidationRow> = {},
): ValidationRow {
  return {
    metric,
    trace: 0.01021,
    fitted: 0.009618,
    standardError: 0.00017,
    tolerance: "±15%",
    pass,
    ...more,
  };
}
