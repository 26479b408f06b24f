/** How a resolver lookup ended: small integer codes, read in the visit's hot path. */
export const LOOKUP = { HIT: 0, MISS: 1, STALE: 2, NO_ANSWER: 3, SERVFAIL: 4 } as const;
export type LookupOutcome = (typeof LOOKUP)[keyof typeof LOOKUP];
