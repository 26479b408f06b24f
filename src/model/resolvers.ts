import { CounterStreams, type Rng, shuffleInPlace } from "../engine/index.js";
import type { Authoritative } from "./authoritative.js";
import { ASK, AuthorityContact } from "./authority-contact.js";
import type { IntervalSet } from "./intervals.js";
import { LOOKUP, type LookupOutcome } from "./lookup-outcome.js";
import { AUTH_DOWN_POLICIES } from "./policies/auth-down.js";
import {
  type CacheOrderPolicy,
  type CacheOrderState,
  frozenOrder,
  STATIONARY_CACHE_ORDER,
  type StationaryOrder,
} from "./policies/cache-order.js";
import { cacheOrderPolicyOf, type ResolverBehaviour } from "./resolver-behaviours.js";
import { TtlDraw } from "./ttl-draw.js";

/** The random stream of a constant TTL, which never draws. */
const neverDrawn: Rng = () => 0;

export { LOOKUP, type LookupOutcome } from "./lookup-outcome.js";
/**
 * Which behaviour each resolver has: a few distinct kinds and each
 * resolver's index into them. Not an array of a behaviour per resolver: a
 * trace's or a session workload's clients are each their own resolver (the
 * fit validation's runs have 90,000), and a JS array of that many objects,
 * and the per-resolver maps over it, cost more than the run itself.
 */
export interface ResolverKinds {
  readonly kinds: readonly ResolverBehaviour[];
  /** Each resolver's kind (an index into `kinds`); its length is the resolver count. */
  readonly of: Uint8Array;
}

/** The kinds of a list of behaviours, one per resolver (a mix's entries, tests, the conformance harness's few resolvers). */
export function resolverKindsOf(behaviours: readonly ResolverBehaviour[]): ResolverKinds {
  const kinds: ResolverBehaviour[] = [];
  const of = new Uint8Array(behaviours.length);
  behaviours.forEach((b, r) => {
    const k = kinds.indexOf(b);
    of[r] = k < 0 ? kinds.push(b) - 1 : k;
  });
  if (kinds.length > 256)
    throw new RangeError(`at most 256 kinds of resolver, got ${kinds.length}`);
  return { kinds, of };
}

export interface ResolverPoolOptions {
  readonly serverCount: number;
  readonly behaviours: ResolverKinds;
  /** Extra seconds each resolver keeps a record past its TTL (0 for honest resolvers). */
  readonly extraLifetime: Float64Array;
  /** The TTL of each authoritative answer: seconds, or drawn per fetch. */
  readonly ttl: number | TtlDraw;
  /** Mean clamped lifetime for the steady-state start (see `meanClampedTtl`). */
  readonly meanLifetime?: number;
  readonly ttlMin: number;
  readonly ttlMax: number;
  /** Scenario-wide serve-stale override, or undefined to follow each behaviour. */
  readonly serveStale: { readonly ttl: number; readonly max: number } | undefined;
  readonly seed: number;
  /** Per authority outage (its tag): 1 when its port is closed (refused), 0 when black-holed (default). */
  readonly outageRefused?: Uint8Array;
  /** Seconds a send to the authority takes (a refused send costs this); default 0.03. */
  readonly authorityRtt?: number;
  /** The clients' stub timeout per try (glibc: 5 s): it retransmits that often, and dnsmasq forwards again. */
  readonly stubTimeout?: number;
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
  /** The first two of them, each called from a site of its own (one function per call site: inlined there). */
  private readonly order0: CacheOrderPolicy;
  private readonly order1: CacheOrderPolicy;
  /** Each kind's cache order at a random moment, for the steady-state start (by `kindOf`). */
  private readonly stationary: StationaryOrder[];
  private readonly kindOf: Uint8Array;
  private readonly dnsmasq: Uint8Array;
  private readonly servesStale: Uint8Array;
  private readonly downOutcome: Uint8Array;
  private readonly staleTtl: Float64Array;
  private readonly extra: Float64Array;
  /** Timing of real software (resolver-behaviours.ts): whole-second clock, linger, hold-down. */
  private readonly wholeSeconds: Uint8Array;
  private readonly linger: Float64Array;
  private readonly shuffleOnFetch: Uint8Array;
  private readonly rotateOnFetch: Uint8Array;
  /** 1 for resolvers with a trouble model (the presets): `contact` plays their sends. */
  private readonly troubled: Uint8Array;
  private readonly contact: AuthorityContact;
  private readonly outageRefused: Uint8Array;
  /** Mean fractional second of the fetch time (whole-second daemons; 0 otherwise), for the steady-state start. */
  private readonly fetchPhase: Float64Array;
  /** Per-resolver random streams for rotate-random and shuffle, without an object apiece. */
  readonly draws: CounterStreams;
  /** The resolver whose stream `currentRng` draws from (set by `rngOf`). */
  private current = 0;
  private readonly currentRng: Rng;
  private readonly ttl: TtlDraw;
  private readonly ttlMin: number;
  private readonly ttlMax: number;
  /** Mean clamped TTL, seconds (the lifetime of a constant TTL). */
  private readonly meanLifetime: number;
  private readonly staleMax: number;
  /** TTL (s) the last lookup's answer carried, for client caches that honour it. */
  lastTtl = 0;
  /** LOOKUP code of the last lookup. */
  lastOutcome: LookupOutcome = LOOKUP.HIT;
  /**
   * Seconds the resolver kept the last lookup waiting beyond an ordinary
   * answer: a held query's wait for the authority's return (its outcome is
   * then MISS: answered by a fetch, late), or the time a SERVFAIL or a
   * silence took (0 for hits, prompt misses and immediate failures).
   */
  lastDelay = 0;
  /** When the last lookup made the resolver fetch from the authority (NaN: it did not); a held or stale-served query's refetch lands later than the query. */
  lastFetch = Number.NaN;

