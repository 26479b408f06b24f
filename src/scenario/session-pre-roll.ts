import type { Scenario, SessionSpec } from "./schema.js";

/*
 * The parts of `start: steady` for a session workload that are closed forms
 * of the scenario: how long the pre-roll runs, given what the sessions
 * need, and the rate it runs at. Here, not in the model, because the limits
 * estimate (limits.ts) counts the pre-roll's work with the same formula the
 * workload runs (src/model/sessions/pre-roll.ts), and scenario imports
 * nothing of ours.
 */

/** The longest pre-roll (seconds): a day, whatever the tails say. */
export const MAX_PRE_ROLL = 86400;
/** The shortest pre-roll (seconds). */
export const MIN_PRE_ROLL = 60;

/**
 * What the caches need of the pre-roll: the longest record a resolver
 * keeps (the longest TTL, clamped to resolvers.ttl) plus one lookup gap.
 */
export function cachePreRoll(s: Scenario, spec: SessionSpec): number {
  const ttl = s.dns.ttl;
  const longest = typeof ttl === "number" ? ttl : ttl.uniform[1];
  const record = Math.min(Math.max(longest, s.resolvers.ttl.min), s.resolvers.ttl.max);
  return record + spec.lookupGap;
}

/**
 * How long `start: steady` runs the session workload before t = 0, when
 * the sessions under way at 0 need `sessions` seconds of it (the model's
 * `sessionCoverage`, sampled; 0 for the caches' part alone): the longer of
 * that and `cachePreRoll`, in whole seconds, from MIN_PRE_ROLL to
 * MAX_PRE_ROLL.
 */
export function preRollLength(s: Scenario, spec: SessionSpec, sessions: number): number {
  const total = Math.max(cachePreRoll(s, spec), sessions);
  if (!Number.isFinite(total)) return MAX_PRE_ROLL;
  return Math.min(MAX_PRE_ROLL, Math.max(MIN_PRE_ROLL, Math.ceil(total)));
}

/**
 * A quiet pre-roll's length: the sessions' part alone (it makes no request,
 * so no cache needs it), in whole seconds from MIN_PRE_ROLL to MAX_PRE_ROLL.
 */
export function quietPreRollLength(sessions: number): number {
  if (!Number.isFinite(sessions)) return MAX_PRE_ROLL;
  return Math.min(MAX_PRE_ROLL, Math.max(MIN_PRE_ROLL, Math.ceil(sessions)));
}
