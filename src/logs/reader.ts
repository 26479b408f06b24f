import type { TraceFeed } from "./feed.js";
import type { HostIndex } from "./host-index.js";
import { LineParser, type TraceFormat } from "./line-parser.js";
import { ReorderWindow } from "./reorder-window.js";
import type { TraceObjects } from "./trace-objects.js";

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
 * with host indices (and with `objects`, object ids) from the first pass,
 * read off the parse it makes anyway. Counts what it leaves out.
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
    /** The content model's objects (the first pass interned every path): each request carries its id. */
    private readonly objects?: TraceObjects,
  ) {
    this.parser = new LineParser(format);
    const { origin, speedup, duration } = clock;
    this.window = new ReorderWindow<string>(reorderWindow, (time, host, line, object) => {
      const t = (time - origin) / speedup;
      if (t < 0 || t >= duration) {
        this.outside++;
        return;
      }
      this.replayed++;
      feed.push(t, host, line, object);
    });
  }

  line(line: string): void {
    if (this.parser.parse(line)) this.accept(line, line);
  }

  /**
   * A chunk of lines joined by "\n", read in place. `keepLines`: whether
   * the world needs each request's line (the access logs): if not, no
   * string is made per line and the requests carry "".
   */
  chunk(text: string, keepLines: boolean): void {
    const p = this.parser;
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      const end = newline < 0 ? text.length : newline;
      if (p.parseAt(text, start, end)) this.accept(text, keepLines ? text.slice(start, end) : "");
      if (newline < 0) return;
      start = newline + 1;
    }
  }

  /**
   * The record the parser just accepted from `source` (the line, or the
   * chunk it was read from in place), as a request of its host carrying
   * `line`.
   */
  private accept(source: string, line: string): void {
    const r = this.parser.record;
    const host = this.hostIndex.find(r.hostSource, r.hostStart, r.hostEnd);
    if (host < 0 || r.time >= this.clock.to) {
      this.outside++;
      return;
    }
    const object = this.objects ? this.objects.objectOf(source, this.parser) : -1;
    this.window.push(r.time, host, line, object);
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
