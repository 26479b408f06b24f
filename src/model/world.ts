import { AliasTable, RandomStreams, Simulator } from "../engine/index.js";
import type {
  AccessLogRecording,
  ContentRecording,
  OutageRecording,
  ServerRecording,
  SessionRecording,
  VisitRecording,
} from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";
import { commonPrefixLength, ipv4ToInt } from "./address-selection.js";
import { ArrivalProcess } from "./arrivals.js";
import { Authoritative } from "./authoritative.js";
import { ClientPopulation } from "./client-population.js";
import { replayExtras } from "./content/replay-extras.js";
import type { TraceObjects } from "./content/trace-objects.js";
import { type FailurePlan, planAuthoritativeOutages, planFailures } from "./failures.js";
import { lookupTimingOf } from "./lookup-timing.js";
import { SELECTION_POLICIES } from "./policies/selection.js";
import { RequestFlow } from "./request-flow.js";
import { Resolution } from "./resolution.js";
import { assignBehaviours, resolverWeights, violatorExtraLifetime } from "./resolver-population.js";
import { ResolverPool } from "./resolvers.js";
import { hasServiceModel, ServerFleet } from "./servers/index.js";
import { preRollSeconds } from "./sessions/pre-roll.js";
import { mapSessionResolvers } from "./sessions/resolvers.js";
import { SessionWorkload } from "./sessions/workload.js";
import { startInSteadyState } from "./steady-state.js";
import { CapacityReplay } from "./trace/capacity-replay.js";
import type { TraceFeed } from "./trace/feed.js";
import type { HostResolvers } from "./trace/host-resolvers.js";
import { TraceReplay } from "./trace/replay.js";
import { meanClampedTtl, TtlDraw } from "./ttl-draw.js";
import { Visit } from "./visit.js";

/** Where the world writes what happens; the run layer builds the concrete counters. */
export interface WorldRecording {
  /** Visits arriving at or after the warm-up. */
  readonly measured: VisitRecording;
  /** Visits during the warm-up: they warm the caches and are then forgotten. */
  readonly warmup: VisitRecording;
  readonly outages: OutageRecording;
  /** The server-side view of servers with capacity; needed exactly when the scenario has a service model. */
  readonly servers?: ServerRecording;
  /** Per-request access-log lines (opt-in): every workload writes to it. */
  readonly accessLog?: AccessLogRecording;
  /** Session fragmentation counters (scenario `fragmentation`; per-host workloads only). */
  readonly sessions?: SessionRecording;
  /** Content consistency counters (scenario `content`; per-host workloads only). */
  readonly content?: ContentRecording;
}

/** A trace to replay instead of the scenario's arrival rate (clients.trace). */
export interface WorldTrace {
  readonly feed: TraceFeed;
  readonly hostCount: number;
  readonly resolvers: HostResolvers;
  readonly thinkTime: number;
  /** The trace's request paths and sizes (scenario `content` only). */
  readonly objects?: TraceObjects;
}

/** Client defaults for servers with capacity (the schema leaves them unset so that scenarios without capacity are echoed unchanged). */
export const CLIENT_DEFAULTS = { timeout: 30, onError: "next", retries: 2, retryDelay: 1 } as const;

/** The run's failure plan: a pure function of the scenario and seed, needed before the world to size the outage counters. */
export function planWorldFailures(s: Scenario, seed: number): FailurePlan {
  return planFailures(s, new RandomStreams(seed), s.duration);
}

/**
 * The round-robin DNS world on a fresh simulator, wired: arrivals drive
 * visits (src/model/visit.ts), outage begin/end events keep the outage
 * recording's set of active outages. Everything else that changes over time
 * (server down, address withdrawn, taken over, authority unreachable) is a
 * precomputed interval set queried by timestamp.
 */
export class World {
  readonly sim = new Simulator();
  readonly resolverShares: Float64Array;
  readonly horizon: number;

  private readonly arrivals: ArrivalProcess | undefined;
  /** A trace or session workload: per-host bursts, served at once (TraceReplay) or queued (CapacityReplay). */
  private readonly replay: TraceReplay | CapacityReplay | undefined;
  /** The session workload (clients.sessions): its requests go to `replay`. */
  readonly sessions: SessionWorkload | undefined;
  private readonly feed: TraceFeed | undefined;
  /** The replay's next request is not scheduled yet: the feed ran dry before it was pushed. */
  private replayPending = false;
  private replayFinished = false;
  /** The fast path: no server capacity, a visit's requests are computed at its arrival. */
  private readonly visit: Visit | undefined;
  /** Servers with capacity: requests are events (the rate model's visits, or a trace's or session workload's requests). */
  private readonly flow: RequestFlow | undefined;
  private readonly capacityReplay: CapacityReplay | undefined;
  readonly fleet: ServerFleet | undefined;
  private readonly measured: VisitRecording;
  private readonly warmupRecording: VisitRecording;
  private readonly warmup: number;
  private readonly arrivalKind: number;

