import type { Results } from "../metrics/index.js";
import { summarize } from "../metrics/index.js";
import { World } from "../model/world.js";
import type { Scenario } from "../scenario/index.js";
import { VERSION } from "../version.js";
import type { RunOptions } from "./run-scenario.js";

/**
 * One run that can be driven step by step: `runUntil(t)` advances the world
 * to simulated time t, `snapshot()` summarizes what has been recorded so far.
 * A progress bar, a Web Worker or a test drives the same world that
 * `runScenario` runs in one go, so stepping never changes the results.
 */
export class Simulation {
  readonly scenario: Scenario;
  private readonly world: World;

  constructor(scenario: Scenario, options: RunOptions = {}) {
    this.scenario = {
      ...scenario,
      seed: options.seed ?? scenario.seed,
      duration: options.duration ?? scenario.duration,
    };
    this.world = new World(this.scenario, this.scenario.seed);
  }

  /** Simulated seconds the run lasts. */
  get horizon(): number {
    return this.world.horizon;
  }

  /** Simulated time reached so far (seconds). */
  get now(): number {
    return this.world.sim.now;
  }

  get done(): boolean {
    return this.now >= this.horizon;
  }

  /** Runs every event before min(t, horizon). Calling it with increasing t is the same as one run. */
  runUntil(t: number): void {
    this.world.sim.run(Math.min(t, this.horizon));
  }

  /** Runs to the horizon. */
  run(): void {
    this.runUntil(this.horizon);
  }

  /** The results of what has been simulated so far (the final results once `done`). */
  snapshot(): Results {
    const w = this.world;
    return summarize({
      scenario: this.scenario,
      seed: this.scenario.seed,
      version: VERSION,
      recorder: w.recorder,
      tracker: w.tracker,
      outages: w.plan.outages,
      resolverShares: w.resolverShares,
    });
  }
}
