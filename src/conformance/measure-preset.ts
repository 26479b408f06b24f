import type { ResolverBehaviourName } from "../scenario/index.js";
import { analyseFetchOrders } from "./fetch-order.js";
import { analyseOrders } from "./order-pattern.js";
import { type PacedObservation, summarisePaced } from "./paced-outage.js";
import { meanInterval } from "./query-log.js";
import { reactionOf, SIM_ADDRESSES, type SimulatedAnswer, SimulatedResolver } from "./simulated.js";
import {
  type ClampMeasurement,
  type FetchOrderAnalysis,
  type OutageMeasurement,
  type OutagePlan,
  PACED_CUT,
  type PacedOutage,
  type Protocol,
  type SettingMeasurement,
} from "./types.js";

/** Runs the harness's protocol against a preset in the simulator (see harness in src/cli/conformance). */
export function measurePreset(
  preset: ResolverBehaviourName,
  p: Protocol,
  seed = 1,
): SettingMeasurement {
  const timing = timingPhase(preset, p, 5, undefined);
  return {
    orderCyclic: orderPhase(preset, "cyclic", p, seed),
    orderRandom: orderPhase(preset, "random", p, seed),
    refetchSeconds: timing.lifetime,
    clamp: clampPhase(preset, p),
    outage: outagePhase(preset, p),
    fetchOrder: fetchOrderPhase(preset, p, seed),
    lowestTtl: Math.min(...timing.answers.map((a) => a.ttl)),
    paced: p.outages.map((plan) => pacedPhase(preset, plan, p.outageObserve)),
  };
}

/** Seconds between the fetches of one fetch-order name: TTL 1 has expired by then even in Knot, whose cache.min_ttl (5 s) and extra second keep it 6 s. */
export const FETCH_SPACING = 7;

/** Fresh TTL-1 names against a fixed-order authority, each fetched `fetchRounds` times. */
function fetchOrderPhase(
  preset: ResolverBehaviourName,
  p: Protocol,
  seed: number,
): FetchOrderAnalysis {
  const fetched: string[][] = [];
  for (let name = 0; name < p.fetchNames; name++) {
    const r = new SimulatedResolver({
      preset,
      upstream: "fixed",
      ttl: 1,
      seed: seed * 7919 + name,
    });
    for (let k = 0; k < p.fetchRounds; k++) {
      const a = r.query(k * FETCH_SPACING);
      if (a.outcome === "miss") fetched.push([...a.addresses]);
    }
  }
  return analyseFetchOrders(SIM_ADDRESSES, fetched);
}

/** A query every second from priming (t = 0) until the window after the return closes. */
export function pacedPhase(
  preset: ResolverBehaviourName,
  plan: OutagePlan,
  observe: number,
): PacedOutage {
  const back = PACED_CUT + plan.length;
  const r = new SimulatedResolver({
    preset,
    upstream: "cyclic",
    ttl: 5,
    authDown: [{ start: PACED_CUT, end: back }],
    outageKind: plan.kind,
  });
  const observations: PacedObservation[] = [];
  const upstream: number[] = [];
  for (let t = 0; t <= back + observe; t++) {
    const a = r.query(t);
    // The authority saw the fetch when it happened: later than the query for a held one or a stale answer's refetch.
    if (a.fetchedAt !== null) upstream.push(a.fetchedAt);
    const replied = a.delay !== null;
    observations.push({
      sent: t,
      received: replied ? t + a.delay! : null,
      rcode: !replied ? null : a.outcome === "servfail" ? 2 : 0,
      ttl: a.outcome === "servfail" || !replied ? null : a.ttl,
    });
  }
  return summarisePaced(plan, observations, upstream, observe);
}

function orderPhase(
  preset: ResolverBehaviourName,
  upstream: "cyclic" | "random",
  p: Protocol,
  seed: number,
) {
  const r = new SimulatedResolver({ preset, upstream, ttl: 60, seed });
  const answers: string[][] = [];
  // Rapid queries: a millisecond apart, all within the TTL.
  for (let i = 0; i < p.orderQueries; i++) answers.push([...r.query(i * 0.001).addresses]);
  return analyseOrders(answers);
}

function timingPhase(
  preset: ResolverBehaviourName,
  p: Protocol,
  ttl: number,
  clamp: { min: number; max: number } | undefined,
): { lifetime: number | null; answers: SimulatedAnswer[] } {
  const r = new SimulatedResolver({
    preset,
    upstream: "cyclic",
    ttl,
    ...(clamp ? { ttlMin: clamp.min, ttlMax: clamp.max } : {}),
  });
  const answers: SimulatedAnswer[] = [];
  for (let t = 0; t <= p.timingDuration + 1e-9; t += p.timingInterval) answers.push(r.query(t));
  const fetches = answers.filter((a) => a.outcome === "miss").map((a) => a.t);
  return { lifetime: meanInterval(fetches), answers };
}

/** Shown TTLs of the fetch answer and the highest from cache, as the harness reads them. */
export function shownTtls(answers: readonly { ttl: number; fetched: boolean }[]): {
  fetch: number;
  cached: number;
} {
  const fetch = answers.find((a) => a.fetched)?.ttl ?? Number.NaN;
  const cached = Math.max(-1, ...answers.filter((a) => !a.fetched).map((a) => a.ttl));
  return { fetch, cached };
}

function clampPhase(preset: ResolverBehaviourName, p: Protocol): ClampMeasurement {
  const clamp = { min: p.clampMin, max: p.clampMax };
  const low = timingPhase(preset, p, 5, clamp);
  const high = timingPhase(preset, p, 60, clamp);
  const lowTtl = shownTtls(low.answers.map((a) => ({ ttl: a.ttl, fetched: a.outcome === "miss" })));
  const highTtl = shownTtls(
    high.answers.map((a) => ({ ttl: a.ttl, fetched: a.outcome === "miss" })),
  );
  return {
    lowShownFetch: lowTtl.fetch,
    lowShownCached: lowTtl.cached,
    lowLifetime: low.lifetime,
    highShownFetch: highTtl.fetch,
    highShownCached: highTtl.cached,
    highLifetime: high.lifetime,
  };
}

function outagePhase(preset: ResolverBehaviourName, p: Protocol): OutageMeasurement {
  const r = new SimulatedResolver({
    preset,
    upstream: "cyclic",
    ttl: 5,
    authDown: [{ start: p.outageStop, end: p.outageReturn }],
  });
  r.query(0);
  const expired = r.query(p.outageQuery);
  let recoverySeconds: number | null = null;
  for (let s = 0; s <= p.recoveryLimit; s++) {
    const a = r.query(p.outageReturn + s);
    if (a.outcome === "miss" || a.outcome === "hit") {
      recoverySeconds = s;
      break;
    }
  }
  const reaction = reactionOf(expired);
  return { reaction, staleTtl: reaction === "stale" ? expired.ttl : null, recoverySeconds };
}
