import { type Rng, shuffleInPlace } from "../../engine/index.js";
import type { AnswerOrder } from "../../scenario/index.js";

/** What an answer-order policy may use: the server's answer counter and its random stream. */
export interface AnswerOrderState {
  /** Answers given so far in rotation (cyclic, cname); the policy advances it. */
  counter: number;
  readonly rng: Rng;
}

/**
 * Orders the published addresses `list[0..len)` into `out` and returns the
 * answer's length. Called once per authoritative query (a resolver's miss).
 */
export type AnswerOrderPolicy = (
  list: Int32Array,
  len: number,
  out: Int32Array,
  state: AnswerOrderState,
) => number;

/** BIND `rrset-order fixed` / `order none`: always the same order. */
export function fixedOrder(list: Int32Array, len: number, out: Int32Array): number {
  for (let i = 0; i < len; i++) out[i] = list[i]!;
  return len;
}

/** NT DNS, BIND `rrset-order cyclic`: each answer is the previous one rotated by one. */
export function cyclicOrder(
  list: Int32Array,
  len: number,
  out: Int32Array,
  state: AnswerOrderState,
): number {
  const offset = state.counter++ % len;
  for (let i = 0; i < len; i++) out[i] = list[(offset + i) % len]!;
  return len;
}

/** BIND 9's default: a fresh random permutation per answer. */
export function randomOrder(
  list: Int32Array,
  len: number,
  out: Int32Array,
  state: AnswerOrderState,
): number {
  for (let i = 0; i < len; i++) out[i] = list[i]!;
  shuffleInPlace(state.rng, out, len);
  return len;
}

/** NT's CNAME round robin: the CNAMEs rotate and one is returned, with its single A record. */
export function cnameOrder(
  list: Int32Array,
  len: number,
  out: Int32Array,
  state: AnswerOrderState,
): number {
  out[0] = list[state.counter++ % len]!;
  return 1;
}

/** Every answer order a scenario can name (`dns.order`): adding one is adding a line here. */
export const ANSWER_ORDER_POLICIES: Readonly<Record<AnswerOrder, AnswerOrderPolicy>> = {
  cyclic: cyclicOrder,
  random: randomOrder,
  fixed: fixedOrder,
  cname: cnameOrder,
};
