import type { ResolverBehaviourName } from "../scenario/index.js";
import {
  Authoritative,
  IntervalSet,
  LOOKUP,
  RandomStreams,
  RESOLVER_BEHAVIOUR_REGISTRY,
  ResolverPool,
  resolverKindsOf,
} from "./model-access.js";
import type { OutageKind, OutageReaction } from "./types.js";

/**
 * The harness's measurements replayed against one rrdns preset: a single
 * simulated resolver in front of a simulated authoritative server with the
 * same four addresses, queried at the same times as the real daemon was.
 */
export const SIM_ADDRESSES = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"] as const;

export interface SimulatedResolverOptions {
  readonly preset: ResolverBehaviourName;
  readonly upstream: "cyclic" | "random" | "fixed";
  readonly ttl: number;
  readonly ttlMin?: number;
  readonly ttlMax?: number;
  /** Authority outages [start, end) in seconds. */
  readonly authDown?: readonly { start: number; end: number }[];
  readonly seed?: number;
  /** How the authority is unreachable during `authDown` (closed port or black-holed). */
  readonly outageKind?: OutageKind;
}

export interface SimulatedAnswer {
  readonly t: number;
  readonly outcome: "hit" | "miss" | "stale" | "no-answer" | "servfail";
  readonly addresses: readonly string[];
  readonly ttl: number;
  /**
   * Seconds until the client gets this reply; null: never (the resolver
   * stays silent). Held queries are answered once the authority returns.
   */
  readonly delay: number | null;
  /** When this query made the resolver fetch from the authority (null: it did not); later than `t` for a held query or a stale answer's refetch. */
  readonly fetchedAt: number | null;
}

const OUTCOME = ["hit", "miss", "stale", "no-answer", "servfail"] as const;

/** A stepped single-resolver world; `query(t)` with non-decreasing t. */
export class SimulatedResolver {
  private readonly pool: ResolverPool;
  private readonly auth: Authoritative;
  private readonly down: IntervalSet;
  private readonly out = new Int32Array(SIM_ADDRESSES.length);

  constructor(o: SimulatedResolverOptions) {
    const seed = o.seed ?? 1;
    const n = SIM_ADDRESSES.length;
    this.pool = new ResolverPool({
      serverCount: n,
      behaviours: resolverKindsOf([RESOLVER_BEHAVIOUR_REGISTRY[o.preset]]),
      extraLifetime: new Float64Array(1),
      ttl: o.ttl,
      ttlMin: o.ttlMin ?? 0,
      ttlMax: o.ttlMax ?? 604800,
      serveStale: undefined,
      seed,
      // Per outage: 1 when the authority's port is closed (sends refused at once).
      outageRefused: Uint8Array.from(
        (o.authDown ?? []).map(() => (o.outageKind === "closed" ? 1 : 0)),
      ),
    });
    const streams = new RandomStreams(seed);
    const none = new IntervalSet([]);
    this.auth = new Authoritative(
      n,
      o.upstream,
      streams.stream("conformance-authoritative"),
      SIM_ADDRESSES.map(() => none),
      false,
    );
    this.down = new IntervalSet((o.authDown ?? []).map((iv, tag) => ({ ...iv, tag })));
  }

  query(t: number): SimulatedAnswer {
    const len = this.pool.lookup(0, t, this.auth, this.down, this.out);
    const addresses: string[] = [];
    for (let i = 0; i < len; i++) addresses.push(SIM_ADDRESSES[this.out[i]!]!);
    const outcome = OUTCOME[this.pool.lastOutcome]!;
    return {
      t,
      outcome,
      addresses,
      ttl: Math.floor(this.pool.lastTtl),
      // A silence is never answered; anything else arrives after the
      // resolver's delay (a held query's wait for the return, a SERVFAIL's retries).
      delay: outcome === "no-answer" ? null : this.pool.lastDelay,
      fetchedAt: Number.isNaN(this.pool.lastFetch) ? null : this.pool.lastFetch,
    };
  }
}

/** The simulated resolver's reaction once its record expired with the authority down. */
export function reactionOf(answer: SimulatedAnswer): OutageReaction {
  if (answer.outcome === "stale") return "stale";
  if (answer.outcome === "servfail") return "servfail";
  if (answer.outcome === "no-answer") return "no-answer";
  return "fresh";
}

export { LOOKUP };
