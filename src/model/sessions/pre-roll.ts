import { RandomStreams } from "../../engine/index.js";
import {
  MAX_PRE_ROLL,
  preRollLength,
  quietPreRollLength,
  type ResolvedSessions,
  type Scenario,
  type SessionSpec,
} from "../../scenario/index.js";

export { MAX_PRE_ROLL };

import { CountDraw, DurationDraw, meanBurstSpan, meanCount, meanDuration } from "./draws.js";

/** Sessions sampled per class to size the pre-roll. */
const SPAN_SAMPLE = 20000;
/**
 * Fewer for long sessions: the sample stops at this many draws once it has
 * MIN_SPAN_SAMPLE sessions. A span of thousands of draws is a sum that
 * varies little from session to session, so a thousand of them fix its
 * coverage as well as 20,000 (a bot of 5,500 draws a session on the shared
 * log: 8,302 s from 1,000 sessions, 8,310 s from 20,000, at 1/20 of the
 * 114 M draws); a class whose first 20,000 sessions take under 4 M draws
 * (200 a session on average; pages, objects, gaps and think times counted,
 * not the revisit's coin and gap) draws all 20,000.
 */
const SPAN_DRAWS = 4_000_000;
const MIN_SPAN_SAMPLE = 1000;
/** The share of the sessions' in-flight time the pre-roll may miss at t = 0. */
const MISSED_SHARE = 0.05;
/** Coverage by class law (a pure function of it, and 20,000 sessions to draw: computed once per law). */
const coverageCache = new Map<string, number>();

/** The mean span of a class's session: (E[pages] - 1) think times plus E[pages]·E[objects] object gaps (one session, not a visit). */
export function meanSessionSpan(c: SessionSpec["classes"][number]): number {
  const pages = meanCount(c.pages, 1);
  const think = (pages - 1) * meanDuration(c.thinkTime);
  // Without heavy sessions, the product in the order it always had (the same last bit).
  if (!c.heavy) return think + pages * meanCount(c.objects, 0) * meanDuration(c.objectGap);
  return think + pages * meanBurstSpan(c);
}

/**
 * The shortest P with E[(S − P)+] <= MISSED_SHARE · E[S] over a sample of the
 * class's session spans S (visits: sessions and return gaps, with revisit): sessions that began more than P before t = 0 and
 * are still under way then carry at most that share of the time sessions
 * spend under way (the in-flight sessions at a random instant are
 * length-biased, so a heavy tail needs far more than a few mean spans). The
 * sample is drawn from a fixed seed: P is a function of the scenario alone.
 */
export function sessionCoverage(c: SessionSpec["classes"][number]): number {
  const key = JSON.stringify([
    c.name,
    c.pages,
    c.objects,
    c.thinkTime,
    c.objectGap,
    ...(c.revisit ? [c.revisit] : []),
    ...(c.heavy ? [c.heavy] : []),
  ]);
  const known = coverageCache.get(key);
  if (known !== undefined) return known;
  const p = drawCoverage(c).seconds;
  if (coverageCache.size > 1000) coverageCache.clear();
  coverageCache.set(key, p);
  return p;
}

