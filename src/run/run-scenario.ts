import type { Results } from "../metrics/index.js";
import { summarize } from "../metrics/index.js";
import { World } from "../model/world.js";
import type { Scenario } from "../scenario/index.js";
import { VERSION } from "../version.js";

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Overrides the scenario's duration (simulated seconds). */
  readonly duration?: number;
}

/**
 * The pipeline, in one place:
 *
 *   scenario ──► World (fresh Simulator, seeded streams, failure plan,
 *                authoritative, resolver pool, clients)
 *            ──► run to the horizon: arrivals → visits → Recorder counters
 *            ──► summarize(recorder, outage tracker) ──► Results
 *
 * Pure and synchronous: no I/O, no clock, no global randomness, so the same
 * scenario and seed give the same Results, byte for byte.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Results {
  const s: Scenario = {
    ...scenario,
    seed: options.seed ?? scenario.seed,
    duration: options.duration ?? scenario.duration,
  };
  const world = new World(s, s.seed);
  world.run();
  return summarize({
    scenario: s,
    seed: s.seed,
    version: VERSION,
    recorder: world.recorder,
    tracker: world.tracker,
    outages: world.plan.outages,
    resolverShares: world.resolverShares,
  });
}
