import type { Results } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";
import { type RunOptions, Simulation } from "./simulation.js";

export type { RunOptions };

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
