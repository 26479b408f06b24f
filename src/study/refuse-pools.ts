import { type Scenario, UserError } from "../scenario/index.js";

/** Why a study refuses a connection-pool scenario, and the sweep that measures what is asked instead. */
export interface PoolRefusal {
  /** The command, as `rrdns <command>`. */
  readonly command: string;
  /** Why it cannot take a pool, then what to measure instead ("… Measure the X"). */
  readonly why: string;
  /** The --set of the sweep to run instead. */
  readonly sweep: string;
}

/**
 * A study that weighs visits or queued requests (ttl, plan) cannot take a
 * connection-pool scenario: a UserError naming the file, why, and the sweep
 * to run instead.
 */
export function refusePools(
  study: { readonly scenario: Scenario; readonly path: string },
  refusal: PoolRefusal,
): void {
  if (study.scenario.connections)
    throw new UserError(
      `${study.path}: connections: rrdns ${refusal.command} ${refusal.why} with a sweep: rrdns sweep ${study.scenario.name} --set ${refusal.sweep}`,
    );
}
