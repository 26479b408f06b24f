/**
 * The queue between whoever reads a trace (the CLI streams a file, a test
 * hands over lines) and the world that replays it: requests in simulated
 * time order, pushed in chunks, pulled one at a time. Holding only what has
 * been pushed and not yet replayed (one chunk), it keeps memory flat in the
 * file length.
 */
export class TraceFeed {
  private times: number[] = [];
  private hosts: number[] = [];
  private lines: string[] = [];
  private head = 0;
  /** No more requests will be pushed. */
  ended = false;

  /** Appends a request at simulated time t (not before the previous one) of host index `host`. */
  push(t: number, host: number, line: string): void {
    this.times.push(t);
    this.hosts.push(host);
    this.lines.push(line);
  }

  end(): void {
    this.ended = true;
  }

  get available(): boolean {
    return this.head < this.times.length;
  }

  /** Time of the next request (call only when `available`). */
  get nextTime(): number {
    return this.times[this.head]!;
  }

  /** Host and line of the request `take` removed. */
  host = -1;
  line = "";

  /** Removes the next request, leaving its host and line in `host` and `line`. */
  take(): void {
    const i = this.head++;
    this.host = this.hosts[i]!;
    this.line = this.lines[i]!;
    if (this.head >= 4096 && this.head * 2 >= this.times.length) this.compact();
  }

  private compact(): void {
    this.times = this.times.slice(this.head);
    this.hosts = this.hosts.slice(this.head);
    this.lines = this.lines.slice(this.head);
    this.head = 0;
  }
}
