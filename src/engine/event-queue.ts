/**
 * One lane's events behind its head, a ring of (time, seq, payload) whose
 * capacity is a power of two; its kind is fixed when the lane is made.
 */
class Lane {
  times = new Float64Array(16);
  seqs = new Float64Array(16);
  payloads = new Int32Array(16);
  head = 0;
  /** Events in the ring (behind the head in the heap). */
  size = 0;
  /** Whether the lane's head sits in the heap. */
  queued = false;
  /** Time of the last event scheduled on the lane (a later one may not be earlier). */
  last = Number.NEGATIVE_INFINITY;

  constructor(readonly kind: number) {}

  append(time: number, seq: number, payload: number): void {
    if (this.size === this.times.length) this.grow();
    const at = (this.head + this.size) & (this.times.length - 1);
    this.times[at] = time;
    this.seqs[at] = seq;
    this.payloads[at] = payload;
    this.size++;
  }

  private grow(): void {
    const n = this.times.length;
    const times = new Float64Array(n * 2);
    const seqs = new Float64Array(n * 2);
    const payloads = new Int32Array(n * 2);
    for (let k = 0; k < n; k++) {
      const from = (this.head + k) & (n - 1);
      times[k] = this.times[from]!;
      seqs[k] = this.seqs[from]!;
      payloads[k] = this.payloads[from]!;
    }
    this.times = times;
    this.seqs = seqs;
    this.payloads = payloads;
    this.head = 0;
  }
}

/**
 * A binary min-heap of events keyed by (time, seq), stored in parallel typed
 * arrays so that scheduling and popping allocate nothing in the hot loop.
 *
 * `seq` is the insertion counter: two events at the same time pop in the order
 * they were scheduled, which makes every run reproducible (SimPy does the same
 * with its (time, priority, id) key).
 *
 * Lanes: a lane is a FIFO of events of one kind that its owner schedules in
 * non-decreasing time (a worker's completions, a fixed delay after now).
 * Each event still takes its seq when scheduled, but only a lane's head sits
 * in the heap; popping it moves the lane's next event into its place. The
 * lane's events are in (time, seq) order among themselves, so its head is its
 * earliest and the pop order is exactly the plain heap's, while the heap
 * holds O(lanes + other events) instead of every pending one. An event
 * earlier than its lane's last is refused (RangeError): a bug, not a reorder.
 */
export class EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private payloads: Int32Array;
  /** The lane of each heap entry, −1 for none. */
  private laneOf: Int32Array;
  private count = 0;
  private nextSeq = 0;
  private readonly lanes: Lane[] = [];
  /** Events waiting in lanes behind their heads. */
  private behind = 0;

  constructor(initialCapacity = 64) {
    const capacity = Math.max(4, initialCapacity);
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Int32Array(capacity);
    this.payloads = new Int32Array(capacity);
    this.laneOf = new Int32Array(capacity);
  }

  /** Pending events, in the heap and behind lane heads. */
  get size(): number {
    return this.count + this.behind;
  }

  /** Entries in the heap (lane heads and events outside lanes): for tests. */
  get heapSize(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  /** Kind of the earliest event; -1 when empty. */
  peekKind(): number {
    return this.count > 0 ? this.kinds[0]! : -1;
  }

  /** Payload of the earliest event; -1 when empty. */
  peekPayload(): number {
    return this.count > 0 ? this.payloads[0]! : -1;
  }

  /** Makes a lane for events of `kind`; returns its id for `pushLane`. */
  addLane(kind: number): number {
    this.lanes.push(new Lane(kind));
    return this.lanes.length - 1;
  }

  /** Adds an event. `kind` and `payload` are small integers chosen by the caller. */
  push(time: number, kind: number, payload: number): void {
    this.insert(time, this.nextSeq++, kind, payload, -1);
  }

  /**
   * Adds an event of the lane's kind at `time`, which may not be earlier than
   * the lane's last event (RangeError).
   */
  pushLane(lane: number, time: number, payload: number): void {
    const l = this.lanes[lane];
    if (l === undefined) throw new RangeError(`unknown lane ${lane}`);
    if (!(time >= l.last)) {
      throw new RangeError(`lane ${lane}: ${time} is before its last event (${l.last})`);
    }
    l.last = time;
    const seq = this.nextSeq++;
    if (l.queued) {
      l.append(time, seq, payload);
      this.behind++;
    } else {
      l.queued = true;
      this.insert(time, seq, l.kind, payload, lane);
    }
  }

  /** Removes the earliest event (read it first with the peek methods). */
  pop(): void {
    if (this.count === 0) return;
    const lane = this.laneOf[0]!;
    if (lane >= 0) {
      const l = this.lanes[lane]!;
      if (l.size > 0) {
        // The lane's next event takes the root's place: one sift down, no push.
        const h = l.head;
        const time = l.times[h]!;
        const seq = l.seqs[h]!;
        const payload = l.payloads[h]!;
        l.head = (h + 1) & (l.times.length - 1);
        l.size--;
        this.behind--;
        this.sink(this.count, time, seq, l.kind, payload, lane);
        return;
      }
      l.queued = false;
    }
    const last = --this.count;
    if (last === 0) return;
    this.sink(
      last,
      this.times[last]!,
      this.seqs[last]!,
      this.kinds[last]!,
      this.payloads[last]!,
      this.laneOf[last]!,
    );
  }

  private insert(time: number, seq: number, kind: number, payload: number, lane: number): void {
    if (this.count === this.times.length) this.grow();
    // The columns in locals: the sift's loads and stores need no reload of the fields.
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const payloads = this.payloads;
    const laneOf = this.laneOf;
    let i = this.count++;
    // Sift up: move parents down until the slot for the new event is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      kinds[i] = kinds[parent]!;
      payloads[i] = payloads[parent]!;
      laneOf[i] = laneOf[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    kinds[i] = kind;
    payloads[i] = payload;
    laneOf[i] = lane;
  }

  /** Places the event at the root's slot and sifts it down among the first `n` entries. */
  private sink(
    n: number,
    time: number,
    seq: number,
    kind: number,
    payload: number,
    lane: number,
  ): void {
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const payloads = this.payloads;
    const laneOf = this.laneOf;
    let i = 0;
    const half = n >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      let ct = times[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[right]! < seqs[child]!)) {
          child = right;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && seq < seqs[child]!)) break;
      times[i] = ct;
      seqs[i] = seqs[child]!;
      kinds[i] = kinds[child]!;
      payloads[i] = payloads[child]!;
      laneOf[i] = laneOf[child]!;
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    kinds[i] = kind;
    payloads[i] = payload;
    laneOf[i] = lane;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const kinds = new Int32Array(capacity);
    const payloads = new Int32Array(capacity);
    const laneOf = new Int32Array(capacity);
    times.set(this.times);
    seqs.set(this.seqs);
    kinds.set(this.kinds);
    payloads.set(this.payloads);
    laneOf.set(this.laneOf);
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
    this.payloads = payloads;
    this.laneOf = laneOf;
  }
}
