import type { Rng } from "../engine/index.js";
import type { AnswerOrder } from "../scenario/index.js";
import type { IntervalSet } from "./intervals.js";
import {
  ANSWER_ORDER_POLICIES,
  type AnswerOrderPolicy,
  type AnswerOrderState,
} from "./policies/answer-order.js";

/**
 * The authoritative server for the name: N A records (server indices 0..N-1)
 * and an answer-order policy. It does not know whether a server is up; only
 * health-checked DNS (the `withdrawn` sets) removes an address from answers.
 */
export class Authoritative implements AnswerOrderState {
  counter = 0;
  private readonly scratch: Int32Array;
  private readonly order: AnswerOrderPolicy;
  /** Answers given (= queries received from resolvers). */
  queries = 0;

  constructor(
    private readonly serverCount: number,
    order: AnswerOrder,
    readonly rng: Rng,
    private readonly withdrawn: readonly IntervalSet[],
    private readonly healthChecked: boolean,
  ) {
    this.scratch = new Int32Array(serverCount);
    this.order = ANSWER_ORDER_POLICIES[order];
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
    return this.order(list, len, out, this);
  }

  /**
   * Sets the counter behind cyclic and CNAME rotation (steady-state start: a
   * random phase, as if the server had been answering for ever).
   */
  seedCounter(counter: number): void {
    this.counter = counter;
  }
}
