import { RandomStreams } from "../../../src/engine/index.js";

/* Sampling helpers for the closed-form tests of the samplers (engine and sessions). */

export const N = 200_000;
export const rng = (name: string) => new RandomStreams(7).stream(name);

/** Sample mean and its standard error. */
export function meanAndError(draw: () => number, n = N): { mean: number; se: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  return { mean, se: Math.sqrt((sq / n - mean * mean) / n) };
}