/** The coverage (seconds) and the sessions sampled for it: SPAN_SAMPLE, fewer for long sessions (SPAN_DRAWS). */
export function drawCoverage(c: SessionSpec["classes"][number]): {
  seconds: number;
  sessions: number;
} {
  const streams = new RandomStreams(0);
  const rng = streams.stream(`sessions/${c.name}/pre-roll/spans`);
  const pages = new CountDraw(c.pages, 1, rng);
  const objects = new CountDraw(c.objects, 0, rng);
  // Heavy sessions: the coin once a session, on the same stream (drawn only with `heavy`).
  const heavy = c.heavy?.weight ?? 0;
  const heavyObjects = c.heavy ? new CountDraw(c.heavy.objects, 0, rng) : undefined;
  const heavyGap = c.heavy?.objectGap ? new DurationDraw(c.heavy.objectGap, rng) : undefined;
  const think = new DurationDraw(c.thinkTime, rng);
  const gap = new DurationDraw(c.objectGap, rng);
  // With return visits a client's visit is what is under way at t = 0: its sessions and gaps.
  const revisit = c.revisit?.probability ?? 0;
  const revisitGap = c.revisit ? new DurationDraw(c.revisit.gap, rng) : undefined;
  const all = new Float64Array(SPAN_SAMPLE);
  let total = 0;
  let draws = 0;
  let sampled = 0;
  while (sampled < SPAN_SAMPLE && !(sampled >= MIN_SPAN_SAMPLE && draws >= SPAN_DRAWS)) {
    let span = 0;
    for (let session = 0; span < 1e7; session++) {
      if (session > 0) span += revisitGap!.draw();
      const pagesOf = pages.draw();
      const isHeavy = heavy > 0 && rng() < heavy;
      const pageObjects = isHeavy ? heavyObjects! : objects;
      const pageGap = isHeavy ? (heavyGap ?? gap) : gap;
      draws++;
      for (let p = 0; p < pagesOf && span < 1e7; p++) {
        const o = pageObjects.draw();
        for (let j = 0; j < o; j++) span += pageGap.draw();
        draws += o + 1;
        if (p < pagesOf - 1) {
          span += think.draw();
          draws++;
        }
      }
      if (!(revisit > 0 && rng() < revisit)) break;
    }
    all[sampled++] = span;
    total += span;
  }
  const n = sampled;
  if (!(total > 0)) return { seconds: 0, sessions: n };
  const spans = all.subarray(0, n).sort();
  // Walk down from the longest: the excess over spans[i] of the spans above it.
  let excess = 0;
  for (let i = n - 1; i > 0; i--) {
    const next = excess + (n - i) * (spans[i]! - spans[i - 1]!);
    if (next > MISSED_SHARE * total) {
      // Between spans[i-1] and spans[i]: solve for the exact crossing.
      return { seconds: spans[i]! - (MISSED_SHARE * total - excess) / (n - i), sessions: n };
    }
    excess = next;
  }
  // Below the shortest span every session adds to the excess.
  return {
    seconds: Math.max(0, spans[0]! - (MISSED_SHARE * total - excess) / n),
    sessions: n,
  };
}

/**
 * How long `start: steady` runs the session workload before t = 0
 * (unrecorded): there is no closed-form stationary state for sessions, so
 * the caches and the sessions under way at t = 0 come from simulating the
 * past at each class's rate at t = 0. Long enough for the longest record a
 * resolver keeps plus one lookup gap, and for the sessions under way at 0
 * (`sessionCoverage`: at most 5% of their in-flight time missed): at least
 * 60 s, at most MAX_PRE_ROLL (docs/guides/sessions-and-fit.md, "Session workloads"). The formula is
 * the scenario's `preRollLength`, which the limits estimate uses too.
 */
export function preRollSeconds(s: Scenario, spec: SessionSpec): number {
  let sessions = 0;
  for (const c of spec.classes) sessions = Math.max(sessions, sessionCoverage(c));
  return preRollLength(s, spec, sessions);
}

/**
 * A quiet pre-roll's length (`clients.sessions.preRoll: quiet`): what the
 * sessions under way at t = 0 need, no cache's part (it makes no request).
 * Per class, the longer of its sessions' coverage (`sessionCoverage` of the
 * class without return visits) and, with return visits of probability q
 * and mean cycle c (a session's mean span plus the mean gap), the time
 * after which the returns of visits begun earlier are 5% of the steady
 * state's: they decay as e^{−(1 − q)t/c}, so ln(20)·c / (1 − q). A closed
 * form for the visits, so the fit, which tries many (q, gap), samples the
 * sessions once per class.
 */
export function quietPreRollSeconds(spec: SessionSpec): number {
  let need = 0;
  for (const c of spec.classes) {
    const { revisit, ...single } = c;
    need = Math.max(need, sessionCoverage(single));
    if (revisit && revisit.probability > 0) {
      const cycle = meanSessionSpan(c) + meanDuration(revisit.gap);
      need = Math.max(need, (Math.log(1 / MISSED_SHARE) * cycle) / (1 - revisit.probability));
    }
  }
  return quietPreRollLength(need);
}

/** The pre-roll the world runs for a session workload (resolved: its mode decided): its length (0: none) and whether it makes requests. */
export function worldPreRoll(
  s: Scenario,
  spec: ResolvedSessions,
): { seconds: number; quiet: boolean } {
  const mode = spec.preRoll;
  if (mode === "none") return { seconds: 0, quiet: false };
  if (mode === "quiet") return { seconds: quietPreRollSeconds(spec), quiet: true };
  return { seconds: preRollSeconds(s, spec), quiet: false };
}
