/**
 * What the model reads off a replayed log (its burst driver pulls from it):
 * requests in simulated time order, one at a time. `TraceFeed` is the one
 * implementation; the model sees only this.
 */
export interface RequestFeed {
  /** No more requests will be pushed. */
  readonly ended: boolean;
  /** A request is waiting. */
  readonly available: boolean;
  /** Time of the next request (read only when `available`). */
  readonly nextTime: number;
  /** Host, object and line of the request `take` removed. */
  readonly host: number;
  readonly object: number;
  readonly line: string;
  /** Removes the next request, leaving its host, object and line in `host`, `object` and `line`. */
  take(): void;
}

/**
 * The queue between whoever reads a trace (the CLI streams a file, a test
 * hands over lines) and the world that replays it: requests in simulated
 * time order, pushed in chunks, pulled one at a time. Holding only what has
 * been pushed and not yet replayed (one chunk), it keeps memory flat in the
 * file length. Times, hosts and objects sit in typed arrays reused from
 * chunk to chunk (grown by doubling, compacted in place): nothing allocated
 * per line.
 */
export class TraceFeed implements RequestFeed {
  private times = new Float64Array(1 << 14);
  private hosts = new Int32Array(1 << 14);
  private objects = new Int32Array(1 << 14);
  private lines: string[] = [];
  private head = 0;
  private tail = 0;
  /** No more requests will be pushed. */
  ended = false;

  /**
   * Appends a request at simulated time t (not before the previous one) of
   * host index `host`, for object `object` (the content model's id of its
   * path; -1: none).
   */
  push(t: number, host: number, line: string, object = -1): void {
    if (this.tail === this.times.length) this.makeRoom();
    const i = this.tail++;
    this.times[i] = t;
    this.hosts[i] = host;
    this.objects[i] = object;
    this.lines[i] = line;
  }

  end(): void {
    this.ended = true;
  }

  get available(): boolean {
    return this.head < this.tail;
  }

  /** Time of the next request (call only when `available`). */
  get nextTime(): number {
    return this.times[this.head]!;
  }

  /** Host, object and line of the request `take` removed. */
  host = -1;
  object = -1;
  line = "";

  /** Removes the next request, leaving its host, object and line in `host`, `object` and `line`. */
  take(): void {
    const i = this.head++;
    this.host = this.hosts[i]!;
    this.object = this.objects[i]!;
    this.line = this.lines[i]!;
    if (this.head === this.tail) {
      // Drained (the usual case after each chunk): start over at 0.
      this.head = 0;
      this.tail = 0;
    }
  }

  /** Full: move what is left to the front, or grow when more than half is left. */
  private makeRoom(): void {
    const left = this.tail - this.head;
    if (left * 2 > this.times.length) {
      const times = new Float64Array(this.times.length * 2);
      times.set(this.times.subarray(this.head, this.tail));
      const hosts = new Int32Array(this.hosts.length * 2);
      hosts.set(this.hosts.subarray(this.head, this.tail));
      const objects = new Int32Array(this.objects.length * 2);
      objects.set(this.objects.subarray(this.head, this.tail));
      this.times = times;
      this.hosts = hosts;
      this.objects = objects;
    } else {
      this.times.copyWithin(0, this.head, this.tail);
      this.hosts.copyWithin(0, this.head, this.tail);
      this.objects.copyWithin(0, this.head, this.tail);
    }
    this.lines.copyWithin(0, this.head, this.tail);
    this.lines.length = left;
    this.head = 0;
    this.tail = left;
  }
}
