import { EventQueue } from "./event-queue.js";

/** Called for an event of the kind it was registered for, at the event's time. */
export type EventHandler = (payload: number, time: number) => void;

/**
 * The simulation clock and loop: pop the earliest event, advance the clock to
 * its time, call the handler registered for its kind. Knows nothing of the model.
 *
 * Handlers are registered once and events carry only (kind, payload) integers,
 * so a running simulation creates no closures or objects per event.
 */
export class Simulator {
  private readonly queue = new EventQueue();
  private readonly handlers: EventHandler[] = [];
  private clock = 0;
  private processed = 0;
  /** The end (exclusive) of the `run` under way; −Infinity outside one, so `claim` refuses. */
  private limit = Number.NEGATIVE_INFINITY;

  /** Current simulated time (seconds). */
  get now(): number {
    return this.clock;
  }

  /** Events handled so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Registers a handler and returns the kind to schedule it with. */
  on(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules an event of `kind` at absolute time `time` (never before now). */
  schedule(time: number, kind: number, payload = 0): void {
    if (!(time >= this.clock)) {
      throw new RangeError(`cannot schedule at ${time}, before the clock (${this.clock})`);
    }
    if (kind < 0 || kind >= this.handlers.length)
      throw new RangeError(`unknown event kind ${kind}`);
    this.queue.push(time, kind, payload);
  }

  /**
   * Makes a lane for events of `kind` (a registered one): a FIFO its owner
   * promises to schedule in non-decreasing time, such as one worker's
   * completions or a fixed delay after now. Its events run in exactly the
   * order `schedule` would give them, but only the lane's next one sits in
   * the queue's heap. Returns the lane for `scheduleOn`.
   */
  lane(kind: number): number {
    if (kind < 0 || kind >= this.handlers.length)
      throw new RangeError(`unknown event kind ${kind}`);
    return this.queue.addLane(kind);
  }

  /**
   * Schedules an event of the lane's kind at absolute time `time`: never
   * before now, nor before the lane's last event (RangeError, as a
   * non-monotone lane is a bug).
   */
  scheduleOn(lane: number, time: number, payload = 0): void {
    if (!(time >= this.clock)) {
      throw new RangeError(`cannot schedule at ${time}, before the clock (${this.clock})`);
    }
    this.queue.pushLane(lane, time, payload);
  }

  /**
   * Runs events with time < `horizon` (it is exclusive, so an event at
   * exactly the horizon is left for a later call). Leaves the clock at `horizon`.
   */
  run(horizon: number): void {
    // Unboxed once (V8 checks and loads a double argument again at each use).
    const until = horizon - 0;
    const queue = this.queue;
    const handlers = this.handlers;
    // A run inside a handler (none today) claims up to its own end, then the
    // outer run's limit holds again; a handler that throws leaves none behind.
    const outer = this.limit;
    this.limit = until;
    try {
      while (queue.size > 0) {
        const time = queue.peekTime();
        if (time >= until) break;
        const kind = queue.peekKind();
        const payload = queue.peekPayload();
        queue.pop();
        this.clock = time;
        this.processed++;
        handlers[kind]!(payload, time);
      }
    } finally {
      this.limit = outer;
    }
    if (until > this.clock && Number.isFinite(until)) this.clock = until;
  }

  /**
   * An event its source handles itself, at once, instead of scheduling it
   * (a stream of arrivals whose next one is known): allowed exactly when
   * `run` would pop it next, that is before every pending event (a pending
   * event at the same time was scheduled earlier, so it goes first) and
   * before the end of the run under way. Then the clock moves to `time`, the
   * event counts as processed, and the caller handles it now; otherwise
   * nothing changes and the caller schedules it. Same order, same clock as
   * scheduling it, without the queue's push and pop.
   */
  claim(time: number): boolean {
    if (!(time < this.limit && time < this.queue.peekTime() && time >= this.clock)) return false;
    this.clock = time;
    this.processed++;
    return true;
  }

  /** Runs exactly one event if there is one; returns whether it did. For stepping in tests. */
  step(): boolean {
    if (this.queue.size === 0) return false;
    const time = this.queue.peekTime();
    const kind = this.queue.peekKind();
    const payload = this.queue.peekPayload();
    this.queue.pop();
    this.clock = time;
    this.processed++;
    // One event: its handler may not claim another, even when stepped from within a run.
    const outer = this.limit;
    this.limit = Number.NEGATIVE_INFINITY;
    try {
      this.handlers[kind]!(payload, time);
    } finally {
      this.limit = outer;
    }
    return true;
  }
}
