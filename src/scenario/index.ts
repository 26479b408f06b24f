export * from "./connections-schema.js";
export {
  escapeControl,
  formatPath,
  formatProblem,
  type InputProblem,
  OverrideSyntaxError,
  quoteText,
  UserError,
} from "./errors.js";
export { scenarioJsonSchema } from "./json-schema.js";
export { type LateEvent, lateEvents } from "./late-events.js";
export * from "./limits.js";
export { loadScenario } from "./load.js";
export * from "./overrides/index.js";
export {
  diurnalAmplitude,
  expectedVisits,
  expectedVisitsOver,
  peakRate,
  rateAt,
} from "./rate-profile.js";
export * from "./schema.js";
export { type SettableField, settableFields } from "./schema-fields.js";
export { MAX_QUEUE_CELLS } from "./service-check.js";
export {
  cachePreRoll,
  MAX_PRE_ROLL,
  MIN_PRE_ROLL,
  preRollLength,
  quietPreRollLength,
  sessionPreRoll,
} from "./session-pre-roll.js";
export {
  checkScenario,
  type Locate,
  type ScenarioCheck,
  validateScenario,
  type Where,
} from "./validate.js";
