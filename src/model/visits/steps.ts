/**
 * The steps of a queued request's state machine (rate-queued.ts,
 * bursts-queued.ts): an outcome event resumes at the step stored in its slot.
 */
export const SEND = 0;
export const ANSWERED = 1;
export const ERRED = 2;
export const FAILED = 3;
/** The visit's next request (rate-driven visits only: a burst's requests are made by its driver). */
export const NEXT = 4;
/** Waiting for an event: the drive loop returns. */
export const WAIT = 5;
