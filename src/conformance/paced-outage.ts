import {
  type OutagePlan,
  PACED_CUT,
  PACED_KINDS,
  type PacedKind,
  type PacedOutage,
  type PacedReply,
} from "./types.js";

/**
 * Paced outages: one query a second through an authority outage, the same
 * schedule for a real daemon and for its preset. Queries count as "during"
 * from EXPIRED_AFTER_CUT seconds after the cut (every cache of the TTL-5
 * record primed one second before the cut has expired by then, Unbound's
 * extra second at TTL 0 included) until the return.
 */
export const EXPIRED_AFTER_CUT = 6;

/** One paced query as sent and received, times relative to the priming query (s). */
export interface PacedObservation {
  readonly sent: number;
  /** null: no reply before the window closed. */
  readonly received: number | null;
  readonly rcode: number | null;
  readonly ttl: number | null;
}

/** The record's TTL in the outage zone; a fresh answer shows 1..TTL, stale ones 0 or 30. */
export const PACED_TTL = 5;

const isFresh = (o: PacedObservation) =>
  o.rcode === 0 && o.ttl !== null && o.ttl >= 1 && o.ttl <= PACED_TTL;

/**
 * Summarises a paced outage. `upstream`: when the authority saw the resolver
 * query the name (BIND's query log, or the simulator's fetches), relative to
 * priming; recovery is timed from the first of those after the return, and
 * the first fresh answer must follow it (a fresh-looking TTL before it is a
 * cached copy, not a recovery).
 */
export function summarisePaced(
  plan: OutagePlan,
  observations: readonly PacedObservation[],
  upstream: readonly number[],
  window: number,
): PacedOutage {
  const cut = PACED_CUT;
  const back = cut + plan.length;
  const during: PacedReply[] = [];
  for (const o of observations) {
    // Half a second of slack: queries go out on whole seconds, a loaded timer fires late.
    if (o.sent < cut + EXPIRED_AFTER_CUT - 0.5 || o.sent >= back - 0.5) continue;
    let kind: PacedKind;
    if (o.received === null) kind = "none";
    else if (o.rcode !== 0) kind = "servfail";
    else if (o.received >= back) kind = "held";
    else kind = "stale";
    during.push({
      sent: o.sent - cut,
      kind,
      delay: o.received === null ? null : o.received - o.sent,
    });
  }
  const firstFetch = upstream.find((t) => t >= back);
  const fresh =
    firstFetch === undefined
      ? undefined
      : observations
          .filter((o) => o.received !== null && o.received >= firstFetch && isFresh(o))
          .map((o) => o.received!)
          .sort((a, b) => a - b)[0];
  const within = (t: number | undefined) =>
    t === undefined || t - back > window ? null : Math.max(0, t - back);
  return {
    plan,
    during,
    firstUpstream: within(firstFetch),
    firstFresh: within(fresh),
    window,
  };
}

export function pacedCounts(p: PacedOutage): Record<PacedKind, number> {
  const c = { none: 0, servfail: 0, stale: 0, held: 0 };
  for (const r of p.during) c[r.kind]++;
  return c;
}

export function describeCounts(p: PacedOutage): string {
  const c = pacedCounts(p);
  return (
    PACED_KINDS.filter((k) => c[k] > 0)
      .map((k) => `${k} ${c[k]}`)
      .join(" · ") || "no queries"
  );
}

/**
 * Counts per kind agree when each differs by at most three binomial
 * standard errors of the pooled share (the switch from one reaction to the
 * next moves with the daemon's timers), and never by less than 2 queries
 * (the first and last query of a phase may fall either side of a switch).
 */
export function countsAgree(real: PacedOutage, sim: PacedOutage): { ok: boolean; note: string } {
  const r = pacedCounts(real);
  const s = pacedCounts(sim);
  const n = Math.max(1, real.during.length, sim.during.length);
  let ok = true;
  let worst = "";
  let worstMargin = Number.NEGATIVE_INFINITY;
  for (const k of PACED_KINDS) {
    const p = (r[k] + s[k]) / (real.during.length + sim.during.length || 1);
    const tol = Math.max(2, Math.ceil(3 * Math.sqrt(n * p * (1 - p))));
    const gap = Math.abs(r[k] - s[k]);
    if (gap > tol) ok = false;
    if (gap - tol > worstMargin) {
      worstMargin = gap - tol;
      worst = `${k}: gap ${gap}, tolerance ${tol}`;
    }
  }
  return { ok, note: `${worst} (3 binomial SE, at least 2)` };
}

export function medianServfailDelay(p: PacedOutage): number | null {
  const d = p.during
    .filter((r) => r.kind === "servfail" && r.delay !== null)
    .map((r) => r.delay!)
    .sort((a, b) => a - b);
  if (d.length === 0) return null;
  const m = d.length >> 1;
  return d.length % 2 ? d[m]! : (d[m - 1]! + d[m]!) / 2;
}

/** Interquartile range of the real SERVFAIL delays (their spread in this run). */
export function servfailDelaySpread(p: PacedOutage): number {
  const d = p.during
    .filter((r) => r.kind === "servfail" && r.delay !== null)
    .map((r) => r.delay!)
    .sort((a, b) => a - b);
  if (d.length < 4) return 0;
  return d[Math.floor(0.75 * (d.length - 1))]! - d[Math.floor(0.25 * (d.length - 1))]!;
}
