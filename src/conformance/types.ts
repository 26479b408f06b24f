import type { ResolverBehaviourName } from "../scenario/index.js";
import type { OrderAnalysis } from "./order-pattern.js";

/** What a resolver does when its record has expired and the authority is unreachable. */
export type OutageReaction = "no-answer" | "servfail" | "stale" | "fresh";

/** The measurement protocol, shared by the real daemons and the simulated presets. */
export interface Protocol {
  /** Rapid queries of the cached TTL-60 name, per upstream order. */
  readonly orderQueries: number;
  /** Seconds between queries of the TTL-5 name in the timing phase. */
  readonly timingInterval: number;
  /** Length of the timing phase, seconds. */
  readonly timingDuration: number;
  /** resolvers' clamping in the clamp instances: TTL 5 is raised to min, TTL 60 cut to max. */
  readonly clampMin: number;
  readonly clampMax: number;
  /** Outage: seconds after priming that the authority stops, is queried expired, returns. */
  readonly outageStop: number;
  readonly outageQuery: number;
  readonly outageReturn: number;
  /** Longest wait for a fresh answer after the authority returns, seconds (polled every 1 s). */
  readonly recoveryLimit: number;
  /** Fetch order: fresh TTL-1 names, each fetched `fetchRounds` times, against a fixed-order zone. */
  readonly fetchNames: number;
  readonly fetchRounds: number;
  /** Outages with a query every second, each on its own resolver instance (run in parallel). */
  readonly outages: readonly OutagePlan[];
  /** Seconds after the return during which the per-second queries go on (recovery window). */
  readonly outageObserve: number;
}

/** How the authority is unreachable: its port closed (BIND stopped) or black-holed (packets dropped). */
export type OutageKind = "closed" | "black-holed";

export interface OutagePlan {
  readonly kind: OutageKind;
  /** Seconds the authority stays unreachable. */
  readonly length: number;
}

/** Timeline of a paced outage, seconds after the priming query: cut at 1, return at 1 + length. */
export const PACED_CUT = 1;

export const FULL_PROTOCOL: Protocol = {
  orderQueries: 600,
  timingInterval: 0.5,
  timingDuration: 25,
  clampMin: 8,
  clampMax: 20,
  outageStop: 1,
  outageQuery: 8,
  outageReturn: 13,
  recoveryLimit: 75,
  fetchNames: 100,
  fetchRounds: 3,
  outages: [
    { kind: "closed", length: 12 },
    { kind: "black-holed", length: 12 },
    { kind: "closed", length: 60 },
    { kind: "black-holed", length: 60 },
  ],
  outageObserve: 110,
};

/** CI: fewer order queries and a shorter wait for recovery; the timed phases keep what they must see. */
export const REDUCED_PROTOCOL: Protocol = {
  ...FULL_PROTOCOL,
  orderQueries: 300,
  recoveryLimit: 40,
  fetchNames: 40,
  outageObserve: 50,
};

export interface ClampMeasurement {
  /** TTL shown by the answer that fetched the TTL-5 name, and the highest shown from cache. */
  readonly lowShownFetch: number;
  readonly lowShownCached: number;
  /** Seconds between fetches of the TTL-5 name (cache lifetime), null if fewer than two. */
  readonly lowLifetime: number | null;
  readonly highShownFetch: number;
  readonly highShownCached: number;
  readonly highLifetime: number | null;
}

export interface OutageMeasurement {
  readonly reaction: OutageReaction;
  /** TTL of a stale answer, when reaction is "stale". */
  readonly staleTtl: number | null;
  /** Seconds from the authority's return to the first fresh answer; null if none within the limit. */
  readonly recoverySeconds: number | null;
}

/** One daemon setting (or one preset), measured by the protocol. */
export interface SettingMeasurement {
  readonly orderCyclic: OrderAnalysis;
  readonly orderRandom: OrderAnalysis;
  /** Mean seconds between upstream fetches of the TTL-5 name. */
  readonly refetchSeconds: number | null;
  readonly clamp: ClampMeasurement | null;
  readonly outage: OutageMeasurement | null;
  /** Order of the answers that fetched, against the upstream's fixed order (null: not measured). */
  readonly fetchOrder?: FetchOrderAnalysis | null;
  /** Lowest TTL a client saw for the TTL-5 name before a refetch (0: the daemon serves TTL 0). */
  readonly lowestTtl?: number | null;
  /** Paced outages, in the protocol's order. */
  readonly paced?: readonly PacedOutage[];
}

/** What the answers that caused a fetch did to the upstream's fixed order. */
export interface FetchOrderAnalysis {
  readonly fetches: number;
  /** "upstream" (kept), "rotation" (a random rotation of it), "permutation" (a fresh shuffle), "other". */
  readonly pattern: "upstream" | "rotation" | "permutation" | "other";
  readonly sortedShares: readonly number[];
  readonly confidence: string;
}

export const PACED_KINDS = ["none", "servfail", "stale", "held"] as const;
export type PacedKind = (typeof PACED_KINDS)[number];

/** One query of a paced outage: seconds after the cut it was sent, and what it got. */
export interface PacedReply {
  readonly sent: number;
  /**
   * stale: an answer while the authority was down; held: answered only after
   * it returned; servfail; none: no reply at all.
   */
  readonly kind: PacedKind;
  /** Seconds from send to reply; null for none. */
  readonly delay: number | null;
}

export interface PacedOutage {
  readonly plan: OutagePlan;
  /** Queries sent after the record expired and before the return. */
  readonly during: readonly PacedReply[];
  /** Seconds from the return to the first upstream query (BIND's log), null: none in the window. */
  readonly firstUpstream: number | null;
  /** Seconds from the return to the first fresh answer a client received, null: none. */
  readonly firstFresh: number | null;
  /** Seconds of the recovery window (a null above means "more than this"). */
  readonly window: number;
}

/** A real daemon setting and the preset that claims to model it. */
export interface SettingSpec {
  readonly id: string;
  readonly label: string;
  readonly preset: ResolverBehaviourName;
}
