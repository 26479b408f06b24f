/**
 * The state of the visits under way, as a pool of slots in parallel typed
 * arrays (struct of arrays): a slot id is the payload of a visit's events,
 * and freed slots are reused through a free list, so a running simulation
 * allocates nothing per visit or request (the arrays double when more visits
 * are under way at once than ever before).
 */
export class VisitSlots {
  capacity = 0;
  /** When the visit arrived (its bin for visit-level counts). */
  arrival = new Float64Array(0);
  /** When the current attempt reached its server (its bin for served requests). */
  sentAt = new Float64Array(0);
  /** The current request (0 .. requestsPerVisit − 1). */
  request = new Int32Array(0);
  /** Index in the answer of the address in use, and how many addresses the client will try. */
  index = new Int32Array(0);
  candidates = new Int32Array(0);
  /** The address in use, and the host that serves it (itself, or a takeover host). */
  server = new Int32Array(0);
  host = new Int32Array(0);
  /** Connect timeouts paid so far; retries used by the current request. */
  timeouts = new Int32Array(0);
  retries = new Int32Array(0);
  /** The first outage the visit met (blamed if it fails), −1 if none. */
  blamed = new Int32Array(0);
  /** Whether any request failed; whether the visit counts (arrived after the warm-up). */
  failed = new Uint8Array(0);
  counting = new Uint8Array(0);
  /** What the pending outcome event means (the step it resumes with). */
  outcome = new Uint8Array(0);
  /** The visit's answer: row slot * serverCount. */
  answer = new Int32Array(0);
  /** Who the access logs name as the visit's client (set with access logs only). */
  client = new Float64Array(0);

  private free = new Int32Array(0);
  private freeCount = 0;

  constructor(private readonly serverCount: number) {
    this.grow(64);
  }

  /** A free slot id. */
  acquire(): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    return this.free[--this.freeCount]!;
  }

  release(slot: number): void {
    this.free[this.freeCount++] = slot;
  }

  /** Visits under way now. */
  get inUse(): number {
    return this.capacity - this.freeCount;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array, width = 1) => {
      const b = new Int32Array(capacity * width);
      b.set(a);
      return b;
    };
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(capacity);
      b.set(a);
      return b;
    };
    this.arrival = f64(this.arrival);
    this.sentAt = f64(this.sentAt);
    this.client = f64(this.client);
    this.request = i32(this.request);
    this.index = i32(this.index);
    this.candidates = i32(this.candidates);
    this.server = i32(this.server);
    this.host = i32(this.host);
    this.timeouts = i32(this.timeouts);
    this.retries = i32(this.retries);
    this.blamed = i32(this.blamed);
    this.failed = u8(this.failed);
    this.counting = u8(this.counting);
    this.outcome = u8(this.outcome);
    this.answer = i32(this.answer, this.serverCount);
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    // New slots go on the free list highest first, so the lowest is handed out next.
    for (let slot = capacity - 1; slot >= old; slot--) free[this.freeCount++] = slot;
    this.free = free;
    this.capacity = capacity;
  }
}
