import { Simulator } from "../../engine/index.js";
import type { ResolvedScenario } from "../../scenario/index.js";
import { worldPreRoll } from "./pre-roll.js";
import { type RequestSink, SessionWorkload } from "./workload.js";

/**
 * The requests a session workload makes on one seed, recorded once so that
 * several worlds that differ only in what serves them (TTL, cache
 * behaviour, lookup gap, windows: the fit validation's rows) play the same
 * requests without drawing them again. The draws are most of a session
 * run's cost: with a sampled log's observation windows, every request
 * outside them is drawn and simulated and then not made.
 *
 * Memory: O(requests made by one replication), 12 bytes each (a time and a
 * client index in typed arrays); the sessions' draws, their unobserved
 * requests and the arrivals are not kept.
 */
export interface RecordedSessions {
  /** Request times in the order the workload made them (non-decreasing after the pre-roll's). */
  readonly times: Float64Array;
  /** Each request's client (the sink's host index). */
  readonly hosts: Int32Array;
  readonly count: number;
  /** The first `preRoll` requests are a steady pre-roll's, made before t = 0 while the world is built. */
  readonly preRoll: number;
  /** What the record is a function of: a world plays it only if its own are the same. */
  readonly seed: number;
  readonly horizon: number;
  readonly key: string;
}

/**
 * What a session workload's requests depend on besides the seed and the
 * horizon: the classes, the observation windows and the pre-roll the world
 * runs (a steady pre-roll's length depends on the TTL; a quiet one's does
 * not). Two scenarios with the same key (and duration) make the same
 * requests on a seed.
 */
export function sessionRecordKey(s: ResolvedScenario): string {
  const spec = s.clients.sessions;
  if (!spec) throw new RangeError("the scenario has no clients.sessions");
  return JSON.stringify([spec.classes, spec.observe ?? null, worldPreRoll(s, spec), s.duration]);
}

/** Appends requests to growing typed arrays (amortised O(1) a request); the first `count` are the requests. */
export class RequestTape implements RequestSink {
  times = new Float64Array(1024);
  hosts = new Int32Array(1024);
  count = 0;

  request(t: number, host: number): void {
    if (this.count === this.times.length) {
      const times = new Float64Array(this.count * 2);
      times.set(this.times);
      this.times = times;
      const hosts = new Int32Array(this.count * 2);
      hosts.set(this.hosts);
      this.hosts = hosts;
    }
    this.times[this.count] = t;
    this.hosts[this.count++] = host;
  }
}

/**
 * The requests the session workload of `s` (resolved, with
 * clients.sessions) makes on `seed`: the workload run on a simulator of
 * its own, exactly as World runs it (same pre-roll, horizon, streams), so
 * playing the record into a world (`SessionPlayer`) gives the world the
 * same requests at the same times in the same order.
 */
export function recordSessionRequests(s: ResolvedScenario, seed: number): RecordedSessions {
  const spec = s.clients.sessions;
  if (!spec) throw new RangeError("recordSessionRequests: the scenario has no clients.sessions");
  const sim = new Simulator();
  const recorder = new RequestTape();
  const workload = new SessionWorkload(spec, seed, sim, s.duration, recorder, { alone: true });
  const pre = worldPreRoll(s, spec);
  workload.start(pre.seconds, pre.quiet);
  const preRoll = recorder.count;
  workload.runAlone(s.duration);
  return {
    times: recorder.times.slice(0, recorder.count),
    hosts: recorder.hosts.slice(0, recorder.count),
    count: recorder.count,
    preRoll,
    seed,
    horizon: s.duration,
    key: sessionRecordKey(s),
  };
}

/**
 * Plays a record into a world in place of its session workload. The
 * pre-roll's requests go to the sink at `start` (where the workload's
 * pre-roll makes them); each later request is made when `run` would pop
 * it: the player claims it at once while it is before every pending event
 * (Simulator.claim), else schedules it. A world's own events at the same
 * time as a request (outages, the warm-up's start) were scheduled before
 * the workload's, so they run first either way.
 */
export class SessionPlayer {
  private next = 0;
  private kind = -1;

  constructor(
    private readonly record: RecordedSessions,
    private readonly sim: Simulator,
    private readonly sink: RequestSink,
  ) {}

  /** RangeError when the record is not of this world's workload (another seed, horizon, classes or pre-roll). */
  static check(record: RecordedSessions, s: ResolvedScenario, seed: number): void {
    if (record.seed !== seed || record.horizon !== s.duration || record.key !== sessionRecordKey(s))
      throw new RangeError("recorded sessions: recorded for another seed or session workload");
  }

  /** Makes the pre-roll's requests and schedules the rest: call once, where the workload would start. */
  start(): void {
    const r = this.record;
    for (; this.next < r.preRoll; this.next++)
      this.sink.request(r.times[this.next]!, r.hosts[this.next]!, "", -1);
    this.kind = this.sim.on(() => this.onRequest());
    if (this.next < r.count) this.sim.schedule(r.times[this.next]!, this.kind);
  }

  private onRequest(): void {
    const { times, hosts, count } = this.record;
    const sim = this.sim;
    const sink = this.sink;
    let i = this.next;
    for (;;) {
      sink.request(times[i]!, hosts[i]!, "", -1);
      i++;
      if (i >= count) {
        this.next = i;
        return;
      }
      if (!sim.claim(times[i]!)) break;
    }
    this.next = i;
    sim.schedule(times[i]!, this.kind);
  }
}
