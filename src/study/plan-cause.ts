/*
 * Why a server count fails its SLO: the binding constraint, told from what
 * the runs measured (PlanRun), in the order a planner would act on it.
 */

/**
 * - capacity: the live servers, even with the load spread perfectly, are
 *   near full in the busiest window (the peak of the rate profile, or the
 *   load itself): only more or faster servers help.
 * - failover-concentration: one live server near full while the fleet is
 *   not, and it is the one a dead server's clients fail over to in cyclic
 *   order, with a whole-run share well above 1/N: the dead server's traffic
 *   all moved to its neighbour.
 * - frozen-resolvers: one live server near full while the fleet is not, for
 *   another reason: resolvers that keep one order for a TTL (or a few big
 *   ones) pin their clients to one server at a time.
 * - queueing: no server near full, yet the response-time tail breaks the
 *   SLO: requests wait in queues at moderate utilisation (ρ).
 */
export const PLAN_CAUSES = [
  "capacity",
  "failover-concentration",
  "frozen-resolvers",
  "queueing",
] as const;
export type PlanCause = (typeof PLAN_CAUSES)[number];

/**
 * Utilisation in the busiest full window from which a server (or the fleet)
 * counts as full: a window's mean at 0.9 leaves its busiest minutes at 1
 * (queues growing), well past the knee of every M/M/c response-time curve.
 */
export const FULL_UTILISATION = 0.9;

/**
 * The busiest server's whole-run share over 1/N (live servers) from which its
 * excess is concentration rather than noise: one dead server's clients all
 * failing over to one neighbour make it about 2; frozen resolvers move the
 * per-window shares but average out over a run of many TTLs (about 1.0–1.1).
 */
export const CONCENTRATED_SHARE = 1.25;

/** What the classification reads: means over a count's replications. */
export interface CauseEvidence {
  /** Live fleet's mean utilisation in its busiest window. */
  readonly fleetPeak: number;
  /** Busiest live server's utilisation in its busiest window. */
  readonly busiestPeak: number;
  /** Busiest live server's whole-run share × live servers (1 = even). */
  readonly busiestShareRatio: number;
  /** Share of runs in which the busiest server is where a dead server's clients fail over to. */
  readonly followsDead: number;
  /** Clients move to the next address after a failed connect. */
  readonly clientsFailOver: boolean;
}

/** The binding constraint of a count that fails its SLO. */
export function classifyCause(e: CauseEvidence): PlanCause {
  if (e.fleetPeak >= FULL_UTILISATION) return "capacity";
  if (e.busiestPeak >= FULL_UTILISATION) {
    const concentrated =
      e.clientsFailOver && e.followsDead >= 0.5 && e.busiestShareRatio >= CONCENTRATED_SHARE;
    return concentrated ? "failover-concentration" : "frozen-resolvers";
  }
  return "queueing";
}

/** Causes that a different DNS or resolver setup could fix without more servers. */
export function isImbalance(cause: PlanCause): boolean {
  return cause === "failover-concentration" || cause === "frozen-resolvers";
}
