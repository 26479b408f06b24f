import { alea } from "./alea.js";
import { hashString, mix32 } from "./hash.js";

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
    // Alea's plain call has 32 bits of resolution: plenty for arrival times and choices, and fast.
    return alea(`rrdns:${this.seed}:${purpose}:${index}`);
  }
}

/**
 * Many small independent streams in two typed arrays: stream i's k-th draw
 * is a hash of (its key, k). For entities that each need a few draws now and
 * then (a million entities, each drawing a few times), where an Alea
 * generator apiece would cost hundreds of megabytes.
 */
export class CounterStreams {
  private readonly keys: Uint32Array;
  private readonly counters: Uint32Array;

  constructor(seed: number, purpose: string, count: number) {
    const base = hashString(`rrdns:${seed}:${purpose}`);
    this.keys = new Uint32Array(count);
    this.counters = new Uint32Array(count);
    for (let i = 0; i < count; i++) this.keys[i] = mix32(base ^ mix32(i + 0x9e3779b9));
  }

  /** The next uniform draw in [0, 1) of stream i. */
  next(i: number): number {
    const k = this.counters[i]!;
    this.counters[i] = k + 1;
    return mix32(this.keys[i]! + Math.imul(k, 0x9e3779b9) + mix32(k)) / 4294967296;
  }
}