  constructor(o: ResolverPoolOptions) {
    const { kinds, of: kindOf } = o.behaviours;
    const r = kindOf.length;
    this.count = r;
    this.n = o.serverCount;
    this.cached = new Int32Array(r * o.serverCount);
    this.cachedLength = new Int32Array(r);
    this.expires = new Float64Array(r).fill(Number.NEGATIVE_INFINITY);
    this.ttlEnds = new Float64Array(r);
    this.rotation = new Int32Array(r);
    this.orderOf = new Uint8Array(r);
    this.kindOf = kindOf;
    this.stationary = kinds.map((b) => STATIONARY_CACHE_ORDER[b.order]);
    this.dnsmasq = new Uint8Array(r);
    this.servesStale = new Uint8Array(r);
    this.downOutcome = new Uint8Array(r);
    this.staleTtl = new Float64Array(r);
    this.extra = o.extraLifetime;
    this.draws = new CounterStreams(o.seed, "resolver-order", r);
    this.currentRng = () => this.draws.next(this.current);
    this.ttl = typeof o.ttl === "number" ? new TtlDraw(o.ttl, neverDrawn) : o.ttl;
    this.ttlMin = o.ttlMin;
    this.ttlMax = o.ttlMax;
    this.meanLifetime = o.meanLifetime ?? Math.min(Math.max(this.ttl.constant, o.ttlMin), o.ttlMax);
    this.wholeSeconds = new Uint8Array(r);
    this.linger = new Float64Array(r);
    this.shuffleOnFetch = new Uint8Array(r);
    this.rotateOnFetch = new Uint8Array(r);
    this.troubled = new Uint8Array(r);
    this.outageRefused = o.outageRefused ?? new Uint8Array(0);
    const stubTimeout = o.stubTimeout ?? 5;
    // Only resolvers with a trouble model reach the authority through the
    // contact: without one (the abstract behaviours), it keeps no per-resolver state.
    const troubles = kinds.map((b) => b.trouble);
    this.contact = new AuthorityContact(
      { kinds: troubles, of: troubles.some((t) => t) ? kindOf : new Uint8Array(0) },
      o.authorityRtt ?? 0.03,
      stubTimeout,
    );
    this.fetchPhase = new Float64Array(r);
    this.staleMax = o.serveStale?.max ?? 86400;
    // Each kind's settings once, then written to its resolvers (one kind: typed fills).
    const settings = kinds.map((b) => {
      const policy = cacheOrderPolicyOf(b);
      let index = this.orderPolicies.indexOf(policy);
      if (index < 0) index = this.orderPolicies.push(policy) - 1;
      const reaction = AUTH_DOWN_POLICIES[o.serveStale ? "stale" : b.onAuthDown];
      return [
        [this.orderOf, index],
        [this.dnsmasq, b.dnsmasqRotation ? 1 : 0],
        [this.servesStale, reaction.servesStale ? 1 : 0],
        [this.downOutcome, reaction.failure],
        [this.staleTtl, o.serveStale ? o.serveStale.ttl : b.staleTtl],
        [this.wholeSeconds, b.wholeSeconds ? 1 : 0],
        [this.linger, b.lingerSeconds],
        [this.shuffleOnFetch, b.shuffleOnFetch ? 1 : 0],
        [this.rotateOnFetch, b.rotateOnFetch ? 1 : 0],
        [this.troubled, b.trouble ? 1 : 0],
        [this.fetchPhase, b.wholeSeconds ? 0.5 : 0],
      ] as const;
    });
    fillByKind(kindOf, settings);
    this.order0 = this.orderPolicies[0] ?? frozenOrder;
    this.order1 = this.orderPolicies[1] ?? frozenOrder;
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
    const fresh = this.freshAnswer(r, t, out);
    if (fresh > 0) return fresh;
    const len = this.cachedLength[r]!;
    if (this.troubled[r] === 1) {
      this.contact.noteQuery(r, t);
      // A query in flight: this one joins it and gets what it gets, when it gets it.
      if (t < this.contact.pendingUntil[r]!) return this.joinPending(r, t, len, out);
      if (t < this.expires[r]! && len > 0) return this.hit(r, t, out, len);
      return this.askAuthority(r, t, auth, authDown, out, len);
    }
    if (authDown.indexAt(t) < 0) {
      this.lastOutcome = LOOKUP.MISS;
      this.lastFetch = t;
      this.store(r, t, auth.answer(t, out), out);
      return this.cachedLength[r]!;
    }
    // The abstract behaviours: the authority is down, the reaction is at once.
    return this.failOrStale(r, t, len, out, this.downOutcome[r]! as LookupOutcome);
  }

