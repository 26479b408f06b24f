/**
 * A bounded reorder window over records that arrive roughly in time order
 * (real logs are written when a request ends, so lines within a second or
 * so are out of order). A record is held until one at least `window` seconds
 * later has been seen, then released in (time, arrival order) order: stable
 * for equal times. A record older than one already released (out of order
 * by more than the window) is counted as late and dropped. Memory: the
 * records of one window.
 *
 * Most records arrive in order, so they go to a FIFO (O(1) in and out); only
 * a record earlier than the FIFO's newest goes to a binary heap. Both are
 * sorted by (time, arrival), so the release merges their heads: the same
 * order a single heap gives, at a fraction of the cost (a trace replay
 * pushes every line through here). Typed arrays, grown by doubling, reused.
 */
export class ReorderWindow<T> {
  // FIFO ring of in-order records: capacity a power of two.
  private fTimes = new Float64Array(1024);
  private fSeqs = new Float64Array(1024);
  private fTags = new Int32Array(1024);
  private fTags2 = new Int32Array(1024);
  private fItems: (T | undefined)[] = new Array<T | undefined>(1024);
  private fHead = 0;
  private fSize = 0;
  private fMask = 1023;
  // Binary heap of the out-of-order records, keyed by (time, seq).
  private hTimes = new Float64Array(256);
  private hSeqs = new Float64Array(256);
  private hTags = new Int32Array(256);
  private hTags2 = new Int32Array(256);
  private hItems: (T | undefined)[] = new Array<T | undefined>(256);
  private hSize = 0;
  private seq = 0;
  private newest = Number.NEGATIVE_INFINITY;
  /** Time of the last record released. */
  released = Number.NEGATIVE_INFINITY;
  /** Records dropped for arriving more than `window` seconds out of order. */
  late = 0;

  constructor(
    readonly window: number,
    private readonly emit: (time: number, tag: number, item: T, tag2: number) => void,
  ) {}

  /**
   * Offers one record (`tag`, `tag2`: numbers carried along); releases
   * every record now `window` behind the newest.
   */
  push(time: number, tag: number, item: T, tag2 = 0): void {
    if (time < this.released) {
      this.late++;
      return;
    }
    const seq = this.seq++;
    if (this.fSize === 0 || time >= this.fTimes[(this.fHead + this.fSize - 1) & this.fMask]!)
      this.append(time, seq, tag, tag2, item);
    else this.insert(time, seq, tag, tag2, item);
    if (time > this.newest) this.newest = time;
    this.release(this.newest - this.window);
  }

  /** Releases everything held (end of input). */
  flush(): void {
    this.release(Number.POSITIVE_INFINITY);
  }

  /**
   * Releases every record at or before `limit`, whatever the window: for a
   * producer that knows nothing earlier will come (a window of +Infinity
   * then releases only here).
   */
  releaseThrough(limit: number): void {
    this.release(limit);
  }

  get size(): number {
    return this.fSize + this.hSize;
  }

  /** Emits, in (time, seq) order, every held record with time <= limit. */
  private release(limit: number): void {
    for (;;) {
      const fromFifo = this.fSize > 0;
      const fromHeap = this.hSize > 0;
      if (fromFifo && fromHeap) {
        const ft = this.fTimes[this.fHead]!;
        const ht = this.hTimes[0]!;
        if (ft < ht || (ft === ht && this.fSeqs[this.fHead]! < this.hSeqs[0]!)) {
          if (ft > limit) return;
          this.shiftFifo();
        } else {
          if (ht > limit) return;
          this.popHeap();
        }
      } else if (fromFifo) {
        if (this.fTimes[this.fHead]! > limit) return;
        this.shiftFifo();
      } else if (fromHeap) {
        if (this.hTimes[0]! > limit) return;
        this.popHeap();
      } else return;
    }
  }

  private append(time: number, seq: number, tag: number, tag2: number, item: T): void {
    if (this.fSize > this.fMask) this.growFifo();
    const i = (this.fHead + this.fSize) & this.fMask;
    this.fTimes[i] = time;
    this.fSeqs[i] = seq;
    this.fTags[i] = tag;
    this.fTags2[i] = tag2;
    this.fItems[i] = item;
    this.fSize++;
  }

