import type { AliasTable, Rng } from "../engine/index.js";
import type { VisitRecording } from "../metrics/index.js";
import type { Authoritative } from "./authoritative.js";
import type { ClientPopulation } from "./client-population.js";
import type { IntervalSet } from "./intervals.js";
import type { LookupTiming } from "./lookup-timing.js";
import { LOOKUP, type ResolverPool } from "./resolvers.js";

export interface ResolutionOptions {
  readonly pool: ResolverPool;
  readonly auth: Authoritative;
  /** When the authoritative server is unreachable. */
  readonly authDown: IntervalSet;
  /**
   * Resolver choice by client share, when there are no client caches; absent
   * when the workload names each request's host (a trace, sessions): then
   * only `lookupHost` is called, and `resolve` or `freshAnswer` would throw.
   */
  readonly resolverTable: AliasTable | undefined;
  readonly resolverRng: Rng;
  /** Distinct clients with their own caches, or undefined (every visit asks a resolver). */
  readonly clients: ClientPopulation | undefined;
  readonly clientRng: Rng;
  readonly timing: LookupTiming;
}

/**
 * How a visit gets its addresses: from its client's own cache if it has one
 * and it is fresh, else through its caching resolver (which may ask the
 * authoritative server). Counts every lookup on the way, and how long it
 * kept the client waiting (`lastDelay`, src/model/lookup-timing.ts).
 */
export class Resolution {
  /** Seconds the last `resolve` kept the client waiting before its requests could start (or it gave up). */
  lastDelay = 0;
  /**
   * Until when the answer of the last `resolve` stays valid for the client
   * (its TTL as shown, or its own cache's expiry): a replayed host keeps a
   * working address past it (an open connection), but not a failing one.
   */
  lastValidUntil = Number.NEGATIVE_INFINITY;
  /** The client the last `resolve` picked (with client caches), else −1 (access logs name it). */
  lastClient = -1;
  /** The resolver `freshAnswer` drew. */
  resolver = -1;

  private readonly pool: ResolverPool;
  private readonly auth: Authoritative;
  private readonly authDown: IntervalSet;
  private readonly resolverTable: AliasTable | undefined;
  private readonly resolverRng: Rng;
  private readonly clients: ClientPopulation | undefined;
  private readonly clientRng: Rng;
  private readonly timing: LookupTiming;

  constructor(options: ResolutionOptions) {
    ({
      pool: this.pool,
      auth: this.auth,
      authDown: this.authDown,
      resolverTable: this.resolverTable,
      resolverRng: this.resolverRng,
      clients: this.clients,
      clientRng: this.clientRng,
      timing: this.timing,
    } = options);
  }

  /**
   * Writes the visit's answer at time t into `answer` and returns its length,
   * or 0 when the visit gets no address (recorded as unresolved).
   */
  resolve(t: number, rec: VisitRecording, answer: Int32Array): number {
    const clients = this.clients;
    if (clients) return this.resolveForClient(clients.pick(this.clientRng), t, rec, answer);
    return this.resolveWith(this.resolverTable!.sample(this.resolverRng), t, rec, answer);
  }

  /** Whether clients have caches of their own (then `resolve` picks a client, not a resolver). */
  get clientCaches(): boolean {
    return this.clients !== undefined;
  }

  /**
   * The fast path's common lookup, without client caches: the resolver
   * drawn by client share (as `resolve` draws it) answers from a fresh
   * record. Returns the answer's length, recorded nowhere (the caller counts
   * the lookup as a hit), or 0 when the resolver has no fresh record (or a
   * trouble model): then `resolveWith(resolver, …)` looks it up.
   */
  freshAnswer(t: number, answer: Int32Array): number {
    const r = this.resolverTable!.sample(this.resolverRng);
    this.resolver = r;
    const len = this.pool.freshAnswer(r, t, answer);
    if (len > 0) {
      this.lastValidUntil = t + this.pool.lastTtl;
      this.lastDelay = 0;
    }
    return len;
  }

  /**
   * The lookup of a given client (needs client caches): its own cached answer
   * if still fresh (no resolver query, no delay), else through its resolver,
   * the answer then remembered for the client's lifetime. A replayed trace's
   * host and a session client are such clients.
   */
  resolveForClient(client: number, t: number, rec: VisitRecording, answer: Int32Array): number {
    const clients = this.clients!;
    this.lastClient = client;
    const len = clients.cached(client, t, answer);
    if (len > 0) {
      rec.clientCacheHit(t);
      this.lastDelay = 0;
      this.lastValidUntil = clients.expiresAt(client);
      return len;
    }
    const got = this.resolveWith(clients.resolverOf[client]!, t, rec, answer);
    if (got > 0) {
      clients.remember(client, t, answer, got, this.pool.lastTtl);
      this.lastValidUntil = clients.expiresAt(client);
    }
    return got;
  }

  /**
   * The lookup of a replayed trace's host or a session client, whose
   * resolver the caller knows: through the host's own cache in front of it
   * when there are client caches (the host is then client `host`), else
   * straight through `resolver`.
   */
  resolveHost(
    host: number,
    resolver: number,
    t: number,
    rec: VisitRecording,
    answer: Int32Array,
  ): number {
    return this.clients
      ? this.resolveForClient(host, t, rec, answer)
      : this.resolveWith(resolver, t, rec, answer);
  }

  /** The lookup through a given resolver (a replayed trace knows its host's resolver). */
  resolveWith(resolver: number, t: number, rec: VisitRecording, answer: Int32Array): number {
    const pool = this.pool;
    const queriesBefore = this.auth.queries;
    let len = pool.lookup(resolver, t, this.auth, this.authDown, answer);
    let outcome = pool.lastOutcome;
    this.lastValidUntil = t + pool.lastTtl;
    // A preset may answer (held) or SERVFAIL late; the stub stops waiting at timeout × attempts.
    const waited = pool.lastDelay;
    const stubWait = this.timing.stubWait;
    if (waited > 0 && waited >= stubWait) {
      outcome = LOOKUP.NO_ANSWER;
      len = 0;
    }
    // A stale answer is not a hit: the record had expired and the authority was unreachable.
    rec.lookup(t, outcome === LOOKUP.HIT, outcome === LOOKUP.STALE);
    if (this.auth.queries !== queriesBefore) rec.authQuery(t);
    const delay = outcome === LOOKUP.NO_ANSWER ? stubWait : this.timing.delayOf(outcome) + waited;
    this.lastDelay = delay;
    if (delay > 0) rec.lookupDelay(delay, len === 0, len > 0 && waited > 0);
    if (len === 0) {
      rec.unresolved(t, outcome === LOOKUP.SERVFAIL);
      return 0;
    }
    return len;
  }
}
