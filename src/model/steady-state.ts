import { CounterStreams, RandomStreams, type Rng, shuffleInPlace } from "../engine/index.js";
import { type AnswerOrder, rateAt, type Scenario } from "../scenario/index.js";
import type { Authoritative } from "./authoritative.js";
import type { ClientPopulation } from "./client-population.js";
import type { ResolverPool } from "./resolvers.js";

/**
 * The steady-state start: every cache begins in the state it would be in had
 * the run's rate at t = 0 always held, instead of empty.
 *
 * A cache that sees Poisson lookups at rate λ and keeps a record for L seconds
 * alternates between "valid" (exactly L, from the miss that fetched) and
 * "idle" (from expiry to the next lookup: Exp(λ), mean 1/λ). By the renewal
 * reward theorem it is valid at a random instant with probability
 * L / (L + 1/λ) = λL / (1 + λL); given valid, its age is uniform on [0, L)
 * (the equilibrium age of a fixed-length period), and given idle, the time
 * since expiry is Exp(λ) (the equilibrium age of an exponential period).
 * Lookups after t = 0 are independent of all this, so seeding each cache with
 * a draw from this law and running on is, cache by cache, a run that started
 * long ago. Two couplings are approximated: caches are drawn independently
 * (the cyclic counter really hands consecutive fetches consecutive offsets),
 * and a client cache is drawn from its own law, taking its resolver's record
 * only if it fetched while that record was alive.
 *
 * The past is taken to be failure-free with the rate at t = 0: every server
 * was published, so a cached list is one of the authority's answers over all
 * N addresses. Every draw comes from streams named "steady-state:…", so no
 * other stream of the run shifts, and `start: cold` skips all of it.
 */

/**
 * The stationary fetch time (<= 0, or -Infinity if never fetched) of a cache
 * with Poisson lookups at `rate` (1/s) and records kept `lifetime` seconds:
 * the record is valid at t = 0 exactly when fetchedAt + lifetime > 0.
 * `u` decides valid or idle, `v` the age; both uniform on [0, 1).
 */
export function stationaryFetchTime(rate: number, lifetime: number, u: number, v: number): number {
  return stationaryFetchTimeOf(rate, lifetime, lifetime, u, v);
}

/**
 * TTLs drawn per fetch: the clamped TTL of the record a resolver holds at
 * t = 0. The valid/idle split is the constant case's with the mean lifetime
 * E[L] (renewal reward: λE[L]/(1+λE[L])); a record found valid is
 * length-biased (a long-lived record is likelier to be the one alive:
 * density ∝ L·f, drawn by rejection), one that has expired is an ordinary
 * draw. `u` must be the draw `stationaryFetchTimeOf` gets, so both take the
 * same branch.
 */
export function stationaryRecordTtl(
  pool: ResolverPool,
  r: number,
  rate: number,
  u: number,
  rng: Rng,
): number {
  const load = rate * pool.lifetimeOf(r);
  if (!(u * (1 + load) < load)) return pool.clampedTtlAt(rng());
  const longest = pool.lifetimeWithTtl(r, pool.longestTtl);
  for (let tries = 0; tries < 1000; tries++) {
    const ttl = pool.clampedTtlAt(rng());
    if (rng() * longest < pool.lifetimeWithTtl(r, ttl)) return ttl;
  }
  return pool.clampedTtlAt(0.5);
}

/**
 * `stationaryFetchTime` for a record of known `lifetime` when lifetimes vary
 * (mean `meanLifetime`): valid with probability λE[L]/(1+λE[L]), its age then
 * uniform on [0, lifetime); otherwise expired an Exp(λ) time ago.
 */