  /**
   * The common lookup, kept short for the fast path: resolver r has no
   * trouble model and a fresh record at t, so it answers from its cache (as
   * `lookup` does). Returns the answer's length, or 0 (only the last lookup's delay and fetch reset, as `lookup` resets them)
   * when `lookup` must take the other ways.
   */
  freshAnswer(r: number, t: number, out: Int32Array): number {
    const len = this.cachedLength[r]!;
    this.lastDelay = 0;
    this.lastFetch = Number.NaN;
    if (this.troubled[r] === 1 || !(t < this.expires[r]! && len > 0)) return 0;
    return this.hit(r, t, out, len);
  }

  /** A hit: the cached record's answer, and the TTL it shows. */
  private hit(r: number, t: number, out: Int32Array, len: number): number {
    this.lastOutcome = LOOKUP.HIT;
    // Real daemons count the TTL shown down in whole seconds of their clock.
    const now = this.wholeSeconds[r] === 1 ? Math.floor(t) : t;
    this.lastTtl = Math.max(0, this.ttlEnds[r]! - now);
    return this.answerFromCache(r, out, len);
  }

  /**
   * A preset's expired record and the authority: its trouble model plays the
   * sends (src/model/authority-contact.ts). A serve-stale daemon answers
   * stale at once whatever the refetch's fate; the others wait for it.
   */
  private askAuthority(
    r: number,
    t: number,
    auth: Authoritative,
    authDown: IntervalSet,
    out: Int32Array,
    len: number,
  ): number {
    const result = this.contact.ask(r, t, authDown, this.outageRefused);
    const end = this.contact.end;
    if (result === ASK.NOW) {
      this.lastOutcome = LOOKUP.MISS;
      this.lastFetch = t;
      this.store(r, t, auth.answer(t, out), out);
      return this.cachedLength[r]!;
    }
    if (result === ASK.LATER) {
      // Fetched at `end`: the cache holds it from then (earlier queries join the wait).
      this.store(r, end, auth.answer(end, out), out);
      this.lastFetch = end;
      if (this.canServeStale(r, t, len)) return this.stale(r, out, len);
      this.lastOutcome = LOOKUP.MISS;
      this.lastDelay = end - t;
      return this.cachedLength[r]!;
    }
    const failure = result === ASK.SILENT ? LOOKUP.NO_ANSWER : LOOKUP.SERVFAIL;
    const got = this.failOrStale(r, t, len, out, failure);
    if (got === 0) this.lastDelay = end - t;
    return got;
  }

