import { HostIndex } from "./host-index.js";
import { LineParser, type TraceFormat } from "./line-parser.js";

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
  readonly parser: LineParser;

  /** `from`/`to`: epoch seconds bounding the part of the trace replayed ([from, to)). */
  constructor(
    format: TraceFormat,
    private readonly from = Number.NEGATIVE_INFINITY,
    private readonly to = Number.POSITIVE_INFINITY,
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
    if (r.time < this.first) this.first = r.time;
    if (r.time > this.last) this.last = r.time;
    const index = this.hostIndex.intern(r.hostSource, r.hostStart, r.hostEnd);
    if (index === this.counts.length) this.counts.push(1);
    else this.counts[index]!++;
  }

  /** Valid lines within [from, to). */
  get requests(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }
}
