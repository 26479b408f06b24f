import { CounterStreams, type Rng, shuffleInPlace } from "../engine/index.js";
import type { Authoritative } from "./authoritative.js";
import type { IntervalSet } from "./intervals.js";
import { LOOKUP, type LookupOutcome } from "./lookup-outcome.js";
import { AUTH_DOWN_POLICIES } from "./policies/auth-down.js";
import {
  type CacheOrderPolicy,
  type CacheOrderState,
  STATIONARY_CACHE_ORDER,
  type StationaryOrder,
} from "./policies/cache-order.js";
import { cacheOrderPolicyOf, type ResolverBehaviour } from "./resolver-behaviours.js";

export { LOOKUP, type LookupOutcome } from "./lookup-outcome.js";
export interface ResolverPoolOptions {
  readonly serverCount: number;
  readonly behaviours: readonly ResolverBehaviour[];
  /** Extra seconds each resolver keeps a record past its TTL (0 for honest resolvers). */
  readonly extraLifetime: Float64Array;
  readonly ttl: number;
  readonly ttlMin: number;
  readonly ttlMax: number;
  /** Scenario-wide serve-stale override, or undefined to follow each behaviour. */
  readonly serveStale: { readonly ttl: number; readonly max: number } | undefined;
  readonly seed: number;
}

/**
 * Every caching resolver, as parallel typed arrays (struct of arrays): memory
 * is O(resolvers × servers) and a lookup allocates nothing. Cache expiry is a
 * timestamp compared at the next lookup, not a scheduled event.
 */
export class ResolverPool implements CacheOrderState {
  readonly count: number;
  private readonly n: number;
  private readonly cached: Int32Array;
  private readonly cachedLength: Int32Array;
  private readonly expires: Float64Array;
  private readonly ttlEnds: Float64Array;
  readonly rotation: Int32Array;
  /** The distinct cache-order policies in use, and each resolver's index into them. */
  private readonly orderPolicies: CacheOrderPolicy[] = [];
  private readonly orderOf: Uint8Array;
  /** Each resolver's cache order at a random moment, for the steady-state start. */
  private readonly stationary: StationaryOrder[];
  private readonly dnsmasq: Uint8Array;
  private readonly servesStale: Uint8Array;
  private readonly downOutcome: Uint8Array;
  private readonly staleTtl: Float64Array;
  private readonly extra: Float64Array;
  /** Per-resolver random streams for rotate-random and shuffle, without an object apiece. */
  readonly draws: CounterStreams;
  /** The resolver whose stream `currentRng` draws from (set by `rngOf`). */
  private current = 0;
  private readonly currentRng: Rng;
  private readonly lifetime: number;
  private readonly shownTtl: number;
  /** The authoritative TTL, unclamped: dnsmasq forwards it as is in the answer that fetched. */
  private readonly originalTtl: number;
  private readonly staleMax: number;
  /** TTL (s) the last lookup's answer carried, for client caches that honour it. */
  lastTtl = 0;
  /** LOOKUP code of the last lookup. */
  lastOutcome: LookupOutcome = LOOKUP.HIT;

  constructor(o: ResolverPoolOptions) {
    const r = o.behaviours.length;
    this.count = r;
    this.n = o.serverCount;
    this.cached = new Int32Array(r * o.serverCount);
    this.cachedLength = new Int32Array(r);
    this.expires = new Float64Array(r).fill(Number.NEGATIVE_INFINITY);
    this.ttlEnds = new Float64Array(r);
    this.rotation = new Int32Array(r);
    this.orderOf = new Uint8Array(r);
    this.stationary = o.behaviours.map((b) => STATIONARY_CACHE_ORDER[b.order]);
    this.dnsmasq = new Uint8Array(r);
    this.servesStale = new Uint8Array(r);
    this.downOutcome = new Uint8Array(r);
    this.staleTtl = new Float64Array(r);
    this.extra = o.extraLifetime;
    this.draws = new CounterStreams(o.seed, "resolver-order", r);
    this.currentRng = () => this.draws.next(this.current);
    // Unbound and PowerDNS clamp both the lifetime and the TTL shown (domain.md).
    this.lifetime = Math.min(Math.max(o.ttl, o.ttlMin), o.ttlMax);
    this.shownTtl = this.lifetime;
    this.originalTtl = o.ttl;
    this.staleMax = o.serveStale?.max ?? 86400;
    o.behaviours.forEach((b, i) => {
      const policy = cacheOrderPolicyOf(b);
      let index = this.orderPolicies.indexOf(policy);
      if (index < 0) index = this.orderPolicies.push(policy) - 1;
      this.orderOf[i] = index;
      this.dnsmasq[i] = b.dnsmasqRotation ? 1 : 0;
      const reaction = AUTH_DOWN_POLICIES[o.serveStale ? "stale" : b.onAuthDown];
      this.servesStale[i] = reaction.servesStale ? 1 : 0;
      this.downOutcome[i] = reaction.failure;
      this.staleTtl[i] = o.serveStale ? o.serveStale.ttl : b.staleTtl;
    });
  }

