import type { AccessLogRecording, Results } from "../metrics/index.js";
import {
  ConnectionLoad,
  ConnectionStats,
  ContentStats,
  OutageTracker,
  QueueStats,
  Recorder,
  SessionStats,
  summarize,
} from "../metrics/index.js";
import {
  AnswerVersions,
  ConnectionWorld,
  type FailurePlan,
  maxTimeoutsPerVisit,
  planWorldFailures,
  type RecordedSessions,
  World,
  type WorldTrace,
} from "../model/index.js";
import { type ResolvedScenario, resolve, type Scenario, UserError } from "../scenario/index.js";
import { VERSION } from "../version.js";

/** What a run may override of its scenario. */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Overrides the scenario's duration (simulated seconds). */
  readonly duration?: number;
  /**
   * The session workload's requests on the run's seed (`recordSessions`),
   * played instead of drawn again: the same results, for the cost of
   * serving them. The world refuses a record of another workload or seed.
   */
  readonly sessions?: RecordedSessions;
}

/**
 * One run that can be driven step by step: `runUntil(t)` advances the world
 * to simulated time t, `snapshot()` summarizes what has been recorded so far.
 * A progress bar, a Web Worker or a test drives the same world that
 * `runScenario` runs in one go, so stepping never changes the results.
 *
 * This is where the concrete counters are built: the world writes only to
 * the recording interfaces (src/metrics/recording.ts).
 */
export class Simulation {
  /** The scenario as run (the file's, with --seed and --duration applied): what results echo. */
  readonly scenario: Scenario;
  /** The same with every default applied (scenario/resolve): what the model and the metrics read. */
  private readonly resolved: ResolvedScenario;
  private readonly world: World;
  private readonly plan: FailurePlan;
  private readonly recorder: Recorder;
  private readonly tracker: OutageTracker;
  /** The server-side counters, when the scenario's servers have capacity. */
  private readonly queueStats: QueueStats | undefined;
  /** Session fragmentation and content counters, when the scenario asks for them. */
  private readonly sessionStats: SessionStats | undefined;
  private readonly contentStats: ContentStats | undefined;
  private readonly objectCount: () => number;
  /** Connection-pool clients and their counters (scenario `connections`), on their own simulator. */
  private readonly pools:
    | { world: ConnectionWorld; stats: ConnectionStats; load: ConnectionLoad }
    | undefined;

  /** `extras`: a trace to replay (see replayTrace) and an access-log port, both optional. */
  constructor(
    scenario: Scenario,
    options: RunOptions = {},
    extras: { trace?: WorldTrace; accessLog?: AccessLogRecording } = {},
  ) {
    const s: Scenario = {
      ...scenario,
      seed: options.seed ?? scenario.seed,
      duration: options.duration ?? scenario.duration,
    };
    this.scenario = s;
    // A trace is read by whoever drives the run (rrdns run, replayTrace): without it the run would silently have no visits.
    if (s.clients.trace && !extras.trace)
      throw new UserError(
        "clients.trace: a trace is replayed by 'rrdns run' (one run); sweeps, replications and the playground do not read trace files",
      );
    const resolved = resolve(s);
    this.resolved = resolved;
    const serverCount = s.servers.length;
    this.plan = planWorldFailures(s, s.seed);
    this.recorder = new Recorder(serverCount, s.duration, s.window, maxTimeoutsPerVisit(s));
    this.tracker = new OutageTracker(this.plan.outages, s.duration, serverCount);
    this.queueStats = resolved.queueing
      ? new QueueStats(serverCount, s.duration, s.window, s.warmup)
      : undefined;
    this.sessionStats = s.fragmentation ? new SessionStats() : undefined;
    this.contentStats = s.content ? new ContentStats(serverCount) : undefined;
    const objects = extras.trace?.objects;
    const catalogue = s.content?.objects ?? 0;
    this.objectCount = () => (objects ? objects.count : catalogue);
    this.world = new World(
      resolved,
      s.seed,
      this.plan,
      {
        measured: this.recorder,
        // Warm-up visits fill the caches; their counts go to a throwaway recorder.
        warmup: new Recorder(serverCount, 1, 1),
        outages: this.tracker,
        ...(this.queueStats ? { servers: this.queueStats } : {}),
        ...(extras.accessLog ? { accessLog: extras.accessLog } : {}),
        ...(this.sessionStats ? { sessions: this.sessionStats } : {}),
        ...(this.contentStats ? { content: this.contentStats } : {}),
      },
      extras.trace,
      options.sessions,
    );
    this.pools = s.connections ? connectionPools(resolved, this.recorder) : undefined;
  }

