import type { Scenario } from "../scenario/index.js";
import { UserError } from "../scenario/index.js";
import { checkDistinctPaths, expandGrid, type GridPoint, parseSetFlag } from "./grid.js";
import { checkPlanSize, runCount, type SweepParameter, type SweepPlan } from "./plan.js";

/*
 * `rrdns sweep`, the decisions: the plan from the scenario and the --set
 * values, its grid points, and how many shards a cluster run splits it into.
 * The CLI reads the scenario, runs the tasks or writes the cluster jobs.
 */

/** `rrdns sweep`'s flags as an options object (the scenario read). */
export interface SweepStudyOptions {
  readonly scenario: Scenario;
  /** The --set texts, each a path and the values to sweep. */
  readonly sets: readonly string[];
  readonly replications: number;
  readonly seed?: number;
  readonly duration?: number;
  readonly version: string;
}

/** Checks the options and makes the plan and its grid points (UserError naming the flag). */
export function sweepStudy(options: SweepStudyOptions): {
  plan: SweepPlan;
  points: GridPoint[];
} {
  const { scenario, sets } = options;
  const parameters: SweepParameter[] = sets.map((text) => parseSetFlag(text));
  const flagTexts = sets.map((text) => `--set ${text}`);
  checkDistinctPaths(parameters, flagTexts);
  if (options.duration !== undefined && parameters.some((p) => p.path === "duration")) {
    throw new UserError(
      "--duration: give the duration either as --duration or as --set duration=…, not both",
    );
  }
  const plan: SweepPlan = {
    command: "sweep",
    version: options.version,
    scenario,
    parameters,
    replications: options.replications,
    seed: options.seed ?? scenario.seed,
    duration: options.duration ?? null,
  };
  checkPlanSize(plan);
  return { plan, points: expandGrid(plan, flagTexts) };
}

/** The shards of a cluster run: as asked (--array-size), else one per run up to `most`; never an empty one. */
export function clusterShards(plan: SweepPlan, asked: number | undefined, most: number): number {
  const shards = asked ?? Math.min(runCount(plan), most);
  if (shards > runCount(plan)) {
    throw new UserError(
      `--array-size: ${shards} shards for ${runCount(plan)} runs would leave some empty; at most ${runCount(plan)}`,
    );
  }
  return shards;
}