  private shiftFifo(): void {
    const i = this.fHead;
    const time = this.fTimes[i]!;
    const tag = this.fTags[i]!;
    const tag2 = this.fTags2[i]!;
    const item = this.fItems[i] as T;
    this.fItems[i] = undefined;
    this.fHead = (i + 1) & this.fMask;
    this.fSize--;
    this.released = time;
    this.emit(time, tag, item, tag2);
  }

  private growFifo(): void {
    const old = this.fMask + 1;
    const times = new Float64Array(old * 2);
    const seqs = new Float64Array(old * 2);
    const tags = new Int32Array(old * 2);
    const tags2 = new Int32Array(old * 2);
    const items = new Array<T | undefined>(old * 2);
    for (let k = 0; k < this.fSize; k++) {
      const i = (this.fHead + k) & this.fMask;
      times[k] = this.fTimes[i]!;
      seqs[k] = this.fSeqs[i]!;
      tags[k] = this.fTags[i]!;
      tags2[k] = this.fTags2[i]!;
      items[k] = this.fItems[i];
    }
    this.fTimes = times;
    this.fSeqs = seqs;
    this.fTags = tags;
    this.fTags2 = tags2;
    this.fItems = items;
    this.fHead = 0;
    this.fMask = old * 2 - 1;
  }

  private insert(time: number, seq: number, tag: number, tag2: number, item: T): void {
    if (this.hSize === this.hTimes.length) this.growHeap();
    const times = this.hTimes;
    const seqs = this.hSeqs;
    const tags = this.hTags;
    const tags2 = this.hTags2;
    const items = this.hItems;
    let i = this.hSize++;
    // Sift up: move parents down until the slot fits (no swaps).
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      this.moveInHeap(parent, i);
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    tags[i] = tag;
    tags2[i] = tag2;
    items[i] = item;
  }

  /** Moves the heap record at `from` to `to`: every field of a record moves together, here only. */
  private moveInHeap(from: number, to: number): void {
    this.hTimes[to] = this.hTimes[from]!;
    this.hSeqs[to] = this.hSeqs[from]!;
    this.hTags[to] = this.hTags[from]!;
    this.hTags2[to] = this.hTags2[from]!;
    this.hItems[to] = this.hItems[from];
  }

  private popHeap(): void {
    const times = this.hTimes;
    const seqs = this.hSeqs;
    const tags = this.hTags;
    const tags2 = this.hTags2;
    const items = this.hItems;
    const time = times[0]!;
    const tag = tags[0]!;
    const tag2 = tags2[0]!;
    const item = items[0] as T;
    const n = --this.hSize;
    if (n > 0) {
      // Sift the last record down from the root.
      const lt = times[n]!;
      const ls = seqs[n]!;
      const lg = tags[n]!;
      const lg2 = tags2[n]!;
      const li = items[n];
      let i = 0;
      for (;;) {
        let m = 2 * i + 1;
        if (m >= n) break;
        const r = m + 1;
        if (r < n && (times[r]! < times[m]! || (times[r] === times[m] && seqs[r]! < seqs[m]!)))
          m = r;
        const mt = times[m]!;
        if (lt < mt || (lt === mt && ls < seqs[m]!)) break;
        this.moveInHeap(m, i);
        i = m;
      }
      times[i] = lt;
      seqs[i] = ls;
      tags[i] = lg;
      tags2[i] = lg2;
      items[i] = li;
    }
    items[n] = undefined;
    this.released = time;
    this.emit(time, tag, item, tag2);
  }

  private growHeap(): void {
    const n = this.hTimes.length * 2;
    const times = new Float64Array(n);
    times.set(this.hTimes);
    const seqs = new Float64Array(n);
    seqs.set(this.hSeqs);
    const tags = new Int32Array(n);
    tags.set(this.hTags);
    const tags2 = new Int32Array(n);
    tags2.set(this.hTags2);
    this.hTimes = times;
    this.hSeqs = seqs;
    this.hTags = tags;
    this.hTags2 = tags2;
    this.hItems.length = n;
  }
}
