/**
 * Bytes read from a log → its lines, in one batch per chunk. A chunk is cut
 * at its last newline byte (never inside a UTF-8 sequence), decoded once and
 * split natively: no string concatenation with the previous chunk's tail
 * (the few bytes after the last newline wait, as bytes, for the next chunk),
 * no per-line search loop. The decoder is the caller's (the CLI and the bench
 * decode ASCII chunks as latin1, twice as fast as UTF-8 and identical for
 * ASCII). A trailing "\r" is kept (the parsers accept it).
 */
export class LineSplitter {
  private carry: Uint8Array | undefined;

  constructor(private readonly decode: (bytes: Uint8Array) => string) {}

  /** The complete lines the chunk ends (undefined when it ends none). */
  push(chunk: Uint8Array): string[] | undefined {
    return this.pushText(chunk)?.split("\n");
  }

  /** The same lines, still joined by "\n" (for a reader that splits them in place). */
  pushText(chunk: Uint8Array): string | undefined {
    let bytes = chunk;
    if (this.carry !== undefined) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry, 0);
      bytes.set(chunk, this.carry.length);
      this.carry = undefined;
    }
    const last = bytes.lastIndexOf(10);
    // Copies (new Uint8Array(view), not slice: a Buffer's slice is a view):
    // the reader may reuse its chunk's memory.
    if (last < 0) {
      this.carry = new Uint8Array(bytes);
      return undefined;
    }
    if (last + 1 < bytes.length) this.carry = new Uint8Array(bytes.subarray(last + 1));
    return this.decode(bytes.subarray(0, last));
  }

  /** The last line when the input does not end with a newline. */
  end(): string[] | undefined {
    const rest = this.carry;
    this.carry = undefined;
    return rest !== undefined && rest.length > 0 ? [this.decode(rest)] : undefined;
  }
}
