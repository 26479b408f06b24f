import { formatPath } from "./errors.js";
import type { Scenario } from "./schema.js";

/** A scheduled time (a failure, a rate step, a flash crowd) at or after the run's end. */
export interface LateEvent {
  /** Field path of the time, e.g. `failures[0].at`. */
  readonly field: string;
  readonly at: number;
}

/**
 * Every scheduled time in the scenario (each field named `at`: failures,
 * outages, rate steps, flash crowds) that falls at or after the end of the
 * run, so never happens. Valid on its own (a shorter --duration is a fair
 * quick check), but the user should hear that part of the file is dropped.
 * The autoscaling rule's first evaluation (one interval in) counts too.
 */
export function lateEvents(scenario: Scenario): LateEvent[] {
  const out: LateEvent[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) walk(child, [...path, i]);
    } else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        if (key === "at" && typeof child === "number" && child >= scenario.duration)
          out.push({ field: formatPath([...path, key]), at: child });
        else walk(child, [...path, key]);
      }
    }
  };
  walk(scenario, []);
  // The autoscaling rule first runs one interval in: never, when that is not before the end.
  const auto = scenario.pool?.autoscale;
  if (auto && auto.interval >= scenario.duration)
    out.push({ field: "pool.autoscale.interval", at: auto.interval });
  return out;
}
