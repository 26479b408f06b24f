import { LineParser, type TraceFormat } from "../trace/line-parser.js";

/**
 * A replayed trace's objects: its request paths, interned to indices, each
 * sized by the largest bytes logged for it (a 304 or a HEAD logs fewer, so
 * the largest is the whole body). The first pass (`line`) sees every line;
 * the replay then asks `objectOf` for the line it serves. Memory O(distinct
 * paths).
 */
export class TraceObjects {
  private readonly index = new Map<string, number>();
  private readonly largest: number[] = [];
  private readonly parser: LineParser;
  /** The replay's own parser, primed with the TSV/CSV header the first pass saw. */
  private replayParser: LineParser | undefined;
  private header: string | undefined;

  constructor(private readonly format: TraceFormat) {
    this.parser = new LineParser(format);
  }

  /** First pass: interns the line's path and keeps its largest size. */
  line(line: string): void {
    this.scanned(line, this.parser, this.parser.parse(line));
  }

  /**
   * First pass, sharing the caller's parse (no second parse per line):
   * `parser` has just parsed `line`, `accepted` what it returned.
   */
  scanned(line: string, parser: LineParser, accepted: boolean): void {
    if (this.format !== "clf" && this.header === undefined && line.length > 0 && line !== "\r")
      this.header = line;
    if (!accepted) return;
    const id = this.intern(parser.path(line));
    if (parser.record.bytes > this.largest[id]!) this.largest[id] = parser.record.bytes;
  }

  /** The object of a log line (one seen by the first pass; -1 for a malformed one). */
  objectOf(line: string): number {
    let p = this.replayParser;
    if (!p) {
      p = new LineParser(this.format);
      if (this.header !== undefined) p.parse(this.header);
      this.replayParser = p;
    }
    if (!p.parse(line)) return -1;
    return this.intern(p.path(line));
  }

  /** Bytes of object `id`. */
  size(id: number): number {
    return this.largest[id]!;
  }

  get count(): number {
    return this.largest.length;
  }

  private intern(path: string): number {
    let id = this.index.get(path);
    if (id === undefined) {
      id = this.largest.length;
      this.index.set(path, id);
      this.largest.push(0);
    }
    return id;
  }
}