  /** A query that arrived while resolver r was still working on an earlier one. */
  private joinPending(r: number, t: number, len: number, out: Int32Array): number {
    const until = this.contact.pendingUntil[r]!;
    const result = this.contact.pendingResult[r]!;
    if (this.canServeStale(r, t, len)) return this.stale(r, out, len);
    this.lastDelay = until - t;
    if (result === ASK.LATER) {
      this.lastOutcome = LOOKUP.MISS;
      this.lastTtl = Math.max(0, this.ttlEnds[r]! - until);
      return this.answerFromCache(r, out, len);
    }
    this.lastOutcome = result === ASK.SILENT ? LOOKUP.NO_ANSWER : LOOKUP.SERVFAIL;
    this.lastTtl = 0;
    return 0;
  }

  private canServeStale(r: number, t: number, len: number): boolean {
    return this.servesStale[r] === 1 && len > 0 && t < this.expires[r]! + this.staleMax;
  }

  private stale(r: number, out: Int32Array, len: number): number {
    this.lastOutcome = LOOKUP.STALE;
    this.lastTtl = this.staleTtl[r]!;
    this.lastDelay = 0;
    return this.answerFromCache(r, out, len);
  }

  private failOrStale(
    r: number,
    t: number,
    len: number,
    out: Int32Array,
    failure: LookupOutcome,
  ): number {
    if (this.canServeStale(r, t, len)) return this.stale(r, out, len);
    this.lastOutcome = failure;
    this.lastTtl = 0;
    return 0;
  }

  /** Caches a fetched answer (`out[0..fetched)`) at t, with a TTL from the authority. */
  private store(r: number, t: number, fetched: number, out: Int32Array): void {
    const base = r * this.n;
    // PowerDNS: a new random order per fetch, the same one for the answer that fetched.
    if (this.shuffleOnFetch[r] === 1) shuffleInPlace(this.rngOf(r), out, fetched);
    for (let i = 0; i < fetched; i++) this.cached[base + i] = out[i]!;
    this.cachedLength[r] = fetched;
    // Unbound, Knot: the answer that fetched is already a random rotation (the cache keeps upstream's order).
    if (this.rotateOnFetch[r] === 1 && fetched > 1) {
      const off = Math.floor(this.draws.next(r) * fetched);
      for (let i = 0; i < fetched; i++) out[i] = this.cached[base + ((i + off) % fetched)]!;
    }
    const ttl = this.ttl.constant >= 0 ? this.ttl.constant : this.ttl.next();
    // Unbound and PowerDNS clamp both the lifetime and the TTL shown (domain.md).
    const life = ttl < this.ttlMin ? this.ttlMin : ttl > this.ttlMax ? this.ttlMax : ttl;
    const from = this.wholeSeconds[r] === 1 ? Math.floor(t) : t;
    // A TTL of 0 is never cached (RFC 1035 §3.2.1), so it gets no extra second either.
    const linger = life > 0 ? this.linger[r]! : 0;
    this.expires[r] = from + life + linger + this.extra[r]!;
    this.ttlEnds[r] = from + life;
    // The answer that caused the fetch carries the upstream order; plain
    // rotation continues from the next offset, dnsmasq repeats it once more.
    this.rotation[r] = this.dnsmasq[r] === 1 ? 0 : 1;
    // dnsmasq clamps the cache lifetime, but the forwarded answer still shows the original TTL.
    this.lastTtl = this.dnsmasq[r] === 1 ? ttl : life;
  }

  /** Resolver r's random stream as an Rng (valid until the next call). */
  rngOf(r: number): Rng {
    this.current = r;
    return this.currentRng;
  }

  private answerFromCache(r: number, out: Int32Array, len: number): number {
    const policy = this.orderOf[r]!;
    const base = r * this.n;
    if (policy === 0) this.order0(this, r, this.cached, base, len, out);
    else if (policy === 1) this.order1(this, r, this.cached, base, len, out);
    else this.orderPolicies[policy]!(this, r, this.cached, base, len, out);
    return len;
  }

  // Steady-state start (src/model/steady-state.ts): seeding a cache before the run.

  /** Mean seconds resolver r keeps a record (the mean clamped TTL's `lifetimeWithTtl`). */
  lifetimeOf(r: number): number {
    return this.lifetimeWithTtl(r, this.meanLifetime);
  }

  /** Whether the TTL is drawn per fetch (a distribution), not constant. */
  get ttlVaries(): boolean {
    return this.ttl.constant < 0;
  }

  /** The clamped TTL at quantile u of the TTL distribution, seconds. */
  clampedTtlAt(u: number): number {
    return this.clampTtl(this.ttl.at(u));
  }

  /** The longest clamped TTL, seconds. */
  get longestTtl(): number {
    return this.clampTtl(this.ttl.highest);
  }

