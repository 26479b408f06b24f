import type { TraceFeed } from "./feed.js";
import type { HostIndex } from "./host-index.js";
import { LineParser, type TraceFormat } from "./line-parser.js";
import { ReorderWindow } from "./reorder-window.js";

export interface TraceClock {
  /** Epoch seconds at simulated t = 0. */
  readonly origin: number;
  /** Trace seconds per simulated second. */
  readonly speedup: number;
  /** Simulated seconds replayed: later lines are left out. */
  readonly duration: number;
  /** Epoch seconds: lines at or after it are left out. */
  readonly to: number;
}

/**
 * The second pass: lines → parsed records → the reorder window → requests
 * in simulated time (t = (time − origin) / speedup) pushed onto the feed,
 * with host indices from the first pass. Counts what it leaves out.
 */
export class TraceReader {
  readonly parser: LineParser;
  private readonly window: ReorderWindow<string>;
  /** Lines before the origin or past the end of the run or of `to`. */
  outside = 0;
  /** Requests pushed onto the feed. */
  replayed = 0;

  constructor(
    format: TraceFormat,
    reorderWindow: number,
    private readonly hostIndex: HostIndex,
    private readonly clock: TraceClock,
    feed: TraceFeed,
  ) {
    this.parser = new LineParser(format);
    const { origin, speedup, duration } = clock;
    this.window = new ReorderWindow<string>(reorderWindow, (time, host, line) => {
      const t = (time - origin) / speedup;
      if (t < 0 || t >= duration) {
        this.outside++;
        return;
      }
      this.replayed++;
      feed.push(t, host, line);
    });
  }

  line(line: string): void {
    if (this.parser.parse(line)) this.accept(line);
  }

  /**
   * A chunk of lines joined by "\n", read in place. `keepLines`: whether
   * the world needs each request's line (access logs, content): if not, no
   * string is made per line and the requests carry "".
   */
  chunk(text: string, keepLines: boolean): void {
    const p = this.parser;
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      const end = newline < 0 ? text.length : newline;
      if (p.parseAt(text, start, end)) this.accept(keepLines ? text.slice(start, end) : "");
      if (newline < 0) return;
      start = newline + 1;
    }
  }

  /** The record the parser just accepted, as a request of its host. */
  private accept(line: string): void {
    const r = this.parser.record;
    const host = this.hostIndex.find(r.hostSource, r.hostStart, r.hostEnd);
    if (host < 0 || r.time >= this.clock.to) {
      this.outside++;
      return;
    }
    this.window.push(r.time, host, line);
  }

  /** Simulated time before which every request has been pushed. */
  get watermark(): number {
    return (this.window.released - this.clock.origin) / this.clock.speedup;
  }

  /** Lines dropped for being out of order by more than the reorder window. */
  get late(): number {
    return this.window.late;
  }

  /** End of input: releases what the window holds. */
  flush(): void {
    this.window.flush();
  }
}
