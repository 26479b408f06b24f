export { formatPath, formatProblem, type InputProblem, UserError } from "./errors.js";
export { loadScenario } from "./load.js";
export * from "./schema.js";
export { binCountProblem, MAX_BINS } from "./validate.js";
