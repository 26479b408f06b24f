import { grownColumn } from "../../engine/index.js";

/**
 * The session workload's own event queue, for when nothing but the
 * workload runs on the clock (its pre-roll; a run alone, `runAlone`): a
 * binary min-heap keyed by (time, seq), seq the insertion counter, exactly
 * the engine's EventQueue order, so the events pop in the order a
 * Simulator would run them. An event is one integer: a session slot (≥ 0)
 * or ~class for an arrival (< 0).
 *
 * What it saves over a Simulator: no handler dispatch, no lane checks,
 * and `take`: the event being handled stays at the root until the handler
 * schedules its successor, which then replaces it in one sift down instead
 * of a pop and a push. Keys are unique (seq), so any heap of the same keys
 * pops in the same order.
 */
export class SessionQueue {
  private times = new Float64Array(256);
  private seqs = new Float64Array(256);
  private events = new Int32Array(256);
  private count = 0;
  private nextSeq = 0;
  /** The root is the event being handled, not yet removed: the next push takes its place. */
  private rootTaken = false;

  get size(): number {
    return this.count;
  }

  /** Empties the queue and restarts the insertion counter (a fresh clock's). */
  reset(): void {
    this.count = 0;
    this.nextSeq = 0;
    this.rootTaken = false;
  }

  /** The earliest event's time (Infinity when empty). */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  /** Marks the earliest event as being handled and returns it: `done` removes it unless a push took its place. */
  take(): number {
    this.rootTaken = true;
    return this.events[0]!;
  }

  /** Ends the handling of the taken event: removed, if no push replaced it. */
  done(): void {
    if (!this.rootTaken) return;
    this.rootTaken = false;
    const last = --this.count;
    if (last > 0) this.sink(last, this.times[last]!, this.seqs[last]!, this.events[last]!);
  }

  push(time: number, event: number): void {
    const seq = this.nextSeq++;
    if (this.rootTaken) {
      // The taken root is gone: the new event takes its slot and sinks.
      this.rootTaken = false;
      this.sink(this.count, time, seq, event);
      return;
    }
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.put(i, time, seq, event);
  }

  /** Places the event at the root and sifts it down among the first `n` entries. */
  private sink(n: number, time: number, seq: number, event: number): void {
    const times = this.times;
    const seqs = this.seqs;
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
      this.move(child, i);
      i = child;
    }
    this.put(i, time, seq, event);
  }

  /** Entry `from` moved to `to` (a sift's step: no swaps, the sifted event placed once at the end). */
  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.events[to] = this.events[from]!;
  }

  private put(i: number, time: number, seq: number, event: number): void {
    this.times[i] = time;
    this.seqs[i] = seq;
    this.events[i] = event;
  }

  private grow(): void {
    this.times = grownColumn(this.times);
    this.seqs = grownColumn(this.seqs);
    this.events = grownColumn(this.events);
  }
}
