import type { Scenario, SessionSpec } from "../../scenario/index.js";
import { meanCount, meanDuration } from "./draws.js";

/** The longest pre-roll (seconds): a day, whatever the tails say. */
export const MAX_PRE_ROLL = 86400;

/** The mean span of a class's session: (E[pages] - 1) think times plus E[pages]·E[objects] object gaps. */
export function meanSessionSpan(c: SessionSpec["classes"][number]): number {
  const pages = meanCount(c.pages, 1);
  const objects = meanCount(c.objects, 0);
  return (pages - 1) * meanDuration(c.thinkTime) + pages * objects * meanDuration(c.objectGap);
}

/**
 * How long `start: steady` runs the session workload before t = 0
 * (unrecorded): there is no closed-form stationary state for sessions, so
 * the caches and the sessions under way at t = 0 come from simulating the
 * past at each class's rate at t = 0. Long enough for the longest record a
 * resolver keeps, one lookup gap, and three mean session spans of the
 * slowest class, so the state at 0 has forgotten the empty start: at least
 * 60 s, at most MAX_PRE_ROLL (heavy-tailed sessions longer than that are
 * under-represented at t = 0; README "Session workloads").
 */
export function preRollSeconds(s: Scenario, spec: SessionSpec): number {
  const ttl = s.dns.ttl;
  const longest = typeof ttl === "number" ? ttl : ttl.uniform[1];
  const record = Math.min(Math.max(longest, s.resolvers.ttl.min), s.resolvers.ttl.max);
  let span = 0;
  for (const c of spec.classes) span = Math.max(span, meanSessionSpan(c));
  const total = record + spec.lookupGap + 3 * span;
  if (!Number.isFinite(total)) return MAX_PRE_ROLL;
  return Math.min(MAX_PRE_ROLL, Math.max(60, Math.ceil(total)));
}
