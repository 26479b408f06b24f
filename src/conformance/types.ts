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
}

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
};

/** CI: fewer order queries and a shorter wait for recovery; the timed phases keep what they must see. */
export const REDUCED_PROTOCOL: Protocol = {
  ...FULL_PROTOCOL,
  orderQueries: 300,
  recoveryLimit: 40,
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
}

/** A real daemon setting and the preset that claims to model it. */
export interface SettingSpec {
  readonly id: string;
  readonly label: string;
  readonly preset: ResolverBehaviourName;
}
