/**
 * The steps of a queued request's state machine (queued-attempts.ts, run by
 * rate-queued.ts and bursts-queued.ts): an outcome event resumes at the step
 * stored in its slot.
 */
export const SEND = 0;
export const ANSWERED = 1;
export const ERRED = 2;
export const FAILED = 3;
/** Waiting for an event: the drive loop returns. */
export const WAIT = 4;
