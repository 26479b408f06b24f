import { RandomStreams, Simulator } from "../engine/index.js";
import type { RequestFeed, TraceObjects } from "../logs/index.js";
import type {
  AccessLogRecording,
  ContentRecording,
  OutageRecording,
  ServerRecording,
  SessionRecording,
  VisitRecording,
} from "../metrics/index.js";
import type { ResolvedScenario, Scenario } from "../scenario/index.js";
import { commonPrefixLength, ipv4ToInt } from "./address-selection.js";
import { ArrivalProcess } from "./arrivals.js";
import { replayExtras } from "./content/replay-extras.js";
import { type FailurePlan, planFailures } from "./failures.js";
import { setUpLookups } from "./lookup-setup.js";
import { SELECTION_POLICIES } from "./policies/selection.js";
import { ServerFleet, serverModels } from "./servers/index.js";
import { worldPreRoll } from "./sessions/pre-roll.js";
import { type RecordedSessions, SessionPlayer } from "./sessions/recorded.js";
import { mapSessionResolvers } from "./sessions/resolvers.js";
import { SessionWorkload } from "./sessions/workload.js";
import type { HostResolvers } from "./trace/host-resolvers.js";
import { BurstsInstantVisits } from "./visits/bursts-instant.js";
import { BurstsQueuedVisits } from "./visits/bursts-queued.js";
import { type ClientSettings, VisitContext } from "./visits/context.js";
import { BurstDriver, RateDriver, type WorkloadDriver } from "./visits/drivers.js";
import { RateInstantVisits } from "./visits/rate-instant.js";
import { RateQueuedVisits } from "./visits/rate-queued.js";

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
  readonly feed: RequestFeed;
  readonly hostCount: number;
  readonly resolvers: HostResolvers;
  readonly thinkTime: number;
  /** The trace's request paths and sizes (scenario `content` only). */
  readonly objects?: TraceObjects;
}

/** The run's failure plan: a pure function of the scenario and seed, needed before the world to size the outage counters. */
export function planWorldFailures(s: Scenario, seed: number): FailurePlan {
  return planFailures(s, new RandomStreams(seed), s.duration);
}

/** The clients' settings every visit reads, with the selection policy's own random stream. */
function clientSettings(s: Scenario, streams: RandomStreams): ClientSettings {
  const own = s.clients.address ? ipv4ToInt(s.clients.address) : 0;
  // Rule 9 only reorders destinations on the client's own subnet; a key of 0
  // leaves the others in DNS order (the sort is stable).
  const prefixLength = Int32Array.from(s.servers, (sv) => {
    const common = commonPrefixLength(own, ipv4ToInt(sv.address));
    return common >= s.clients.prefixLength ? common : 0;
  });
  return {
    serverCount: s.servers.length,
    requestsPerVisit: s.clients.requestsPerVisit,
    requestInterval: s.clients.requestInterval,
    connectTimeout: s.clients.connectTimeout,
    selection: SELECTION_POLICIES[s.clients.selection],
    selectionContext: { rng: streams.stream("selection"), prefixLength },
  };
}

/** The server-side recording a scenario with capacity needs. */
function serverRecording(recording: WorldRecording): ServerRecording {
  if (!recording.servers) throw new RangeError("a scenario with capacity needs a server recording");
  return recording.servers;
}

/**
 * The round-robin DNS world on a fresh simulator, wired: a workload driver
 * (rate-driven visits, or per-host bursts of a trace or session workload)
 * times a server path (served at once, or queued at servers with capacity),
 * sharing one visit context (src/model/visits/). Outage begin/end events
 * keep the outage recording's set of active outages. Everything else that
 * changes over time (server down, address withdrawn, taken over, authority
 * unreachable) is a precomputed interval set queried by timestamp.
 */
export class World {
  readonly sim = new Simulator();
  readonly resolverShares: Float64Array;
  readonly horizon: number;
  /** The session workload (clients.sessions): its requests go to the burst visits (undefined when a record plays them). */
  readonly sessions: SessionWorkload | undefined;
  /** Servers with capacity (scenarios with a service model). */
  readonly fleet: ServerFleet | undefined;
  private readonly driver: WorkloadDriver;

