/**
 * How a resolver lookup ended: small integer codes (0 to 4, in this order),
 * read in the visit's hot path. A const enum, so the codes are literals where used (see
 * visits/steps.ts).
 */
export const enum LOOKUP {
  /** Answered from the resolver's cache. */
  HIT,
  /** The resolver asked the authoritative servers and had their answer. */
  MISS,
  /** The authoritative servers were silent or failing: an expired answer served (serve-stale). */
  STALE,
  /** No answer reached the client: its stub resolver waits out its timeout. */
  NO_ANSWER,
  /** The resolver answered SERVFAIL. */
  SERVFAIL,
}
export type LookupOutcome = LOOKUP;
