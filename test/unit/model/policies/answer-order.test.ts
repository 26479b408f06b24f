import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../../src/engine/index.js";
import {
  ANSWER_ORDER_POLICIES,
  type AnswerOrderState,
  cnameOrder,
  cyclicOrder,
  fixedOrder,
  randomOrder,
} from "../../../../src/model/policies/answer-order.js";
import { ANSWER_ORDERS } from "../../../../src/scenario/index.js";

/** The published addresses: server indices that are not 0…n − 1, with room after them. */
const LIST = Int32Array.of(4, 7, 9, 2, -1);
const LEN = 4;

const state = (counter = 0): AnswerOrderState => ({
  counter,
  rng: new RandomStreams(5).stream("auth"),
});

/** `count` answers from one state, each as the list of what was written. */
function answers(
  policy: (l: Int32Array, n: number, o: Int32Array, s: AnswerOrderState) => number,
  s: AnswerOrderState,
  count: number,
): number[][] {
  return Array.from({ length: count }, () => {
    const out = new Int32Array(LIST.length).fill(-9);
    const n = policy(LIST, LEN, out, s);
    // Nothing past the answer's length is written.
    expect(Array.from(out.subarray(n))).toEqual(Array(LIST.length - n).fill(-9));
    return Array.from(out.subarray(0, n));
  });
}

describe("answer-order policies", () => {
  it("fixed copies the first len addresses, every time, and leaves the counter alone", () => {
    const s = state(3);
    expect(answers(fixedOrder, s, 2)).toEqual([
      [4, 7, 9, 2],
      [4, 7, 9, 2],
    ]);
    expect(s.counter).toBe(3);
  });

  it("cyclic starts at counter mod len and advances it by one per answer", () => {
    const s = state(6);
    expect(answers(cyclicOrder, s, 3)).toEqual([
      [9, 2, 4, 7],
      [2, 4, 7, 9],
      [4, 7, 9, 2],
    ]);
    expect(s.counter).toBe(9);
  });

  it("cname answers one address, the next one in turn", () => {
    const s = state(1);
    expect(answers(cnameOrder, s, 5)).toEqual([[7], [9], [2], [4], [7]]);
    expect(s.counter).toBe(6);
  });

  it("random answers a permutation of the published addresses, not always the same one", () => {
    const s = state();
    const seen = new Set<string>();
    for (const a of answers(randomOrder, s, 200)) {
      expect([...a].sort((x, y) => x - y)).toEqual([2, 4, 7, 9]);
      seen.add(a.join(","));
    }
    // 24 orders, 200 draws: P(some order unseen) ≤ 24·(23/24)^200 < 1e-2; this seed sees all.
    expect(seen.size).toBe(24);
    expect(s.counter).toBe(0);
  });

  it("has one policy per dns.order the schema accepts", () => {
    expect(Object.keys(ANSWER_ORDER_POLICIES).sort()).toEqual([...ANSWER_ORDERS].sort());
  });
});
