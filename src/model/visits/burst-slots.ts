/**
 * Pools of the visits and requests under way in a replay with servers with
 * capacity (BurstsQueuedVisits): parallel typed arrays (struct of arrays), a slot
 * id as an event's payload, a free list, doubling when more are under way at
 * once than ever before. Nothing is allocated per request once the pools
 * have grown to the run's peak concurrency.
 */

function grownF64(a: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(capacity);
  b.set(a);
  return b;
}

function grownI32(a: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

function grownU8(a: Uint8Array, capacity: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(capacity);
  b.set(a);
  return b;
}

/** A free list of slot ids 0 .. capacity − 1, lowest handed out first. */
class FreeList {
  capacity = 0;
  private free = new Int32Array(0);
  private count = 0;

  /** A free slot id, or −1 when the pool must grow first. */
  take(): number {
    return this.count === 0 ? -1 : this.free[--this.count]!;
  }

  give(slot: number): void {
    this.free[this.count++] = slot;
  }

  get inUse(): number {
    return this.capacity - this.count;
  }

  grow(capacity: number): void {
    const old = this.capacity;
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.count));
    for (let slot = capacity - 1; slot >= old; slot--) free[this.count++] = slot;
    this.free = free;
    this.capacity = capacity;
  }
}

/** Slot ids from a free list, the pool doubling (`grow`) when every slot is in use. */
abstract class SlotPool {
  protected readonly list = new FreeList();

  acquire(): number {
    let slot = this.list.take();
    if (slot < 0) {
      this.grow(this.list.capacity * 2);
      slot = this.list.take();
    }
    return slot;
  }

  release(slot: number): void {
    this.list.give(slot);
  }

  get inUse(): number {
    return this.list.inUse;
  }

  /** Grows every array to `capacity` slots (and the free list with them). */
  protected abstract grow(capacity: number): void;
}

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

  constructor(private readonly serverCount: number) {
    super();
    this.grow(64);
  }

  protected grow(capacity: number): void {
    this.start = grownF64(this.start, capacity);
    this.count = grownI32(this.count, capacity);
    this.pending = grownI32(this.pending, capacity);
    this.failed = grownU8(this.failed, capacity);
    this.closed = grownU8(this.closed, capacity);
    this.counting = grownU8(this.counting, capacity);
    this.timeouts = grownI32(this.timeouts, capacity);
    this.blamed = grownI32(this.blamed, capacity);
    this.candidates = grownI32(this.candidates, capacity);
    this.index = grownI32(this.index, capacity);
    this.answer = grownI32(this.answer, capacity * this.serverCount);
    this.list.grow(capacity);
  }
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

  constructor() {
    super();
    this.grow(64);
  }

  override release(slot: number): void {
    // Drop the line so a long-finished request does not keep it alive.
    this.line[slot] = "";
    super.release(slot);
  }

  protected grow(capacity: number): void {
    this.visit = grownI32(this.visit, capacity);
    this.burst = grownI32(this.burst, capacity);
    this.client = grownI32(this.client, capacity);
    this.index = grownI32(this.index, capacity);
    this.server = grownI32(this.server, capacity);
    this.host = grownI32(this.host, capacity);
    this.retries = grownI32(this.retries, capacity);
    this.sentAt = grownF64(this.sentAt, capacity);
    this.outcome = grownU8(this.outcome, capacity);
    this.object = grownI32(this.object, capacity);
    for (let i = this.line.length; i < capacity; i++) this.line.push("");
    this.list.grow(capacity);
  }
}
