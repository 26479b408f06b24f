/**
 * How a resolver lookup ended: small integer codes, read in the visit's hot
 * path. A const enum, so the codes are literals where used (see
 * visits/steps.ts).
 */
// biome-ignore lint/suspicious/noConstEnum: tsc writes each code in where it is used; an imported const is a module binding that V8 loads and checks for the temporal dead zone at every use (see visits/steps.ts)
export const enum LOOKUP {
  HIT = 0,
  MISS = 1,
  STALE = 2,
  NO_ANSWER = 3,
  SERVFAIL = 4,
}
export type LookupOutcome = LOOKUP;
