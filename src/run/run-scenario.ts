import type { Results } from "../metrics/index.js";
import { type RecordedSessions, recordSessionRequests, sessionRecordKey } from "../model/index.js";
import { resolve, type Scenario } from "../scenario/index.js";
import { type RunOptions, Simulation } from "./simulation.js";

export type { RecordedSessions, RunOptions };

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

/**
 * The requests of the scenario's session workload (clients.sessions) on
 * `seed` (default: the scenario's), for `runScenario` of any scenario whose
 * session workload makes the same requests: the same classes, observation
 * windows, pre-roll and duration, whatever its servers, DNS, caches,
 * lookup gap or windows (the world checks, and refuses another's record).
 */
export function recordSessions(scenario: Scenario, seed = scenario.seed): RecordedSessions {
  return recordSessionRequests(resolve(scenario), seed);
}

/** What the requests of the scenario's session workload depend on besides the seed: two scenarios with the same key can share `recordSessions`'s record. */
export function sessionsKey(scenario: Scenario): string {
  return sessionRecordKey(resolve(scenario));
}
