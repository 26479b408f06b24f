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
    let i = this.count++;
    const seq = this.nextSeq++;
    // Sift up: move parents down until the slot for the new event is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.times[parent]!;
      if (pt < time || (pt === time && this.seqs[parent]! < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.place(i, time, seq, kind, payload);
  }

  /** Removes the earliest event (read it first with the peek methods). */
  pop(): void {
    if (this.count === 0) return;
    const last = --this.count;
    if (last === 0) return;
    const time = this.times[last]!;
    const seq = this.seqs[last]!;
    const kind = this.kinds[last]!;
    const payload = this.payloads[last]!;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (
        right < last &&
        (this.times[right]! < this.times[child]! ||
          (this.times[right]! === this.times[child]! && this.seqs[right]! < this.seqs[child]!))
      ) {
        child = right;
      }
      const ct = this.times[child]!;
      if (time < ct || (time === ct && seq < this.seqs[child]!)) break;
      this.move(child, i);
      i = child;
    }
    this.place(i, time, seq, kind, payload);
  }

  /** Writes an event into heap slot i. */
  private place(i: number, time: number, seq: number, kind: number, payload: number): void {
    this.times[i] = time;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.payloads[to] = this.payloads[from]!;
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
