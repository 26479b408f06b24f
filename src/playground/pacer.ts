/**
 * Advances a simulation in slices short enough that the thread running it
 * (the playground's Web Worker) returns to its event loop well within 50 ms,
 * to answer pause, speed and step messages and post frames. Pure: the clock
 * is passed in, so a test can drive it with a fake one.
 */
export interface Steppable {
  readonly now: number;
  readonly horizon: number;
  runUntil(t: number): void;
}

/** Wall-clock milliseconds one slice may take; under the 50 ms the page must never wait longer. */
export const SLICE_MS = 20;
/** The smallest step of simulated time tried, seconds. */
const MIN_CHUNK = 1e-3;

export class Pacer {
  /**
   * Simulated seconds per runUntil call, adapted to the scenario's speed so
   * one call takes about a tenth of a slice: a million visits per simulated
   * second and one visit per hour both keep to the budget.
   */
  private chunk = 0.05;

  constructor(
    private readonly sim: Steppable,
    private readonly clock: () => number,
  ) {}

  /** Runs towards simulated time `target` for at most about `budgetMs` of wall-clock time. */
  advance(target: number, budgetMs = SLICE_MS): void {
    const start = this.clock();
    const end = Math.min(target, this.sim.horizon);
    while (this.sim.now < end) {
      const before = this.clock();
      this.sim.runUntil(Math.min(end, this.sim.now + this.chunk));
      const after = this.clock();
      const took = after - before;
      if (took < budgetMs / 20) this.chunk *= 2;
      else if (took > budgetMs / 5) this.chunk = Math.max(MIN_CHUNK, this.chunk / 2);
      // Stop when another call like the last would overrun the budget.
      if (after - start + took >= budgetMs) break;
    }
  }
}