  /**
   * Resolves the name through resolver `r` at time t, writing the answer's
   * server order into `out`. Returns its length, or 0 when the client gets no
   * address (see `lastOutcome` for why).
   */
  lookup(
    r: number,
    t: number,
    auth: Authoritative,
    authDown: IntervalSet,
    out: Int32Array,
  ): number {
    const len = this.cachedLength[r]!;
    if (t < this.expires[r]! && len > 0) {
      this.lastOutcome = LOOKUP.HIT;
      this.lastTtl = Math.max(0, this.ttlEnds[r]! - t);
      return this.answerFromCache(r, out, len);
    }
    if (!authDown.contains(t)) {
      this.lastOutcome = LOOKUP.MISS;
      const base = r * this.n;
      const fetched = auth.answer(t, out);
      for (let i = 0; i < fetched; i++) this.cached[base + i] = out[i]!;
      this.cachedLength[r] = fetched;
      this.expires[r] = t + this.lifetime + this.extra[r]!;
      this.ttlEnds[r] = t + this.shownTtl;
      // The answer that caused the fetch carries the upstream order; plain
      // rotation continues from the next offset, dnsmasq repeats it once more.
      this.rotation[r] = this.dnsmasq[r] === 1 ? 0 : 1;
      // dnsmasq clamps the cache lifetime, but the forwarded answer still shows the original TTL.
      this.lastTtl = this.dnsmasq[r] === 1 ? this.originalTtl : this.shownTtl;
      return fetched;
    }
    if (this.servesStale[r] === 1 && len > 0 && t < this.expires[r]! + this.staleMax) {
      this.lastOutcome = LOOKUP.STALE;
      this.lastTtl = this.staleTtl[r]!;
      return this.answerFromCache(r, out, len);
    }
    this.lastOutcome = this.downOutcome[r]! as LookupOutcome;
    this.lastTtl = 0;
    return 0;
  }

  /** Resolver r's random stream as an Rng (valid until the next call). */
  rngOf(r: number): Rng {
    this.current = r;
    return this.currentRng;
  }

  private answerFromCache(r: number, out: Int32Array, len: number): number {
    this.orderPolicies[this.orderOf[r]!]!(this, r, this.cached, r * this.n, len, out);
    return len;
  }

  // Steady-state start (src/model/steady-state.ts): seeding a cache before the run.

  /** Seconds resolver r keeps a record: the clamped TTL plus a violator's extra time. */
  lifetimeOf(r: number): number {
    return this.lifetime + this.extra[r]!;
  }

  /** When the TTL resolver r shows its clients runs out (before a violator's extra time). */
  ttlShownUntil(r: number): number {
    return this.ttlEnds[r]!;
  }

  /**
   * Seeds resolver r's cache as if it had fetched `answer` at `fetchedAt`
   * (<= 0; long expired records stay, for serve-stale) and had since rotated
   * `rotation` times. Draws nothing from the run's streams.
   */
  seedEntry(r: number, fetchedAt: number, answer: Int32Array, len: number, rotation: number): void {
    const base = r * this.n;
    for (let i = 0; i < len; i++) this.cached[base + i] = answer[i]!;
    this.cachedLength[r] = len;
    this.expires[r] = fetchedAt + this.lifetime + this.extra[r]!;
    this.ttlEnds[r] = fetchedAt + this.shownTtl;
    this.rotation[r] = rotation;
  }

  /**
   * Writes `list` into `out` as resolver r's cache would answer it at a
   * random moment: a uniformly random rotation for the rotating orders, a
   * random permutation for shuffle, unchanged when frozen. Draws from `rng`,
   * never from the resolver's own stream.
   */
  stationaryOrder(r: number, list: Int32Array, len: number, rng: Rng, out: Int32Array): void {
    const order = this.stationary[r];
    const off = order === "random-rotation" ? Math.floor(rng() * len) : 0;
    for (let i = 0; i < len; i++) out[i] = list[(i + off) % len]!;
    if (order === "random-permutation") shuffleInPlace(rng, out, len);
  }
}
