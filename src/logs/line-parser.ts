import {
  type ColumnLayout,
  columnLayout,
  parseClfAt,
  parseClfLine,
  parseColumnsLine,
  refererOf,
  requestPath,
  TraceRecord,
} from "./parse-line.js";

export type TraceFormat = "clf" | "tsv" | "csv";

/** How many malformed line numbers a summary keeps. */
export const MALFORMED_EXAMPLES = 5;

/**
 * Parses a stream of lines in one format, counting malformed lines (and
 * keeping the first few line numbers). TSV/CSV take their column names from
 * the first line. Blank lines are skipped without counting.
 */
export class LineParser {
  readonly record = new TraceRecord();
  lines = 0;
  valid = 0;
  malformed = 0;
  readonly malformedLines: number[] = [];
  /** Set when a TSV/CSV header lacks a required column: every line is then malformed. */
  headerError: string | undefined;
  private layout: ColumnLayout | undefined;

  constructor(readonly format: TraceFormat) {}

  /** Parses the next line into `record`; false if it is blank, a header or malformed. */
  parse(line: string): boolean {
    const n = ++this.lines;
    if (line.length === 0 || line === "\r") return false;
    if (this.format !== "clf" && this.layout === undefined && this.headerError === undefined) {
      const layout = columnLayout(line, this.format === "tsv" ? "\t" : ",");
      if (Array.isArray(layout)) this.headerError = `header lacks column(s) ${layout.join(", ")}`;
      else this.layout = layout;
      return false;
    }
    const ok =
      this.format === "clf"
        ? parseClfLine(line, this.record)
        : this.layout !== undefined && parseColumnsLine(line, this.layout, this.record);
    return this.count(ok, n);
  }

  /**
   * `parse(text.slice(start, end))` without the slice for CLF (`end`: the
   * length of `text` or the index of a "\n"); the record's offsets are then
   * into `text`, so `path` and `referer` need `parse`.
   */
  parseAt(text: string, start: number, end: number): boolean {
    if (this.format !== "clf") return this.parse(text.slice(start, end));
    const n = ++this.lines;
    if (end === start || (end === start + 1 && text.charCodeAt(start) === 13)) return false;
    return this.count(parseClfAt(text, start, end, this.record), n);
  }

  private count(ok: boolean, n: number): boolean {
    if (ok) {
      this.valid++;
      return true;
    }
    this.malformed++;
    if (this.malformedLines.length < MALFORMED_EXAMPLES) this.malformedLines.push(n);
    return false;
  }

  /** The request path of the line `parse` last accepted ("" when it has none). */
  path(line: string): string {
    return this.format === "clf" ? requestPath(line, this.record) : this.record.path;
  }

  /** The Referer of the line `parse` last accepted ("" when it has none). */
  referer(line: string): string {
    return this.format === "clf" ? refererOf(line, this.record) : this.record.referer;
  }
}