export function stationaryFetchTimeOf(
  rate: number,
  meanLifetime: number,
  lifetime: number,
  u: number,
  v: number,
): number {
  if (!(rate > 0)) return Number.NEGATIVE_INFINITY;
  const load = rate * meanLifetime;
  // Valid with probability λE[L]/(1+λE[L]), its age uniform on [0, L).
  if (u * (1 + load) < load) return -v * lifetime;
  // Idle: expired an Exp(λ) time ago (1 - v lies in (0, 1], so the log is finite).
  return -lifetime + Math.log(1 - v) / rate;
}

/**
 * An answer of the authority at a random moment of a long failure-free past:
 * cyclic gives a uniformly random rotation, random a random permutation,
 * cname one address at random, fixed the fixed order. Returns its length.
 */
export function stationaryAuthorityAnswer(
  order: AnswerOrder,
  n: number,
  rng: Rng,
  out: Int32Array,
): number {
  switch (order) {
    case "fixed":
      for (let i = 0; i < n; i++) out[i] = i;
      return n;
    case "cyclic": {
      const offset = Math.floor(rng() * n);
      for (let i = 0; i < n; i++) out[i] = (offset + i) % n;
      return n;
    }
    case "random":
      for (let i = 0; i < n; i++) out[i] = i;
      shuffleInPlace(rng, out, n);
      return n;
    case "cname":
      out[0] = Math.floor(rng() * n);
      return 1;
  }
}

/**
 * Each resolver's lookup rate (1/s) at t = 0. Without client caches it is its
 * share of the visit rate. With them it sees its clients' misses: a client
 * with rate λc and fixed lifetime Lc misses at λc/(1+λcLc), and many such
 * renewal streams together are close to Poisson; clients that honour the TTL
 * all expire with the resolver's record, so once it has expired every visit of
 * its clients reaches it (rate n·λc).
 */
export function resolverRates(
  s: Scenario,
  shares: Float64Array,
  clients: ClientPopulation | undefined,
  clientsPerResolver: Int32Array,
): Float64Array {
  const rate0 = rateAt(s.clients.rate, 0);
  // Loops, not Float64Array.from with a map function (slow per element; every run pays it per resolver).
  if (!clients) {
    const rates = new Float64Array(shares.length);
    for (let r = 0; r < rates.length; r++) rates[r] = shares[r]! * rate0;
    return rates;
  }
  const perClient = rate0 / clients.size;
  const lifetime = clients.lifetimeSeconds;
  const missRate = lifetime >= 0 ? perClient / (1 + perClient * lifetime) : perClient;
  const rates = new Float64Array(clientsPerResolver.length);
  for (let r = 0; r < rates.length; r++) rates[r] = clientsPerResolver[r]! * missRate;
  return rates;
}

/**
 * Seeds every cache of the world in its stationary state (resolvers, client
 * caches, the authority's counter); does nothing for `start: cold`.
 * `resolverShares`: each resolver's share of the visits (sums to 1).
 */
