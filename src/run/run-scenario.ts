import type { Results } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";
import { Simulation } from "./simulation.js";

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
 * scenario and seed give the same Results, byte for byte. `Simulation` is the
 * same pipeline, steppable.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Results {
  const simulation = new Simulation(scenario, options);
  simulation.run();
  return simulation.snapshot();
}
