export { type RunOptions, runScenario } from "./run-scenario.js";
export { Simulation } from "./simulation.js";
