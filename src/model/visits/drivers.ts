import type { Simulator } from "../../engine/index.js";
import type { RequestFeed } from "../../logs/index.js";
import type { VisitRecording } from "../../metrics/index.js";
import type { ArrivalProcess } from "../arrivals.js";

/**
 * What makes visits happen, as the world sees it: the world runs the
 * simulator to a time between `beforeRun` and `afterRun`. Drivers schedule
 * their own events; the path (instant or queued) serves what they make.
 */
export interface WorkloadDriver {
  /** Before the simulator runs to `t`: make sure every request before t is scheduled. */
  beforeRun(): void;
  /** After the simulator ran to min(t, horizon): at the horizon, let what is under way end and count it. */
  afterRun(t: number): void;
}

/** Rate-driven visits, served at once or queued: both start a whole visit at its arrival. */
export interface RateVisits {
  /** A visit arriving at t, counted in `rec`; `counting` is false during warm-up. */
  start(t: number, rec: VisitRecording, counting: boolean): void;
  /** Visits whose requests are still under way (queued path; 0 when served at once). */
  readonly visitsInFlight: number;
}

export interface RateDriverOptions {
  readonly sim: Simulator;
  readonly arrivals: ArrivalProcess;
  readonly visits: RateVisits;
  readonly horizon: number;
  /** Seconds: visits arriving before it are counted in `warmupRecording`. */
  readonly warmup: number;
  readonly measured: VisitRecording;
  readonly warmupRecording: VisitRecording;
}

/** Visits at the scenario's arrival rate (an inhomogeneous Poisson process). */
export class RateDriver implements WorkloadDriver {
  private readonly kind: number;

  constructor(private readonly o: RateDriverOptions) {
    this.kind = o.sim.on((_payload, t) => this.onArrival(t));
  }

  /** Schedules the first arrival (after the world has scheduled its outages: same-time ties keep their order). */
  start(): void {
    const first = this.o.arrivals.first(this.o.horizon);
    if (first < this.o.horizon) this.o.sim.schedule(first, this.kind);
  }

  beforeRun(): void {}

  afterRun(t: number): void {
    // With requests as events, visits under way at the horizon finish after
    // it (no new visits arrive), so every request ends exactly once, as in
    // the fast path, whose late requests land past the horizon too.
    if (t >= this.o.horizon && this.o.visits.visitsInFlight > 0)
      this.o.sim.run(Number.POSITIVE_INFINITY);
  }

  /**
   * A visit at each arrival. The next arrival is known once this one is
   * made, so while it comes before every other pending event it is handled
   * here at once (`claim`), not pushed to the queue and popped again: the
   * fast path's run is then this loop.
   */
  private onArrival(first: number): void {
    const o = this.o;
    const sim = o.sim;
    let t = first;
    do {
      // The warm-up switch is per visit, by its arrival time, so how the run is
      // stepped cannot move a visit from one recording to the other.
      const counting = t >= o.warmup;
      o.visits.start(t, counting ? o.measured : o.warmupRecording, counting);
      t = o.arrivals.next(t, o.horizon);
      if (!(t < o.horizon)) return;
    } while (sim.claim(t));
    sim.schedule(t, this.kind);
  }
}

/** Per-host bursts, served at once or queued: requests one at a time, visits counted when they close. */
export interface BurstVisits {
  /** The request of `host` at t: its log line ("" if synthetic) and object id (−1: none). */
  request(t: number, host: number, line: string, object: number): void;
  /** Counting starts at t for the bursts under way too (session workloads). */
  startCounting(t: number): void;
  /** Counts every visit still open (end of the run). */
  finish(): void;
}

export interface BurstDriverOptions {
  readonly sim: Simulator;
  readonly visits: BurstVisits;
  readonly horizon: number;
  /** A replayed trace's requests; undefined for a session workload, which pushes its requests itself. */
  readonly feed: RequestFeed | undefined;
  /** Requests can still be under way at the horizon (the queued path): run them out before counting. */
  readonly queued: boolean;
}

/**
 * Bursts of a replayed trace (pulled from its feed, one event at a time) or
 * of a session workload (which schedules its own requests): at the horizon,
 * with the whole trace read, every visit still open is counted.
 */
export class BurstDriver implements WorkloadDriver {
  private readonly kind: number;
  /** The next request is not scheduled yet: the feed ran dry before it was pushed. */
  private pending: boolean;
  private finished = false;

  constructor(private readonly o: BurstDriverOptions) {
    this.kind = o.sim.on((_payload, t) => this.onRequest(t));
    this.pending = o.feed !== undefined;
  }

  beforeRun(): void {
    // The feed must hold every request before t (the trace driver pushes first).
    if (this.pending) this.scheduleNext();
  }

  afterRun(t: number): void {
    const o = this.o;
    if (this.finished || t < o.horizon || (o.feed && !o.feed.ended)) return;
    this.finished = true;
    // With capacity, requests under way at the horizon end after it (no
    // new ones are made), before the visits still open are counted.
    if (o.queued) o.sim.run(Number.POSITIVE_INFINITY);
    o.visits.finish();
  }

  private onRequest(t: number): void {
    const feed = this.o.feed!;
    feed.take();
    this.o.visits.request(t, feed.host, feed.line, feed.object);
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const feed = this.o.feed!;
    this.pending = !feed.available;
    if (!feed.available) return;
    const next = feed.nextTime;
    if (next < this.o.horizon) this.o.sim.schedule(next, this.kind);
  }
}
