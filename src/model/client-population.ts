import { type AliasTable, type Rng, uniformInt } from "../engine/index.js";

/**
 * Distinct clients with their own (browser / stub resolver) cache. Only built
 * when the scenario asks for client caches: each client is tied to one
 * resolver, drawn once by the resolvers' shares, and remembers the last
 * answer it got for its own lifetime (fixed, or the TTL it was given).
 */
export class ClientPopulation {
  readonly size: number;
  readonly resolverOf: Int32Array;
  private readonly expires: Float64Array;
  private readonly answers: Int32Array;
  private readonly lengths: Int32Array;

  constructor(
    size: number,
    resolverShares: AliasTable | Int32Array,
    assignRng: Rng | undefined,
    private readonly serverCount: number,
    /** Fixed lifetime in seconds, or -1 to honour the TTL of each answer. */
    private readonly lifetime: number,
  ) {
    this.size = size;
    if (resolverShares instanceof Int32Array) this.resolverOf = resolverShares;
    else {
      this.resolverOf = new Int32Array(size);
      for (let c = 0; c < size; c++) this.resolverOf[c] = resolverShares.sample(assignRng!);
    }
    this.expires = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    this.answers = new Int32Array(size * serverCount);
    this.lengths = new Int32Array(size);
  }

  /**
   * The hosts of a replayed trace or the clients of a session workload as
   * the population: client h is host h, on the resolver it already has (no
   * draw, so no other random stream moves).
   */
  static ofHosts(
    resolverOfHost: Int32Array,
    serverCount: number,
    lifetime: number,
  ): ClientPopulation {
    return new ClientPopulation(
      resolverOfHost.length,
      resolverOfHost,
      undefined,
      serverCount,
      lifetime,
    );
  }

  pick(rng: Rng): number {
    return uniformInt(rng, this.size);
  }

  /** Copies client c's cached answer into `out` if still fresh at t; returns its length or 0. */
  /** Until when client c's cached answer is fresh (−Infinity: none). */
  expiresAt(c: number): number {
    return this.expires[c]!;
  }

  cached(c: number, t: number, out: Int32Array): number {
    if (!(t < this.expires[c]!)) return 0;
    const len = this.lengths[c]!;
    const base = c * this.serverCount;
    for (let i = 0; i < len; i++) out[i] = this.answers[base + i]!;
    return len;
  }

  remember(c: number, t: number, answer: Int32Array, len: number, ttl: number): void {
    const life = this.lifetime >= 0 ? this.lifetime : ttl;
    if (!(life > 0)) return;
    const base = c * this.serverCount;
    for (let i = 0; i < len; i++) this.answers[base + i] = answer[i]!;
    this.lengths[c] = len;
    this.expires[c] = t + life;
  }

  /** Fixed lifetime in seconds, or -1 when clients honour the TTL of each answer. */
  get lifetimeSeconds(): number {
    return this.lifetime;
  }

  /** Seeds client c's cache with `answer` until `expiresAt` (steady-state start). */
  seedEntry(c: number, expiresAt: number, answer: Int32Array, len: number): void {
    const base = c * this.serverCount;
    for (let i = 0; i < len; i++) this.answers[base + i] = answer[i]!;
    this.lengths[c] = len;
    this.expires[c] = expiresAt;
  }
}
