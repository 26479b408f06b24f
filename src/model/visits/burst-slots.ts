import { SlotPool } from "./slot-pool.js";

// The pools of the visits and requests under way in a replay with servers with capacity (BurstsQueuedVisits).

/**
 * A burst's visit state, one row per visit (the fields every burst driver
 * reads and writes, whatever serves it): the host's own row when requests
 * are served at once (HostVisitRows), a pooled slot when they queue
 * (ReplayVisitSlots, outliving the burst while requests are under way).
 */
export interface BurstRows {
  start: Float64Array;
  /** Requests made so far. */
  count: Int32Array;
  failed: Uint8Array;
  counting: Uint8Array;
  timeouts: Int32Array;
  /** The first outage the visit met (blamed if it fails), −1 if none. */
  blamed: Int32Array;
  candidates: Int32Array;
  /** The sticky address: its index in the answer. */
  index: Int32Array;
  /** The visit's answer: row × serverCount. */
  answer: Int32Array;
}

/** One row per host, fixed by the host count (BurstsInstantVisits: a visit ends when its burst closes). */
export function hostVisitRows(hostCount: number, serverCount: number): BurstRows {
  return {
    start: new Float64Array(hostCount),
    count: new Int32Array(hostCount),
    failed: new Uint8Array(hostCount),
    counting: new Uint8Array(hostCount),
    timeouts: new Int32Array(hostCount),
    blamed: new Int32Array(hostCount),
    candidates: new Int32Array(hostCount),
    index: new Int32Array(hostCount),
    answer: new Int32Array(hostCount * serverCount),
  };
}

/**
 * A host's visit (one burst: one lookup, one sticky address). It outlives
 * its close while requests of it are still under way (open loop: the host's
 * next burst can begin before an earlier request is answered), and is
 * counted as ended when the last of them ends.
 */
export class ReplayVisitSlots extends SlotPool implements BurstRows {
  start = new Float64Array(0);
  /** Requests made so far. */
  count = new Int32Array(0);
  /** Requests under way (sent, not yet answered or failed). */
  pending = new Int32Array(0);
  failed = new Uint8Array(0);
  closed = new Uint8Array(0);
  counting = new Uint8Array(0);
  timeouts = new Int32Array(0);
  /** The first outage the visit met (blamed if it fails), −1 if none. */
  blamed = new Int32Array(0);
  candidates = new Int32Array(0);
  /** The sticky address: its index in the answer. */
  index = new Int32Array(0);
  /** The visit's answer: row slot × serverCount. */
  answer = new Int32Array(0);
}

/** One request under way: its attempts, retries and the outcome event it waits for. */
export class ReplayRequestSlots extends SlotPool {
  /** The visit slot it belongs to, its client (the trace host or session client) and the client's burst number. */
  visit = new Int32Array(0);
  burst = new Int32Array(0);
  client = new Int32Array(0);
  /** Index in the visit's answer of the address in use, the address, and the host serving it. */
  index = new Int32Array(0);
  server = new Int32Array(0);
  host = new Int32Array(0);
  retries = new Int32Array(0);
  /** When the current attempt reached its server. */
  sentAt = new Float64Array(0);
  /** The step the pending outcome event resumes with. */
  outcome = new Uint8Array(0);
  /** The object asked for (the trace reader's id, or −1: a popularity draw), and the log line. */
  object = new Int32Array(0);
  line: string[] = [];

  override release(slot: number): void {
    // Drop the line so a long-finished request does not keep it alive.
    this.line[slot] = "";
    super.release(slot);
  }

  protected override grow(capacity: number): void {
    for (let i = this.line.length; i < capacity; i++) this.line.push("");
    super.grow(capacity);
  }
}
