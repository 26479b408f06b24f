import { UserError } from "../scenario/index.js";

/**
 * Longest line a log may have (bytes, its newline excluded). Real access-log
 * lines are a few hundred bytes, a few KiB with long URLs or agents; a longer
 * "line" is a file without newlines (a binary, a gzip read as text, a bomb),
 * which would otherwise be carried whole in memory.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Bytes read from a log → its lines, in one batch per chunk. A chunk is cut
 * at its last newline byte (never inside a UTF-8 sequence), decoded once and
 * split natively: no string concatenation with the previous chunk's tail
 * (the bytes after the last newline wait, as bytes, for the next chunk),
 * no per-line search loop. The decoder is the caller's (the CLI and the bench
 * decode ASCII chunks as latin1, twice as fast as UTF-8 and identical for
 * ASCII). A trailing "\r" is kept (the parsers accept it).
 *
 * Linear time: the waiting bytes are kept as a list of pieces and joined
 * once, when a newline ends their line (joining them on every chunk made a
 * file without newlines quadratic), and a line longer than `maxLineBytes`
 * is refused (UserError, `file:line`) as soon as it is seen to be.
 */
export class LineSplitter {
  private carry: Uint8Array[] = [];
  private carried = 0;
  /** Lines ended so far (the next line's number is lines + 1). */
  lines = 0;

  constructor(
    private readonly decode: (bytes: Uint8Array) => string,
    /** Named in messages. */
    private readonly file = "",
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  /** The complete lines the chunk ends (undefined when it ends none). */
  push(chunk: Uint8Array): string[] | undefined {
    return this.pushText(chunk)?.split("\n");
  }

  /** The same lines, still joined by "\n" (for a reader that splits them in place). */
  pushText(chunk: Uint8Array): string | undefined {
    const first = chunk.indexOf(10);
    if (first < 0) {
      this.hold(chunk);
      return undefined;
    }
    if (this.carried + first > this.maxLineBytes) this.tooLong(this.lines + 1);
    const last = chunk.lastIndexOf(10);
    this.countLines(chunk, first, last);
    let bytes = chunk.subarray(0, last);
    if (this.carried > 0) {
      bytes = new Uint8Array(this.carried + last);
      let at = 0;
      for (const piece of this.carry) {
        bytes.set(piece, at);
        at += piece.length;
      }
      bytes.set(chunk.subarray(0, last), at);
      this.carry = [];
      this.carried = 0;
    }
    if (last + 1 < chunk.length) this.hold(chunk.subarray(last + 1));
    return this.decode(bytes);
  }

  /** The last line when the input does not end with a newline. */
  end(): string[] | undefined {
    if (this.carried === 0) return undefined;
    const rest = new Uint8Array(this.carried);
    let at = 0;
    for (const piece of this.carry) {
      rest.set(piece, at);
      at += piece.length;
    }
    this.carry = [];
    this.carried = 0;
    this.lines++;
    return [this.decode(rest)];
  }

  /**
   * Keeps bytes of an unfinished line. Copies (new Uint8Array(view), not
   * slice: a Buffer's slice is a view): the reader may reuse its chunk's memory.
   */
  private hold(bytes: Uint8Array): void {
    this.carried += bytes.length;
    if (this.carried > this.maxLineBytes) this.tooLong(this.lines + 1);
    this.carry.push(new Uint8Array(bytes));
  }

  /**
   * Counts the newlines of `chunk` from `first` to `last` (the lines it
   * ends), refusing a line between two of them that is too long.
   */
  private countLines(chunk: Uint8Array, first: number, last: number): void {
    let at = first;
    this.lines++;
    while (at < last) {
      const next = chunk.indexOf(10, at + 1);
      if (next - at - 1 > this.maxLineBytes) this.tooLong(this.lines + 1);
      this.lines++;
      at = next;
    }
  }

  private tooLong(line: number): never {
    throw new UserError([
      {
        file: this.file,
        line,
        column: 0,
        field: "",
        message: `line longer than ${this.maxLineBytes} bytes (MAX_LINE_BYTES): not a text log, or one without newlines`,
      },
    ]);
  }
}
