import { lateEvents, type Scenario } from "../scenario/index.js";
import { printable } from "./printable.js";

/**
 * Warns on stderr about each scheduled failure, rate step or event that the
 * run ends before (`--duration 600` with a failure at 1800 s). `label`
 * prefixes the scenario's name when several run (reports-all).
 */
export function warnLateEvents(scenario: Scenario, label = ""): void {
  const prefix = label === "" ? "" : `${label}: `;
  for (const e of lateEvents(scenario)) {
    process.stderr.write(
      `rrdns: warning: ${printable(prefix)}${e.field} = ${e.at} s is not before the end of the run (${scenario.duration} s), so it never happens; pass a longer --duration to include it\n`,
    );
  }
}
