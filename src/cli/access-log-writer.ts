import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { createGzip } from "node:zlib";
import type { AccessLogRecording } from "../metrics/index.js";
import { ReorderWindow } from "../model/index.js";
import { UserError } from "../scenario/index.js";

/** Epoch seconds of simulated t = 0 in generated logs unless --log-origin says otherwise: 2000-01-01T00:00:00Z. */
export const DEFAULT_LOG_ORIGIN = 946684800;

const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
const STATUS = [200, 503, 499] as const;

/**
 * A generated request's client as an address: client id n is the n-th
 * address from 10.0.0.0 (10.0.0.0 to 10.255.255.255, then 11.0.0.0, ...), so
 * distinct clients have distinct addresses and `rrdns logs stats` or a fit
 * sees a returning client as one host.
 */
export function clientAddress(id: number): string {
  return `${10 + Math.floor(id / 16777216)}.${(id >>> 16) & 255}.${(id >>> 8) & 255}.${id & 255}`;
}

/** Epoch seconds → the CLF date `17/May/2015:10:05:03 +0000` (UTC). */
export function clfDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const p = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * The per-server access logs of a run (`--access-logs <dir>`): one file per
 * server, `<address>.log` (or `.log.gz`), each line a request that server
 * saw. A replayed trace's lines are written as they are; a generated
 * request (synthetic workloads, sessions) becomes a Common Log Format line
 * `<client address> - - [<origin + t>] "GET / HTTP/1.1" <status> 0`.
 * Generated requests can be reported ahead of the simulated clock (a visit's
 * later requests, an answer after a client's timeout), so they wait in a
 * time-ordered window until `flush(now)` says nothing earlier can come:
 * each file is in time order. Lines gathered between two flushes are
 * written in one go, waiting for the file to drain, so memory stays at one
 * slice of the run whatever its length.
 */
export class AccessLogWriter implements AccessLogRecording {
  private readonly pending: string[][];
  private readonly outputs: Writable[];
  private readonly files: WriteStream[];
  private readonly generated: ReorderWindow<number>;
  private second = Number.NaN;
  private date = "";
  readonly paths: string[];

  constructor(
    dir: string,
    addresses: readonly string[],
    gzip: boolean,
    private readonly origin = DEFAULT_LOG_ORIGIN,
  ) {
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
    // Tag: server × 4 + status index; item: the client id.
    this.generated = new ReorderWindow<number>(Number.POSITIVE_INFINITY, (t, tag, client) =>
      this.pending[tag >> 2]!.push(this.line(t, client, STATUS[tag & 3]!)),
    );
  }

  served(server: number, t: number, line: string, client: number): void {
    if (line !== "") this.pending[server]!.push(line);
    // A session workload's pre-roll (t < 0) only warms the caches for a steady start: no server logged it.
    else if (t >= 0) this.generated.push(t, server << 2, client);
  }

  unanswered(server: number, t: number, client: number, status: 503 | 499): void {
    if (t >= 0) this.generated.push(t, (server << 2) | (status === 503 ? 1 : 2), client);
  }

  private line(t: number, client: number, status: number): string {
    const second = Math.floor(this.origin + t);
    if (second !== this.second) {
      this.second = second;
      this.date = clfDate(second);
    }
    return `${clientAddress(client)} - - [${this.date}] "GET / HTTP/1.1" ${status} 0`;
  }

  /** Writes what has been gathered; generated requests up to simulated time `now` (all of them by default). */
  async flush(now = Number.POSITIVE_INFINITY): Promise<void> {
    this.generated.releaseThrough(now);
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
