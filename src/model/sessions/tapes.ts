import { RandomStreams } from "../../engine/index.js";
import type { CountDistribution, DurationDistribution } from "../../scenario/index.js";
import { CountDraw, DurationDraw } from "./draws.js";

/** What a session workload draws from: a count or a duration law, one draw per call. */
export interface Draw {
  draw(): number;
}

/**
 * The values one law draws from one named stream of one seed, in order: a
 * draw that owns its stream is a pure function of (seed, stream, law), so
 * every run with the same three draws the same sequence. The fit simulates
 * the same class laws on the same seeds dozens of times (the return-visit
 * grid, the population rounds, the window-cut runs: only the rates, the
 * revisit and the clients change), and the lognormal and Pareto draws were
 * half of each run's CPU: a tape draws each value once and each run reads
 * it back. `producer` sits at the tape's end, so a run that needs more
 * extends it for every later run.
 */
class Tape {
  values = new Float64Array(1024);
  count = 0;

  constructor(private readonly producer: Draw) {}

  /** The next value, drawn now and kept. */
  extend(): number {
    if (this.count === this.values.length) {
      const values = new Float64Array(this.count * 2);
      values.set(this.values);
      this.values = values;
      tapedValues += this.count;
    }
    const x = this.producer.draw();
    this.values[this.count++] = x;
    return x;
  }
}

/** A run's position on a tape: its draws are the tape's values in order. */
class TapeReader implements Draw {
  private at = 0;

  constructor(private readonly tape: Tape) {}

  draw(): number {
    const tape = this.tape;
    const i = this.at++;
    return i < tape.count ? tape.values[i]! : tape.extend();
  }
}

/** Tapes by (seed, stream, law); dropped all at once past TAPE_VALUES (memory, not results: a dropped tape is drawn again). */
const tapes = new Map<string, Tape>();
/** Values the tapes have room for (8 bytes each): 128 MB. */
const TAPE_VALUES = 16_000_000;
let tapedValues = 0;

function tape(key: string, make: () => Draw): Tape {
  let t = tapes.get(key);
  if (t === undefined) {
    if (tapedValues > TAPE_VALUES) {
      tapes.clear();
      tapedValues = 0;
    }
    t = new Tape(make());
    tapes.set(key, t);
    tapedValues += t.values.length;
  }
  return t;
}

/**
 * A duration law's draws on stream `purpose` of `seed`, read from its tape:
 * the same values as `new DurationDraw(law, streams.stream(purpose))`,
 * provided nothing else draws from that stream.
 */
export function tapedDuration(seed: number, purpose: string, law: DurationDistribution): Draw {
  const key = `${seed}\n${purpose}\nduration\n${JSON.stringify(law)}`;
  return new TapeReader(
    tape(key, () => new DurationDraw(law, new RandomStreams(seed).stream(purpose))),
  );
}

/** A count law's draws (minimum `lo`) on stream `purpose` of `seed`, read from its tape (as `tapedDuration`). */
export function tapedCount(
  seed: number,
  purpose: string,
  law: CountDistribution,
  lo: number,
): Draw {
  const key = `${seed}\n${purpose}\ncount ${lo}\n${JSON.stringify(law)}`;
  return new TapeReader(
    tape(key, () => new CountDraw(law, lo, new RandomStreams(seed).stream(purpose))),
  );
}

/** Drops every tape (tests: a cold start). */
export function clearTapes(): void {
  tapes.clear();
  tapedValues = 0;
}
