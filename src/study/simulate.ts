import type { Results } from "../metrics/index.js";
import { type RunOptions, Simulation } from "../run/index.js";
import type { Scenario } from "../scenario/index.js";

/** Slices of simulated time per run between progress updates: fine enough for an ETA, too few to cost anything. */
const SLICES = 200;

/**
 * One run, advanced in slices of simulated time with a report after each.
 * Stepping a Simulation gives the same results as running it in one go, so
 * progress never changes a byte of the output (a test holds it to that).
 */
export function simulateInSlices(
  scenario: Scenario,
  options: RunOptions,
  onSlice: (seconds: number, horizon: number) => void,
): Results {
  const simulation = new Simulation(scenario, options);
  const horizon = simulation.horizon;
  for (let i = 1; i <= SLICES; i++) {
    simulation.runUntil(i === SLICES ? horizon : (horizon * i) / SLICES);
    onSlice(simulation.now, horizon);
  }
  return simulation.snapshot();
}
