import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { createGzip } from "node:zlib";
import type { AccessLogRecording } from "../metrics/index.js";
import { UserError } from "../scenario/index.js";

/**
 * The per-server access logs of a run (`--access-logs <dir>`): one file per
 * server, `<address>.log` (or `.log.gz`), each line the request that server
 * answered. Lines gathered between two flushes (one batch of the trace) are
 * written in one go, waiting for the file to drain, so memory stays at one
 * batch whatever the run's length.
 */
export class AccessLogWriter implements AccessLogRecording {
  private readonly pending: string[][];
  private readonly outputs: Writable[];
  private readonly files: WriteStream[];
  readonly paths: string[];

  constructor(dir: string, addresses: readonly string[], gzip: boolean) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new UserError(
        `--access-logs ${dir}: cannot create (${(error as NodeJS.ErrnoException).code})`,
      );
    }
    this.paths = addresses.map((a) => join(dir, `${a}.log${gzip ? ".gz" : ""}`));
    this.files = this.paths.map((p) => createWriteStream(p));
    this.outputs = this.files.map((f) => {
      if (!gzip) return f;
      const z = createGzip();
      z.pipe(f);
      return z;
    });
    this.pending = addresses.map(() => []);
  }

  served(host: number, _t: number, line: string): void {
    this.pending[host]!.push(line);
  }

  /** Writes what has been gathered. */
  async flush(): Promise<void> {
    for (let i = 0; i < this.outputs.length; i++) {
      const lines = this.pending[i]!;
      if (lines.length === 0) continue;
      const out = this.outputs[i]!;
      const ok = out.write(`${lines.join("\n")}\n`);
      lines.length = 0;
      if (!ok) await new Promise<void>((done) => out.once("drain", () => done()));
    }
  }

  /** Flushes and closes every file. */
  async close(): Promise<void> {
    await this.flush();
    await Promise.all(
      this.outputs.map(
        (out, i) =>
          new Promise<void>((done, fail) => {
            this.files[i]!.once("close", () => done());
            this.files[i]!.once("error", fail);
            out.end();
          }),
      ),
    );
  }
}
