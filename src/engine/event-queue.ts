import { grownColumn } from "./columns.js";

/**
 * One lane's events behind its head, a ring of (time, seq, payload) whose
 * capacity is a power of two (its kind, fixed when the lane is made, is the queue's laneKinds').
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

// The errors' messages are built in functions of their own: written inline,
// V8 computed `${lane}` (a number's string, about 40 instructions) before
// the test that throws, at every push (valgrind, --print-opt-code).
function unknownLane(lane: number): RangeError {
  return new RangeError(`unknown lane ${lane}`);
}

function laneBackwards(lane: number, time: number, last: number): RangeError {
  return new RangeError(`lane ${lane}: ${time} is before its last event (${last})`);
}

/**
 * A binary min-heap of events keyed by (time, seq), stored in typed arrays
 * so that scheduling and popping allocate nothing in the hot loop. The heap
 * holds each event's time and the id of its slot; its seq, tag and payload
 * stay in the slot, so a sift level moves two columns, not four.
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
  /** Per heap position: the event's time (the key compared at every level) and its slot. */
  private times: Float64Array;
  private ids: Int32Array;
  /** Per slot: the event's seq, its tag (its kind, ≥ 0, outside lanes, else ~lane, < 0) and payload. */
  private seqs: Float64Array;
  private tags: Int32Array;
  private payloads: Int32Array;
  /** Slots not in use: a stack of `freeCount` ids. */
  private free: Int32Array;
  private freeCount: number;
  /** Each lane's kind. */
  private readonly laneKinds: number[] = [];
  private count = 0;
  private nextSeq = 0;
  private readonly lanes: Lane[] = [];
  /** Events waiting in lanes behind their heads. */
  private behind = 0;

  constructor(initialCapacity = 64) {
    const capacity = Math.max(4, initialCapacity);
    this.times = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.tags = new Int32Array(capacity);
    this.payloads = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
    for (let k = 0; k < capacity; k++) this.free[k] = capacity - 1 - k;
    this.freeCount = capacity;
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
    if (this.count === 0) return -1;
    const tag = this.tags[this.ids[0]!]!;
    return tag >= 0 ? tag : this.laneKinds[~tag]!;
  }

  /** Payload of the earliest event; -1 when empty. */
  peekPayload(): number {
    return this.count > 0 ? this.payloads[this.ids[0]!]! : -1;
  }

  /** Makes a lane for events of `kind`; returns its id for `pushLane`. */
  addLane(kind: number): number {
    this.lanes.push(new Lane());
    this.laneKinds.push(kind);
    return this.lanes.length - 1;
  }

  /** Adds an event. `kind` (≥ 0: a negative tag names a lane) and `payload` are small integers chosen by the caller. */
  push(time: number, kind: number, payload: number): void {
    this.insert(time, this.nextSeq++, kind, payload);
  }

  /**
   * Adds an event of the lane's kind at `time`, which may not be earlier than
   * the lane's last event (RangeError).
   */
  pushLane(lane: number, time: number, payload: number): void {
    const l = this.lanes[lane];
    if (l === undefined) throw unknownLane(lane);
    if (!(time >= l.last)) throw laneBackwards(lane, time, l.last);
    l.last = time;
    const seq = this.nextSeq++;
    // `=== true`: one compare (a field's truthiness is V8's generic test).
    if (l.queued === true) {
      l.append(time, seq, payload);
      this.behind++;
    } else {
      l.queued = true;
      this.insert(time, seq, ~lane, payload);
    }
  }

  /** Removes the earliest event (read it first with the peek methods). */
  pop(): void {
    if (this.count === 0) return;
    const id = this.ids[0]!;
    const tag = this.tags[id]!;
    if (tag < 0) {
      const l = this.lanes[~tag]!;
      if (l.size > 0) {
        // The lane's next event takes the root's place and its slot (the
        // same tag): one sift down, no push.
        const h = l.head;
        const time = l.times[h]!;
        this.seqs[id] = l.seqs[h]!;
        this.payloads[id] = l.payloads[h]!;
        l.head = (h + 1) & (l.times.length - 1);
        l.size--;
        this.behind--;
        this.sink(this.count, time, id);
        return;
      }
      l.queued = false;
    }
    this.free[this.freeCount++] = id;
    const last = --this.count;
    if (last === 0) return;
    this.sink(last, this.times[last]!, this.ids[last]!);
  }

  private insert(time: number, seq: number, tag: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const id = this.free[--this.freeCount]!;
    this.seqs[id] = seq;
    this.tags[id] = tag;
    this.payloads[id] = payload;
    // The columns in locals: the sift's loads and stores need no reload of the fields.
    const times = this.times;
    const ids = this.ids;
    const seqs = this.seqs;
    let i = this.count++;
    // Sift up: move parents down until the position for the new event is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[ids[parent]!]! < seq)) break;
      times[i] = pt;
      ids[i] = ids[parent]!;
      i = parent;
    }
    times[i] = time;
    ids[i] = id;
  }

  /** Places the event in slot `id` at the root and sifts it down among the first `n` entries. */
  private sink(n: number, time: number, id: number): void {
    const times = this.times;
    const ids = this.ids;
    const seqs = this.seqs;
    const seq = seqs[id]!;
    let i = 0;
    const half = n >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      let ct = times[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[ids[right]!]! < seqs[ids[child]!]!)) {
          child = right;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && seq < seqs[ids[child]!]!)) break;
      times[i] = ct;
      ids[i] = ids[child]!;
      i = child;
    }
    times[i] = time;
    ids[i] = id;
  }

  /** Doubles the heap and the slots: only when every slot is in use, so the new ones are all free. */
  private grow(): void {
    const n = this.times.length;
    const capacity = n * 2;
    this.times = grownColumn(this.times, capacity);
    this.ids = grownColumn(this.ids, capacity);
    this.seqs = grownColumn(this.seqs, capacity);
    this.tags = grownColumn(this.tags, capacity);
    this.payloads = grownColumn(this.payloads, capacity);
    const free = new Int32Array(capacity);
    for (let k = 0; k < n; k++) free[k] = capacity - 1 - k;
    this.free = free;
    this.freeCount = n;
  }
}
