import { loadScenario, type Scenario } from "../scenario/index.js";
import { readText, resolveScenarioPath } from "./files.js";

/** Reads and validates a scenario given by path or bundled name. */
export function loadScenarioFile(arg: string): { path: string; scenario: Scenario } {
  const path = resolveScenarioPath(arg);
  return { path, scenario: loadScenario(readText(path), path) };
}