  /** `plan` must be `planWorldFailures(s, seed)`, the plan `recording.outages` was sized for. */
  constructor(
    s: Scenario,
    seed: number,
    readonly plan: FailurePlan,
    recording: WorldRecording,
    trace?: WorldTrace,
  ) {
    this.horizon = s.duration;
    this.warmup = s.warmup;
    this.measured = recording.measured;
    this.warmupRecording = recording.warmup;
    const serverCount = s.servers.length;
    const streams = new RandomStreams(seed);

    const auth = new Authoritative(
      serverCount,
      s.dns.order,
      streams.stream("authoritative"),
      plan.withdrawn,
      s.dns.healthCheck !== undefined,
    );
    const sessionSpec = s.clients.sessions;
    if (sessionSpec && trace)
      throw new RangeError("clients.sessions cannot be combined with a trace");
    const sessionResolvers = sessionSpec ? mapSessionResolvers(s, sessionSpec, seed) : undefined;
    this.resolverShares = trace
      ? trace.resolvers.shares
      : sessionResolvers
        ? sessionResolvers.shares
        : resolverWeights(s);
    const resolverCount = this.resolverShares.length;
    // A trace with no request in range has all-zero shares; its table is never sampled.
    const resolverTable = new AliasTable(
      this.resolverShares.some((w) => w > 0) ? this.resolverShares : [1],
    );
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
    // A trace's hosts and a session workload's clients are the population
    // (clients.cache.population is unused there): each its own cache in
    // front of the resolver it already has.
    const hostResolvers = trace ? trace.resolvers.resolverOfHost : sessionResolvers?.resolverOfHost;
    const clients = !cache
      ? undefined
      : hostResolvers
        ? ClientPopulation.ofHosts(
            hostResolvers,
            serverCount,
            cache.lifetime === "ttl" ? -1 : cache.lifetime,
          )
        : new ClientPopulation(
            cache.population,
            resolverTable,
            streams.stream("client-assignment"),
            serverCount,
            cache.lifetime === "ttl" ? -1 : cache.lifetime,
          );
    // A trace has no rate to derive a stationary state from: its caches start
    // cold. Sessions have no closed-form one: `start: steady` pre-rolls them (below).
    if (!trace && !sessionSpec)
      startInSteadyState(s, seed, pool, clients, auth, this.resolverShares);
    const resolution = new Resolution(
      pool,
      auth,
      planAuthoritativeOutages(s),
      resolverTable,
      streams.stream("resolver-choice"),
      clients,
      streams.stream("client-choice"),
      lookupTimingOf(s),
    );

    const own = s.clients.address ? ipv4ToInt(s.clients.address) : 0;
    // Rule 9 only reorders destinations on the client's own subnet; a key of 0
    // leaves the others in DNS order (the sort is stable).
    const prefixLength = Int32Array.from(s.servers, (sv) => {
      const common = commonPrefixLength(own, ipv4ToInt(sv.address));
      return common >= s.clients.prefixLength ? common : 0;
    });
    const visitSettings = {
      serverCount,
      requestsPerVisit: s.clients.requestsPerVisit,
      requestInterval: s.clients.requestInterval,
      connectTimeout: s.clients.connectTimeout,
      selection: SELECTION_POLICIES[s.clients.selection],
      selectionContext: { rng: streams.stream("selection"), prefixLength },
    };
    // A session workload uses the same per-host machinery as a replayed
    // trace: a burst is one lookup and a sticky address.
    const resolverOfHost = trace
      ? trace.resolvers.resolverOfHost
      : sessionResolvers?.resolverOfHost;
    if (trace) this.feed = trace.feed;
    // A trace's think time or the session workload's lookup gap cuts a host's requests into bursts.
    const burstGap = trace ? trace.thinkTime : (sessionSpec?.lookupGap ?? 0);
    const extras = resolverOfHost
      ? replayExtras(s, seed, resolverOfHost.length, recording, trace?.objects)
      : undefined;
    if (hasServiceModel(s)) {
      if (!recording.servers)
        throw new RangeError("a scenario with capacity needs a server recording");
      this.fleet = new ServerFleet(s, seed, recording.servers);
      const c = s.clients;
      const flowSettings = {
        ...visitSettings,
        timeout: c.timeout ?? CLIENT_DEFAULTS.timeout,
        onError: c.onError ?? CLIENT_DEFAULTS.onError,
        retries: c.retries ?? CLIENT_DEFAULTS.retries,
        retryDelay: c.retryDelay ?? CLIENT_DEFAULTS.retryDelay,
      };
      if (resolverOfHost) {
        this.replay = this.capacityReplay = new CapacityReplay(
          resolverOfHost.length,
          resolverOfHost,
          burstGap,
          flowSettings,
          resolution,
          plan,
          recording.outages,
          this.fleet,
          this.sim,
          recording.measured,
          recording.warmup,
          s.warmup,
          recording.accessLog,
          extras!,
        );
      } else
        this.flow = new RequestFlow(
          flowSettings,
          resolution,
          plan,
          recording.outages,
          this.fleet,
          this.sim,
          recording.measured,
          recording.warmup,
          recording.accessLog,
        );
    } else if (resolverOfHost) {
      this.replay = new TraceReplay(
        resolverOfHost.length,
        resolverOfHost,
        burstGap,
        visitSettings,
        resolution,
        plan,
        recording.outages,
        recording.measured,
        recording.warmup,
        s.warmup,
        recording.accessLog,
        extras!,
      );
    } else {
      this.visit = new Visit(
        visitSettings,
        resolution,
        plan,
        recording.outages,
        recording.accessLog,
      );
    }
    this.arrivals =
      trace || sessionSpec
        ? undefined
        : new ArrivalProcess(
            s.clients.rate,
            streams.stream("arrivals"),
            streams.stream("arrival-thinning"),
          );

    this.arrivalKind = this.sim.on((_payload, t) =>
      this.replay ? this.onTraceRequest(t) : this.onArrival(t),
    );
    const outages = recording.outages;
    const beginKind = this.sim.on((outage) => outages.begin(outage));
    const endKind = this.sim.on((outage) => outages.end(outage));
    plan.outages.forEach((o, i) => {
      if (o.start < this.horizon) this.sim.schedule(o.start, beginKind, i);
      if (o.end < this.horizon) this.sim.schedule(o.end, endKind, i);
    });
    if (this.arrivals) {
      const first = this.arrivals.first(this.horizon);
      if (first < this.horizon) this.sim.schedule(first, this.arrivalKind);
    } else if (trace) this.replayPending = true;
    if (sessionSpec) {
      // Bursts under way when counting starts are counted from then on (not
      // by their start, as a trace's are), so the measured load does not dip
      // after t = 0 or the warm-up. Scheduled first: it runs before any
      // request at the same time.
      const replay = this.replay!;
      const countKind = this.sim.on((_payload, t) => replay.startCounting(t));
      if (s.warmup < this.horizon) this.sim.schedule(s.warmup, countKind);
      this.sessions = new SessionWorkload(sessionSpec, seed, this.sim, this.horizon, this.replay!);
      this.sessions.start(s.start === "steady" ? preRollSeconds(s, sessionSpec) : 0);
    }
  }

