/**
 * The steps of a queued request's state machine (queued-attempts.ts, run by
 * rate-queued.ts and bursts-queued.ts): an outcome event resumes at the step
 * stored in its slot. A const enum, so the values are literals where used.
 */
// biome-ignore lint/suspicious/noConstEnum: tsc writes each value in where it is used; an imported const is a module binding that V8 loads and checks for the temporal dead zone at every use in the hot loop (valgrind, docs/guides/performance.md)
export const enum Step {
  SEND = 0,
  ANSWERED = 1,
  ERRED = 2,
  FAILED = 3,
  /** Waiting for an event: the drive loop returns. */
  WAIT = 4,
}
