import { HostIndex } from "./host-index.js";
import type { LineParser } from "./line-parser.js";
import { locateRequestPath } from "./parse-line.js";

/**
 * A replayed trace's objects: its request paths, interned to indices, each
 * sized by the largest bytes logged for it (a 304 or a HEAD logs fewer, so
 * the largest is the whole body). The first pass (`scanned`) sees every
 * valid line; the second (the trace reader) asks `objectOf` for each line it
 * replays and hands the id on with the request, so the line is never parsed
 * again. Both read the path where the parse left it, in place: a known path
 * costs no string. Memory O(distinct paths).
 */
export class TraceObjects {
  /** Paths → indices, looked up in place (HostIndex interns any string by its range). */
  private readonly paths = new HostIndex();
  private readonly largest: number[] = [];

  /**
   * First pass: `parser` has just accepted a line of `source` (the line,
   * or for CLF read in place the chunk it sits in): interns its path and
   * keeps its largest size.
   */
  scanned(source: string, parser: LineParser): void {
    const id = this.lookUp(source, parser, true);
    if (id === this.largest.length) this.largest.push(0);
    if (parser.record.bytes > this.largest[id]!) this.largest[id] = parser.record.bytes;
  }

  /** Second pass: the object of the line `parser` has just accepted (-1: a path the first pass did not see). */
  objectOf(source: string, parser: LineParser): number {
    return this.lookUp(source, parser, false);
  }

  /** Bytes of object `id`. */
  size(id: number): number {
    return this.largest[id]!;
  }

  get count(): number {
    return this.largest.length;
  }

  private lookUp(source: string, parser: LineParser, add: boolean): number {
    const r = parser.record;
    let text = r.path;
    let start = 0;
    let end = text.length;
    if (parser.format === "clf") {
      locateRequestPath(source, r);
      text = source;
      start = r.pathStart;
      end = r.pathEnd;
    }
    return add ? this.paths.intern(text, start, end) : this.paths.find(text, start, end);
  }
}
