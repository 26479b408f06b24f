export {
  escapeControl,
  formatPath,
  formatProblem,
  type InputProblem,
  OverrideSyntaxError,
  quoteText,
  UserError,
} from "./errors.js";
export * from "./limits.js";
export { loadScenario } from "./load.js";
export * from "./overrides/index.js";
export * from "./schema.js";
export {
  checkScenario,
  type Locate,
  type ScenarioCheck,
  validateScenario,
  type Where,
} from "./validate.js";