  /** Runs every event before min(t, horizon); calling it with increasing t is the same as one run. */
  runUntil(t: number): void {
    // A replay's feed must hold every request before t (the trace driver pushes first).
    if (this.replayPending) this.scheduleNextRequest();
    this.sim.run(Math.min(t, this.horizon));
    if (
      this.replay &&
      !this.replayFinished &&
      t >= this.horizon &&
      (!this.feed || this.feed.ended)
    ) {
      this.replayFinished = true;
      // With capacity, requests under way at the horizon end after it (no
      // new ones are made), before the visits still open are counted.
      if (this.capacityReplay) this.sim.run(Number.POSITIVE_INFINITY);
      this.replay.finish();
    }
    // With requests as events, visits under way at the horizon finish after
    // it (no new visits arrive), so every request ends exactly once, as in
    // the fast path, whose late requests land past the horizon too.
    if (this.flow && t >= this.horizon && this.flow.visitsInFlight > 0)
      this.sim.run(Number.POSITIVE_INFINITY);
  }

  private onArrival(t: number): void {
    // The warm-up switch is per visit, by its arrival time, so how the run is
    // stepped cannot move a visit from one recording to the other.
    const counting = t >= this.warmup;
    if (this.visit) this.visit.run(t, counting ? this.measured : this.warmupRecording, counting);
    else this.flow!.start(t, counting);
    const next = this.arrivals!.next(t, this.horizon);
    if (next < this.horizon) this.sim.schedule(next, this.arrivalKind);
  }

  private onTraceRequest(t: number): void {
    const feed = this.feed!;
    feed.take();
    this.replay!.request(t, feed.host, feed.line, feed.object);
    this.scheduleNextRequest();
  }

  private scheduleNextRequest(): void {
    const feed = this.feed!;
    this.replayPending = !feed.available;
    if (!feed.available) return;
    const next = feed.nextTime;
    if (next < this.horizon) this.sim.schedule(next, this.arrivalKind);
  }
}