  /**
   * `s`: the scenario resolved (scenario/resolve); `plan` must be
   * `planWorldFailures(s, seed)`, the plan `recording.outages` was sized
   * for. `recorded`: the session workload's requests on this seed
   * (recordSessionRequests), played instead of drawn again.
   */
  constructor(
    s: ResolvedScenario,
    seed: number,
    readonly plan: FailurePlan,
    recording: WorldRecording,
    trace?: WorldTrace,
    recorded?: RecordedSessions,
  ) {
    this.horizon = s.duration;
    const streams = new RandomStreams(seed);
    const sessionSpec = s.clients.sessions;
    if (sessionSpec && trace)
      throw new RangeError("clients.sessions cannot be combined with a trace");
    if (recorded) {
      if (!sessionSpec) throw new RangeError("recorded sessions need clients.sessions");
      SessionPlayer.check(recorded, s, seed);
    }
    // A session workload uses the same per-host machinery as a replayed
    // trace: a burst is one lookup and a sticky address.
    const hosts = trace
      ? trace.resolvers
      : sessionSpec
        ? mapSessionResolvers(s, sessionSpec, seed)
        : undefined;
    const lookups = setUpLookups({ scenario: s, seed, streams, plan, hosts, steadyStart: !hosts });
    this.resolverShares = lookups.resolverShares;
    // The server path, decided once: queued at a fleet of servers with capacity, or served at once.
    this.fleet = s.queueing
      ? new ServerFleet(serverModels(s.queueing), seed, serverRecording(recording))
      : undefined;
    const queued = this.fleet !== undefined;
    const ctx = new VisitContext({
      clients: clientSettings(s, streams),
      resolution: lookups.resolution,
      plan,
      outages: recording.outages,
      accessLog: recording.accessLog,
      fleet: this.fleet,
      queued: queued ? s.clients : undefined,
    });
    const recordings = { measured: recording.measured, warmupRecording: recording.warmup };
    let visits: BurstsInstantVisits | BurstsQueuedVisits | undefined;
    let rate: RateDriver | undefined;
    if (hosts) {
      const bursts = {
        ctx,
        ...recordings,
        resolverOfHost: hosts.resolverOfHost,
        // A trace's think time or the session workload's lookup gap cuts a host's requests into bursts.
        burstGap: trace ? trace.thinkTime : (sessionSpec?.lookupGap ?? 0),
        warmup: s.warmup,
        extras: replayExtras(s, seed, hosts.resolverOfHost.length, recording, trace?.objects),
      };
      visits = queued
        ? new BurstsQueuedVisits({ ...bursts, sim: this.sim })
        : new BurstsInstantVisits(bursts);
      this.driver = new BurstDriver({
        sim: this.sim,
        visits,
        horizon: this.horizon,
        feed: trace?.feed,
        queued,
      });
    } else {
      this.driver = rate = new RateDriver({
        sim: this.sim,
        ...recordings,
        arrivals: new ArrivalProcess(
          s.clients.rate,
          streams.stream("arrivals"),
          streams.stream("arrival-thinning"),
        ),
        visits: queued
          ? new RateQueuedVisits({
              ctx,
              sim: this.sim,
              measured: recording.measured,
              warmup: recording.warmup,
            })
          : new RateInstantVisits(ctx),
        horizon: this.horizon,
        warmup: s.warmup,
      });
    }
    this.scheduleOutages(recording.outages);
    rate?.start();
    if (sessionSpec) {
      // Bursts under way when counting starts are counted from then on (not
      // by their start, as a trace's are), so the measured load does not dip
      // after t = 0 or the warm-up. Scheduled first: it runs before any
      // request at the same time.
      const bursts = visits!;
      const countKind = this.sim.on((_payload, t) => bursts.startCounting(t));
      if (s.warmup < this.horizon) this.sim.schedule(s.warmup, countKind);
      if (recorded) new SessionPlayer(recorded, this.sim, bursts).start();
      else {
        this.sessions = new SessionWorkload(sessionSpec, seed, this.sim, this.horizon, bursts);
        const pre = worldPreRoll(s, sessionSpec);
        this.sessions.start(pre.seconds, pre.quiet);
      }
    }
  }

  /** Runs every event before min(t, horizon); calling it with increasing t is the same as one run. */
  runUntil(t: number): void {
    this.driver.beforeRun();
    this.sim.run(Math.min(t, this.horizon));
    this.driver.afterRun(t);
  }

  private scheduleOutages(outages: OutageRecording): void {
    const beginKind = this.sim.on((outage) => outages.begin(outage));
    const endKind = this.sim.on((outage) => outages.end(outage));
    this.plan.outages.forEach((o, i) => {
      if (o.start < this.horizon) this.sim.schedule(o.start, beginKind, i);
      if (o.end < this.horizon) this.sim.schedule(o.end, endKind, i);
    });
  }
}
