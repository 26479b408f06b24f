import { AliasTable, type RandomStreams } from "../engine/index.js";
import type { Scenario } from "../scenario/index.js";
import { Authoritative } from "./authoritative.js";
import { ClientPopulation } from "./client-population.js";
import { type FailurePlan, planAuthoritativeOutages } from "./failures.js";
import { lookupTimingOf } from "./lookup-timing.js";
import { Resolution } from "./resolution.js";
import { assignBehaviours, resolverWeights, violatorExtraLifetime } from "./resolver-population.js";
import { ResolverPool } from "./resolvers.js";
import { startInSteadyState } from "./steady-state.js";
import { meanClampedTtl, TtlDraw } from "./ttl-draw.js";

/** Who the clients are when a workload names them: a trace's hosts or a session workload's clients. */
export interface KnownHosts {
  /** Each resolver's share of the requests. */
  readonly shares: Float64Array;
  /** Each host's resolver. */
  readonly resolverOfHost: Int32Array;
}

export interface LookupSetupOptions {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly streams: RandomStreams;
  readonly plan: FailurePlan;
  /** The hosts of a per-host workload, or undefined for rate-driven visits (clients drawn by resolver share). */
  readonly hosts: KnownHosts | undefined;
  /** Start the caches in their stationary state (rate-driven visits only: a closed form exists). */
  readonly steadyStart: boolean;
}

/** How visits get their addresses, wired: resolvers, the authority, client caches. */
export interface LookupSetup {
  readonly resolution: Resolution;
  /** Each resolver's share of the visits (or of a trace's requests). */
  readonly resolverShares: Float64Array;
}

/**
 * The lookup side of the world: the authoritative server, the resolver
 * population and its caches, the clients' own caches (a population drawn by
 * resolver share, or one per known host), each started cold or in its
 * stationary state.
 */
export function setUpLookups(o: LookupSetupOptions): LookupSetup {
  const { scenario: s, seed, streams, plan, hosts } = o;
  const serverCount = s.servers.length;
  const auth = new Authoritative(
    serverCount,
    s.dns.order,
    streams.stream("authoritative"),
    plan.withdrawn,
    s.dns.healthCheck !== undefined,
  );
  const resolverShares = hosts ? hosts.shares : resolverWeights(s);
  const resolverCount = resolverShares.length;
  // Drawn from only when visits choose a resolver by client share: a workload
  // that names each request's host (a trace, sessions: the fit validation's
  // runs have 90,000 hosts) looks up through the host's own resolver.
  const resolverTable = hosts
    ? undefined
    : new AliasTable(resolverShares.some((w) => w > 0) ? resolverShares : [1]);
  const pool = new ResolverPool({
    serverCount,
    behaviours: assignBehaviours(s, resolverCount, streams),
    extraLifetime: violatorExtraLifetime(s, resolverCount, streams),
    ttl: new TtlDraw(s.dns.ttl, streams.stream("dns-ttl")),
    meanLifetime: meanClampedTtl(s.dns.ttl, s.resolvers.ttl.min, s.resolvers.ttl.max),
    ttlMin: s.resolvers.ttl.min,
    ttlMax: s.resolvers.ttl.max,
    serveStale: s.resolvers.serveStale,
    seed,
    outageRefused: Uint8Array.from(s.dns.outages, (o) => (o.mode === "refused" ? 1 : 0)),
    authorityRtt: s.resolvers.authorityRtt,
    stubTimeout: s.clients.stub.timeout,
  });
  const cache = s.clients.cache;
  const lifetime = cache ? (cache.lifetime === "ttl" ? -1 : cache.lifetime) : 0;
  // A trace's hosts and a session workload's clients are the population
  // (clients.cache.population is unused there): each its own cache in
  // front of the resolver it already has.
  const clients = !cache
    ? undefined
    : hosts
      ? ClientPopulation.ofHosts(hosts.resolverOfHost, serverCount, lifetime)
      : new ClientPopulation(
          cache.population,
          resolverTable!,
          streams.stream("client-assignment"),
          serverCount,
          lifetime,
        );
  // A trace has no rate to derive a stationary state from: its caches start
  // cold. Sessions have no closed-form one: `start: steady` pre-rolls them.
  if (o.steadyStart) startInSteadyState(s, seed, pool, clients, auth, resolverShares);
  const resolution = new Resolution({
    pool,
    auth,
    authDown: planAuthoritativeOutages(s),
    resolverTable,
    resolverRng: streams.stream("resolver-choice"),
    clients,
    clientRng: streams.stream("client-choice"),
    timing: lookupTimingOf(s),
  });
  return { resolution, resolverShares };
}
