import type { LimitProblem, Scenario } from "../scenario/index.js";

/**
 * What a valid scenario may hold that the playground cannot run, as
 * problems loadScenario locates (file:line: field: message): a trace file,
 * which the browser has no way to read. Refused when the scenario is
 * uploaded or opened from a link, before a worker starts on it.
 */
export function playgroundRefusals(s: Scenario): LimitProblem[] {
  if (!s.clients.trace) return [];
  return [
    {
      path: ["clients", "trace"],
      message:
        "the playground does not read trace files (a browser page has no files): replay it with rrdns run, or fit the log with rrdns fit and open the fitted scenario here",
    },
  ];
}
