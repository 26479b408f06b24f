import { createHash, type Hash } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { createGzip, type Gzip } from "node:zlib";
import { UserError } from "../../scenario/errors.js";
import type { ManifestEntry } from "./manifest.js";
import { writeError } from "./write-error.js";

/**
 * One streamed output file (an access log, a merged log) being written under
 * its staging name: text in, optionally gzipped, hashed as the bytes go to
 * disk so the manifest entry needs no second read. The file is created with
 * O_EXCL ("wx"), so it never writes through a link or into a file that was
 * already there. A write error (disk full, quota, I/O) is kept and thrown by
 * the next write or by end(), never left to crash the process as an
 * unhandled 'error' event, as a one-line UserError naming `what`; waiting
 * for the file to drain ends on an error too.
 */
export class OutputFile {
  private readonly file: WriteStream;
  private readonly gzip: Gzip | undefined;
  private readonly hash: Hash = createHash("sha256");
  private bytes = 0;
  private failure: Error | undefined;
  private digest: string | undefined;

  /** `what` names the file in error messages (the user's name for it, not the staging one). */
  constructor(
    readonly path: string,
    gzip: boolean,
    private readonly what: string,
  ) {
    this.file = createWriteStream(path, { flags: "wx" });
    this.file.on("error", (e) => this.fail(e));
    if (gzip) {
      const z = createGzip();
      z.on("error", (e) => this.fail(e));
      z.on("data", (chunk: Buffer) => this.count(chunk));
      z.pipe(this.file);
      this.gzip = z;
    }
  }

  private fail(error: Error): void {
    this.failure ??= writeError(error, this.what) as Error;
  }

  private count(bytes: Buffer | string): void {
    this.hash.update(bytes);
    this.bytes += typeof bytes === "string" ? Buffer.byteLength(bytes) : bytes.length;
  }

  /** Writes `text`, waiting for the file to drain when its buffer is full. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    let ok: boolean;
    if (this.gzip) ok = this.gzip.write(text);
    else {
      this.count(text);
      ok = this.file.write(text);
    }
    if (!ok) await this.drained(this.gzip ?? this.file);
    if (this.failure) throw this.failure;
  }

  private drained(stream: Writable): Promise<void> {
    return new Promise<void>((done, fail) => {
      if (this.file.closed) {
        fail(this.failure ?? new UserError(`${this.what}: closed while writing`));
        return;
      }
      const onDrain = () => {
        this.file.off("close", onClose);
        done();
      };
      // A stream that fails is destroyed: it closes and never drains.
      const onClose = () => {
        stream.off("drain", onDrain);
        fail(this.failure ?? new UserError(`${this.what}: closed while writing`));
      };
      stream.once("drain", onDrain);
      this.file.once("close", onClose);
    });
  }

  /**
   * Ends the file (flushing gzip), waits until it is closed, and returns its
   * manifest entry under `relative` (the same entry if called again).
   */
  async end(relative: string): Promise<ManifestEntry> {
    if (!this.file.closed) {
      await new Promise<void>((done) => {
        this.file.once("close", () => done());
        (this.gzip ?? this.file).end();
      });
    }
    if (this.failure) throw this.failure;
    this.digest ??= this.hash.digest("hex");
    return { path: relative, sha256: this.digest, bytes: this.bytes };
  }

  /** Stops writing (after an error elsewhere); the caller removes the staging folder. */
  destroy(): void {
    this.gzip?.destroy();
    this.file.destroy();
  }
}