  /** Simulated seconds the run lasts. */
  get horizon(): number {
    return this.world.horizon;
  }

  /** Simulated time reached so far (seconds). */
  get now(): number {
    // Visits under way at the horizon run on past it (requests as events); the run ends at the horizon.
    return Math.min(this.world.sim.now, this.horizon);
  }

  get done(): boolean {
    return this.now >= this.horizon;
  }

  /** Runs every event before min(t, horizon). Calling it with increasing t is the same as one run. */
  runUntil(t: number): void {
    this.world.runUntil(t);
    this.pools?.world.runUntil(t);
  }

  /** Runs to the horizon. */
  run(): void {
    this.runUntil(this.horizon);
  }

  /** The results of what has been simulated so far (the final results once `done`); changes nothing. */
  snapshot(): Results {
    return { ...this.summary(), ...this.perClientBlocks() };
  }

  /** results.json `fragmentation` and `content`, present only when the scenario configures them. */
  private perClientBlocks(): Pick<Results, "fragmentation" | "content" | "connections"> {
    const s = this.scenario;
    const blocks: Pick<Results, "fragmentation" | "content" | "connections"> = {};
    if (this.pools && s.connections)
      blocks.connections = this.pools.stats.result(
        s.connections.runtime,
        s.connections.clients,
        s.connections.rate,
      );
    if (this.sessionStats && s.fragmentation)
      blocks.fragmentation = this.sessionStats.result(
        s.fragmentation.sessionGap,
        s.clients.trace?.thinkTime ?? s.clients.sessions?.lookupGap ?? 0,
      );
    if (this.contentStats && s.content)
      blocks.content = this.contentStats.result(
        s.servers.map((sv) => sv.address),
        s.content.skewed,
        this.objectCount(),
        s.content.browserCache,
      );
    return blocks;
  }

  private summary(): Results {
    return summarize({
      scenario: this.scenario,
      seed: this.scenario.seed,
      version: VERSION,
      recorder: this.recorder,
      tracker: this.tracker,
      outages: this.plan.outages,
      resolverShares: this.world.resolverShares,
      ...(this.pools ? { answerMembers: this.pools.load.answerMembers } : {}),
      ...(this.queueStats && this.world.fleet
        ? {
            queueing: {
              stats: this.queueStats,
              // The models the fleet was built with, and the clients' defaulted settings.
              models: this.world.fleet.models,
              client: this.resolved.clients,
            },
          }
        : {}),
    });
  }

  /** Requests at server i now, waiting or in service (servers with capacity; for tests). */
  inSystem(server: number): number {
    const fleet = this.world.fleet;
    if (!fleet) throw new RangeError("the scenario has no server capacity");
    return fleet.inSystem(server, this.now);
  }
}

/**
 * The connection-pool world and its counters, binned like the rest of the
 * run: the connections block's own (ConnectionStats), and through
 * ConnectionLoad the run's Recorder, so a pool run has per-server results.
 */
function connectionPools(
  s: Scenario,
  recorder: Recorder,
): { world: ConnectionWorld; stats: ConnectionStats; load: ConnectionLoad } {
  const answers = new AnswerVersions(s);
  const stats = new ConnectionStats(
    s.servers.map((sv) => sv.address),
    s.duration,
    s.window,
    answers.entries,
  );
  // An autoscaled pool's answer changes as the run goes: the load follows it through poolChanged.
  const timeline = s.pool?.autoscale
    ? { changeTimes: [], members: answers.members, initial: answers.initial }
    : { changeTimes: answers.changeTimes, members: answers.members };
  const load = new ConnectionLoad(stats, recorder, s.warmup, timeline);
  return {
    world: new ConnectionWorld({ scenario: s, seed: s.seed, recording: load }),
    stats,
    load,
  };
}
