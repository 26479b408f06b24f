export { type RunOptions, runScenario } from "./run-scenario.js";