export function startInSteadyState(
  s: Scenario,
  seed: number,
  pool: ResolverPool,
  clients: ClientPopulation | undefined,
  auth: Authoritative,
  resolverShares: Float64Array,
): void {
  if (s.start === "cold") return;
  const n = s.servers.length;
  const groups = clientsByResolver(pool.count, clients);
  const rates = resolverRates(s, resolverShares, clients, groups.counts);

  // One small counter-based stream per resolver and per client: what one
  // entity draws never depends on how many draws another needed.
  const resolverDraws = new CounterStreams(seed, "steady-state:resolver", pool.count);
  let r = 0;
  const resolverRng: Rng = () => resolverDraws.next(r);
  const clientDraws = clients
    ? new CounterStreams(seed, "steady-state:client", clients.size)
    : undefined;
  let c = 0;
  const clientRng: Rng = () => clientDraws!.next(c);
  const clientRate = clients ? rateAt(s.clients.rate, 0) / clients.size : 0;

  const list = new Int32Array(n);
  const other = new Int32Array(n);
  const answer = new Int32Array(n);
  for (r = 0; r < pool.count; r++) {
    pool.seedFetchPhase(r, rates[r]!);
    const u = resolverRng();
    const v = resolverRng();
    const w = resolverRng();
    let lifetime = pool.lifetimeOf(r);
    let fetchedAt: number;
    let ttl: number | undefined;
    if (pool.ttlVaries) {
      ttl = stationaryRecordTtl(pool, r, rates[r]!, u, resolverRng);
      lifetime = pool.lifetimeWithTtl(r, ttl);
      fetchedAt = stationaryFetchTimeOf(rates[r]!, pool.lifetimeOf(r), lifetime, u, v);
    } else fetchedAt = stationaryFetchTime(rates[r]!, lifetime, u, v);
    const len = stationaryAuthorityAnswer(s.dns.order, n, resolverRng, list);
    // PowerDNS gave the record a random order of its own when it fetched it.
    if (pool.shufflesOnFetch(r)) shuffleInPlace(resolverRng, list, len);
    // Rotating caches: the rotation counter at a uniformly random phase.
    pool.seedEntry(r, fetchedAt, list, len, Math.floor(w * len), ttl);
    if (!clients) continue;
    const shownUntil = pool.ttlShownUntil(r);
    for (let k = groups.starts[r]!; k < groups.starts[r + 1]!; k++) {
      c = groups.members[k]!;
      const cu = clientRng();
      const cv = clientRng();
      const clientLifetime = clients.lifetimeSeconds;
      let expiresAt: number;
      let sameRecord: boolean;
      if (clientLifetime >= 0) {
        const clientFetchedAt = stationaryFetchTime(clientRate, clientLifetime, cu, cv);
        expiresAt = clientFetchedAt + clientLifetime;
        // It holds the resolver's present record if it fetched while that record was alive.
        sameRecord = clientFetchedAt >= fetchedAt && clientFetchedAt < fetchedAt + lifetime;
      } else {
        // Honouring the TTL, it holds the record until the resolver's shown TTL runs out,
        // if any of its visits (Poisson, rate λc) came since the resolver fetched it.
        const visitedSince = 1 - Math.exp(clientRate * fetchedAt);
        expiresAt = cu < visitedSince ? shownUntil : Number.NEGATIVE_INFINITY;
        sameRecord = true;
      }
      if (!(expiresAt > 0)) continue;
      // Otherwise it holds an earlier record of its resolver: another answer of the authority.
      const source = sameRecord ? list : other;
      const sourceLength = sameRecord
        ? len
        : stationaryAuthorityAnswer(s.dns.order, n, clientRng, other);
      if (!sameRecord && pool.shufflesOnFetch(r)) shuffleInPlace(clientRng, other, sourceLength);
      pool.stationaryOrder(r, source, sourceLength, clientRng, answer);
      clients.seedEntry(c, expiresAt, answer, sourceLength);
    }
  }
  // The cyclic counter at a random phase (2^32 values: uniform modulo any list length to 1e-7).
  auth.seedCounter(
    Math.floor(new RandomStreams(seed).stream("steady-state:authority")() * 2 ** 32),
  );
}

/** Clients grouped by resolver (a counting sort): members[starts[r] .. starts[r+1]). */
function clientsByResolver(
  resolverCount: number,
  clients: ClientPopulation | undefined,
): { counts: Int32Array; starts: Int32Array; members: Int32Array } {
  const counts = new Int32Array(resolverCount);
  const starts = new Int32Array(resolverCount + 1);
  if (!clients) return { counts, starts, members: new Int32Array(0) };
  for (let c = 0; c < clients.size; c++) counts[clients.resolverOf[c]!]!++;
  for (let r = 0; r < resolverCount; r++) starts[r + 1] = starts[r]! + counts[r]!;
  const members = new Int32Array(clients.size);
  const next = starts.slice(0, resolverCount);
  for (let c = 0; c < clients.size; c++) members[next[clients.resolverOf[c]!]!++] = c;
  return { counts, starts, members };
}
