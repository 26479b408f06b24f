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
   * Runs events with time < `until` (the horizon is exclusive, so an event at
   * exactly the horizon is left for a later call). Leaves the clock at `until`.
   */
  run(until: number): void {
    const queue = this.queue;
    const handlers = this.handlers;
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
    if (until > this.clock && Number.isFinite(until)) this.clock = until;
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
    this.handlers[kind]!(payload, time);
    return true;
  }
}
