import seedrandom from "seedrandom";

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/**
 * Independent seeded random streams, one per (purpose, entity). Each stream is
 * an Alea generator seeded from the run seed and its own name, so adding an
 * entity or changing a parameter does not shift the draws of any other stream:
 * comparisons between scenarios use common random numbers.
 */
export class RandomStreams {
  constructor(private readonly seed: number) {}

  /** The stream for `purpose` (and optional entity index). Same name, same sequence. */
  stream(purpose: string, index = 0): Rng {
    const prng = seedrandom.alea(`rrdns:${this.seed}:${purpose}:${index}`);
    // Alea's plain call has 32 bits of resolution: plenty for arrival times and choices, and fast.
    return prng as Rng;
  }
}
