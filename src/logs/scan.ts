import { UserError } from "../scenario/index.js";
import { HostIndex } from "./host-index.js";
import { isoTime } from "./iso-time.js";
import { LineParser, type TraceFormat } from "./line-parser.js";

/**
 * Longest time a log (the part of it replayed) may span, from its first
 * line to its last: a run or a fit covers that time, and a scenario's
 * duration is at most 365 days. Refused in the first pass, naming the two
 * lines, before any work scales with it: one line dated a century off
 * would otherwise make a fit run for hours.
 */
export const MAX_LOG_SPAN = 360 * 86400;

/**
 * The first pass over a trace: its distinct hosts (in order of first
 * appearance) with their request counts, its time range and the malformed
 * lines. Memory O(distinct hosts). The host → resolver rule needs the
 * counts (the heaviest hosts are their own resolvers) before the replay.
 */
export class TraceScan {
  readonly hostIndex = new HostIndex();
  /** The distinct hosts, in order of first appearance. */
  readonly hosts: readonly string[] = this.hostIndex.hosts;
  readonly counts: number[] = [];
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  /** The line numbers of `first` and `last`. */
  firstLine = 0;
  lastLine = 0;
  readonly parser: LineParser;

  /** `from`/`to`: epoch seconds bounding the part of the trace replayed ([from, to)). */
  constructor(
    format: TraceFormat,
    private readonly from = Number.NEGATIVE_INFINITY,
    private readonly to = Number.POSITIVE_INFINITY,
    /** The log's name, for messages. */
    private readonly file = "",
  ) {
    this.parser = new LineParser(format);
  }

  line(line: string): void {
    if (this.parser.parse(line)) this.count();
  }

  /**
   * A chunk of lines joined by "\n" (as `chunk.split("\n")` would give
   * them to `line`), read in place: no string per line. `onValid` sees
   * each valid line's parse (`text` is what the record's offsets point
   * into), whatever its time: the content model interns its path.
   */
  chunk(text: string, onValid?: (text: string, parser: LineParser) => void): void {
    const p = this.parser;
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      const end = newline < 0 ? text.length : newline;
      if (p.parseAt(text, start, end)) {
        this.count();
        onValid?.(text, p);
      }
      if (newline < 0) return;
      start = newline + 1;
    }
  }

  private count(): void {
    const r = this.parser.record;
    if (r.time < this.from || r.time >= this.to) return;
    if (r.time < this.first || r.time > this.last) {
      if (r.time < this.first) {
        this.first = r.time;
        this.firstLine = this.parser.lines;
      }
      if (r.time > this.last) {
        this.last = r.time;
        this.lastLine = this.parser.lines;
      }
      if (this.last - this.first > MAX_LOG_SPAN) this.tooLong();
    }
    const index = this.hostIndex.intern(r.hostSource, r.hostStart, r.hostEnd);
    if (index === this.counts.length) this.counts.push(1);
    else this.counts[index]!++;
  }

  /** The line that stretched the span past MAX_LOG_SPAN, named with the one at the other end. */
  private tooLong(): never {
    const now = this.parser.lines;
    const other = now === this.lastLine ? this.firstLine : this.lastLine;
    const days = Math.round((this.last - this.first) / 86400);
    throw new UserError([
      {
        file: this.file,
        line: now,
        column: 0,
        field: "",
        message: `dated ${isoTime(now === this.lastLine ? this.last : this.first)}, ${days} days ${now === this.lastLine ? "after" : "before"} line ${other} (${isoTime(now === this.lastLine ? this.first : this.last)}); a log may span at most ${MAX_LOG_SPAN / 86400} days (MAX_LOG_SPAN): a wrong date, or replay part of it (clients.trace.from/to)`,
      },
    ]);
  }

  /** Valid lines within [from, to). */
  get requests(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }
}
