import { applyOverrides, hasServiceModel, type Scenario, UserError } from "../scenario/index.js";
import type { PlanOptions, Slo } from "./capacity-plan.js";
import { refusePools } from "./refuse-pools.js";

/*
 * `rrdns plan`, the decisions before any run: whether the scenario can be
 * planned by response times, the scenario with its overrides, the planner's
 * options and the most runs the plan can take (the progress bar's total).
 * The planner itself is planCapacity (./capacity-plan.ts), given an executor;
 * the CLI reads the scenario, starts the worker threads and writes the files.
 */

/** `rrdns plan`'s flags as an options object (the scenario read, the SLO and range parsed). */
export interface PlanStudyOptions {
  readonly scenario: Scenario;
  /** The scenario file as errors name it; `arg` as the user gave it. */
  readonly path: string;
  readonly arg: string;
  readonly slo: Slo;
  readonly maxErrors: number;
  readonly servers: { readonly from: number; readonly to: number };
  readonly nPlusOne: boolean;
  readonly replications: number;
  readonly seed?: number;
  readonly duration?: number;
  readonly sets: readonly string[];
}

/** A capacity plan ready to run: planCapacity(scenario, options, executor). */
export interface PlanStudy {
  readonly scenario: Scenario;
  readonly options: PlanOptions;
  /**
   * The most runs of the counts: the plan stops at the first count that meets
   * the SLO, and each count once its CIs are clear, so an ETA from it errs
   * long; alternatives tried after an imbalance grow it.
   */
  readonly maxRuns: number;
}

/** Checks the scenario and makes the planner's options (UserError naming the file or flag). */
export function planStudy(options: PlanStudyOptions): PlanStudy {
  // Pooled requests are not queued at the servers, so there are no response times to plan by.
  refusePools(options, {
    command: "plan",
    why: "sizes a fleet by the response times of requests queued at servers with capacity, and the requests of a connection-pool scenario are not queued (a pool run has no service model). Measure how evenly a pool spreads its load",
    sweep:
      "connections.clients=100,300,1000 (servers.maxShare × the request rate is the busiest server's load)",
  });
  const scenario = applyOverrides(options.scenario, options.sets, options.duration);
  const service = scenario.service ?? {};
  if (!hasServiceModel(scenario) || (!service.serviceTime && !scenario.servers[0]!.serviceTime))
    throw new UserError(
      `${options.arg}: rrdns plan needs servers with capacity (a service block with a serviceTime)`,
    );
  const { servers } = options;
  return {
    scenario,
    options: {
      slo: options.slo,
      maxErrors: options.maxErrors,
      servers,
      nPlusOne: options.nPlusOne,
      replications: options.replications,
      seed: options.seed ?? scenario.seed,
    },
    maxRuns: (servers.to - servers.from + 1) * options.replications,
  };
}