  /**
   * Mean seconds resolver r keeps a record with clamped TTL `ttl`: plus the
   * linger and a violator's extra time, less the mean clock phase of the fetch
   * for the whole-second daemons (a record fetched at t is kept until floor(t) + …).
   */
  lifetimeWithTtl(r: number, ttl: number): number {
    const linger = ttl > 0 ? this.linger[r]! : 0;
    return Math.max(0, ttl + linger + this.extra[r]! - this.fetchPhase[r]!);
  }

  /**
   * Sets the mean clock phase of resolver r's fetches for lookups at `rate`
   * (1/s), before it is seeded. A whole-second daemon's record expires at
   * floor(fetch) + L', so with a constant TTL every expiry has the fractional
   * part f of L' and the next fetch comes an Exp(λ) time X later: the phase is
   * E[frac(f + X)] = f + 1/λ − e^(−λ(1−f)) / (1 − e^(−λ)), near f for a busy
   * resolver (λ = 10/s, f = 0: 0.1 s) and 1/2 for a quiet one. A TTL drawn per
   * fetch from a continuous law makes the phase uniform: 1/2.
   */
  seedFetchPhase(r: number, rate: number): void {
    if (this.wholeSeconds[r] !== 1 || this.ttlVaries || !(rate > 0)) return;
    const life = this.meanLifetime;
    const whole = life + (life > 0 ? this.linger[r]! : 0) + this.extra[r]!;
    const f = whole - Math.floor(whole);
    // Below 1e-6 the closed form cancels; its series: 1/2 − λ(f²/2 − f/2 + 1/12).
    this.fetchPhase[r] =
      rate < 1e-6
        ? 0.5 - rate * ((f * f) / 2 - f / 2 + 1 / 12)
        : f + 1 / rate - Math.exp(-rate * (1 - f)) / -Math.expm1(-rate);
  }

  private clampTtl(ttl: number): number {
    return ttl < this.ttlMin ? this.ttlMin : ttl > this.ttlMax ? this.ttlMax : ttl;
  }

  /** Whether resolver r gives each fetched answer a new random order (PowerDNS). */
  shufflesOnFetch(r: number): boolean {
    return this.shuffleOnFetch[r] === 1;
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
  seedEntry(
    r: number,
    fetchedAt: number,
    answer: Int32Array,
    len: number,
    rotation: number,
    ttl = this.meanLifetime,
  ): void {
    const base = r * this.n;
    for (let i = 0; i < len; i++) this.cached[base + i] = answer[i]!;
    this.cachedLength[r] = len;
    // As `lifetimeWithTtl` (the lifetime the steady state was drawn with), so a
    // record valid by the draw is valid here; whole-second daemons at their mean phase.
    const life = ttl - this.fetchPhase[r]!;
    const linger = ttl > 0 ? this.linger[r]! : 0;
    this.expires[r] = fetchedAt + life + linger + this.extra[r]!;
    this.ttlEnds[r] = fetchedAt + life;
    this.rotation[r] = rotation;
  }

  /**
   * Writes `list` into `out` as resolver r's cache would answer it at a
   * random moment: a uniformly random rotation for the rotating orders, a
   * random permutation for shuffle, unchanged when frozen. Draws from `rng`,
   * never from the resolver's own stream.
   */
  stationaryOrder(r: number, list: Int32Array, len: number, rng: Rng, out: Int32Array): void {
    const order = this.stationary[this.kindOf[r]!];
    const off = order === "random-rotation" ? Math.floor(rng() * len) : 0;
    for (let i = 0; i < len; i++) out[i] = list[(i + off) % len]!;
    if (order === "random-permutation") shuffleInPlace(rng, out, len);
  }
}

/**
 * Writes each kind's values into its resolvers' arrays: `settings[k]` pairs
 * an array with kind k's value in it (the same arrays, in the same order,
 * for every kind).
 */
function fillByKind(
  kindOf: Uint8Array,
  settings: readonly (readonly (readonly [Uint8Array | Float64Array, number])[])[],
): void {
  const first = settings[0];
  if (first === undefined) return;
  if (settings.length === 1) {
    for (const [array, value] of first) array.fill(value);
    return;
  }
  for (let i = 0; i < first.length; i++) {
    const array = first[i]![0];
    const values = settings.map((kind) => kind[i]![1]);
    for (let r = 0; r < kindOf.length; r++) array[r] = values[kindOf[r]!]!;
  }
}
