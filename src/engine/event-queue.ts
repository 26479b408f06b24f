/**
 * A binary min-heap of events keyed by (time, seq), stored in parallel typed
 * arrays so that scheduling and popping allocate nothing in the hot loop.
 *
 * `seq` is the insertion counter: two events at the same time pop in the order
 * they were scheduled, which makes every run reproducible (SimPy does the same
 * with its (time, priority, id) key).
 */
export class EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private payloads: Int32Array;
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 64) {
    const capacity = Math.max(4, initialCapacity);
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Int32Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  get size(): number {
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

  /** Adds an event. `kind` and `payload` are small integers chosen by the caller. */
  push(time: number, kind: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    // The columns in locals: the sift's loads and stores need no reload of the fields.
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const payloads = this.payloads;
    let i = this.count++;
    const seq = this.nextSeq++;
    // Sift up: move parents down until the slot for the new event is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      kinds[i] = kinds[parent]!;
      payloads[i] = payloads[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    kinds[i] = kind;
    payloads[i] = payload;
  }

  /** Removes the earliest event (read it first with the peek methods). */
  pop(): void {
    if (this.count === 0) return;
    const last = --this.count;
    if (last === 0) return;
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const payloads = this.payloads;
    // Sift down the last event from the root (children are below `last`, so its slot stays as it is).
    const time = times[last]!;
    const seq = seqs[last]!;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      let ct = times[child]!;
      const right = child + 1;
      if (right < last) {
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
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    kinds[i] = kinds[last]!;
    payloads[i] = payloads[last]!;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const kinds = new Int32Array(capacity);
    const payloads = new Int32Array(capacity);
    times.set(this.times);
    seqs.set(this.seqs);
    kinds.set(this.kinds);
    payloads.set(this.payloads);
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
    this.payloads = payloads;
  }
}
