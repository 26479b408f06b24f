/**
 * A bounded reorder window over records that arrive roughly in time order
 * (real logs are written when a request ends, so lines within a second or
 * so are out of order). A record is held until one at least `window` seconds
 * later has been seen, then released in (time, arrival order) order: stable
 * for equal times. A record older than one already released (out of order
 * by more than the window) is counted as late and dropped. Memory: the
 * records of one window.
 */
export class ReorderWindow<T> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly tags: number[] = [];
  private readonly items: T[] = [];
  private seq = 0;
  private newest = Number.NEGATIVE_INFINITY;
  /** Time of the last record released. */
  released = Number.NEGATIVE_INFINITY;
  /** Records dropped for arriving more than `window` seconds out of order. */
  late = 0;

  constructor(
    readonly window: number,
    private readonly emit: (time: number, tag: number, item: T) => void,
  ) {}

  /** Offers one record (`tag`: a number carried along); releases every record now `window` behind the newest. */
  push(time: number, tag: number, item: T): void {
    if (time < this.released) {
      this.late++;
      return;
    }
    this.insert(time, tag, item);
    if (time > this.newest) this.newest = time;
    const limit = this.newest - this.window;
    while (this.times.length > 0 && this.times[0]! <= limit) this.pop();
  }

  /** Releases everything held (end of input). */
  flush(): void {
    while (this.times.length > 0) this.pop();
  }

  get size(): number {
    return this.times.length;
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && this.seqs[a]! < this.seqs[b]!);
  }

  private swap(a: number, b: number): void {
    const t = this.times[a]!;
    this.times[a] = this.times[b]!;
    this.times[b] = t;
    const s = this.seqs[a]!;
    this.seqs[a] = this.seqs[b]!;
    this.seqs[b] = s;
    const g = this.tags[a]!;
    this.tags[a] = this.tags[b]!;
    this.tags[b] = g;
    const it = this.items[a]!;
    this.items[a] = this.items[b]!;
    this.items[b] = it;
  }

  private insert(time: number, tag: number, item: T): void {
    let i = this.times.length;
    this.times.push(time);
    this.tags.push(tag);
    this.seqs.push(this.seq++);
    this.items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): void {
    const time = this.times[0]!;
    const item = this.items[0]!;
    const tag = this.tags[0]!;
    const last = this.times.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.seqs.pop();
    this.tags.pop();
    this.items.pop();
    let i = 0;
    const n = this.times.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    this.released = time;
    this.emit(time, tag, item);
  }
}
