import { type Rng, uniformInt } from "../../engine/index.js";
import type { Scenario } from "../../scenario/index.js";
import { sortByPrefix } from "../address-selection.js";

/** What a selection policy may use. */
export interface SelectionContext {
  /** The clients' address choice stream (`random`). */
  readonly rng: Rng;
  /** Per server, the prefix it shares with the clients' own subnet (0 off the subnet; `sorted`). */
  readonly prefixLength: Int32Array;
}

/**
 * How a client picks among the `len` addresses of its answer: reorders
 * `answer` in place so that its first entry is the address tried first, and
 * returns how many of the entries it will try in turn (1: no failover).
 */
export type SelectionPolicy = (
  answer: Int32Array,
  len: number,
  context: SelectionContext,
) => number;

/** ping, NT's command-line ftp: the first address only; if it is dead, the visit fails. */
export function firstAddress(): number {
  return 1;
}

/** Browsers: the first address, then the next one after each failed connect. */
export function failoverInOrder(_answer: Int32Array, len: number): number {
  return len;
}

/** A uniformly random address of the answer, no failover. */
export function randomAddress(answer: Int32Array, len: number, context: SelectionContext): number {
  answer[0] = answer[uniformInt(context.rng, len)]!;
  return 1;
}

/** glibc's getaddrinfo (RFC 6724 rule 9): longest prefix match with the client first, then failover. */
export function sortedByPrefix(answer: Int32Array, len: number, context: SelectionContext): number {
  sortByPrefix(answer, len, context.prefixLength);
  return len;
}

/** Every client selection a scenario can name (`clients.selection`): adding one is adding a line here. */
export const SELECTION_POLICIES: Readonly<
  Record<Scenario["clients"]["selection"], SelectionPolicy>
> = {
  first: firstAddress,
  failover: failoverInOrder,
  random: randomAddress,
  sorted: sortedByPrefix,
};
