import { type Rng, shuffleInPlace } from "../engine/index.js";
import type { AnswerOrder } from "../scenario/index.js";
import type { IntervalSet } from "./intervals.js";

/**
 * The authoritative server for the name: N A records (server indices 0..N-1)
 * and an answer-order policy. It does not know whether a server is up; only
 * health-checked DNS (the `withdrawn` sets) removes an address from answers.
 */
export class Authoritative {
  private counter = 0;
  private readonly scratch: Int32Array;
  /** Answers given (= queries received from resolvers). */
  queries = 0;

  constructor(
    private readonly serverCount: number,
    private readonly order: AnswerOrder,
    private readonly rng: Rng,
    private readonly withdrawn: readonly IntervalSet[],
    private readonly healthChecked: boolean,
  ) {
    this.scratch = new Int32Array(serverCount);
  }

  /** Writes the answer at time t into `out` and returns its length (>= 1). */
  answer(t: number, out: Int32Array): number {
    this.queries++;
    const n = this.serverCount;
    const list = this.scratch;
    let len = 0;
    for (let i = 0; i < n; i++) {
      if (!this.healthChecked || !this.withdrawn[i]!.contains(t)) list[len++] = i;
    }
    // Managed DNS services answer with every address when all are unhealthy.
    if (len === 0) {
      for (let i = 0; i < n; i++) list[i] = i;
      len = n;
    }
    switch (this.order) {
      case "fixed":
        for (let i = 0; i < len; i++) out[i] = list[i]!;
        return len;
      case "cyclic": {
        const offset = this.counter++ % len;
        for (let i = 0; i < len; i++) out[i] = list[(offset + i) % len]!;
        return len;
      }
      case "random":
        for (let i = 0; i < len; i++) out[i] = list[i]!;
        shuffleInPlace(this.rng, out, len);
        return len;
      case "cname":
        // NT's server rotates the CNAMEs and returns one, with its single A record.
        out[0] = list[this.counter++ % len]!;
        return 1;
    }
  }

  /**
   * Sets the counter behind cyclic and CNAME rotation (steady-state start: a
   * random phase, as if the server had been answering for ever).
   */
  seedCounter(counter: number): void {
    this.counter = counter;
  }
}
