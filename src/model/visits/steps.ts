/**
 * The steps of a queued request's state machine (queued-attempts.ts, run by
 * rate-queued.ts and bursts-queued.ts): an outcome event resumes at the step
 * stored in its slot. A const enum, so tsc writes the values in where they
 * are used: an imported const is a module binding that V8 loads and checks
 * for the temporal dead zone at every use, about 7 instructions a compare in
 * the hot loop (docs/guides/performance.md, "Imported constants").
 */
export const enum Step {
  /** Offer the request to the server at the current address. */
  SEND = 0,
  /** The server answered in time: the request is served. */
  ANSWERED = 1,
  /**
   * Refused, dropped or answered later than the client waits: the client's
   * `onError` decides (retry, the next address, or give up).
   */
  ERRED = 2,
  /** Given up: the request failed. */
  FAILED = 3,
  /** Waiting for an event: the drive loop returns. */
  WAIT = 4,
}
