import { join } from "node:path";
import { ReorderWindow } from "../logs/index.js";
import type { AccessLogRecording } from "../metrics/index.js";
import type { ManifestEntry } from "./output/manifest.js";
import { OutputFile } from "./output/output-file.js";
import { openOutputFolder, type StagedOutput } from "./output/write-folder.js";

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
 * slice of the run whatever its length. The files are the staged files of
 * an AccessLogFolder: they get their final names only when the run is done.
 */
export class AccessLogWriter implements AccessLogRecording {
  private readonly pending: string[][];
  private readonly generated: ReorderWindow<number>;
  private second = Number.NaN;
  private date = "";

  constructor(
    private readonly files: readonly OutputFile[],
    private readonly origin = DEFAULT_LOG_ORIGIN,
  ) {
    this.pending = files.map(() => []);
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

  /**
   * Writes what has been gathered; generated requests up to simulated time
   * `now`. Give the clock while the run goes on: a generated request
   * reported after a flush to a later time is dropped as late. The default,
   * all of them, is for the end of the run.
   */
  async flush(now = Number.POSITIVE_INFINITY): Promise<void> {
    this.generated.releaseThrough(now);
    for (let i = 0; i < this.files.length; i++) {
      const lines = this.pending[i]!;
      if (lines.length === 0) continue;
      const text = `${lines.join("\n")}\n`;
      lines.length = 0;
      await this.files[i]!.write(text);
    }
  }

  /** Flushes and closes every file. */
  async close(): Promise<void> {
    await this.flush();
    for (let i = 0; i < this.files.length; i++) await this.files[i]!.end("");
  }
}

/**
 * The folder of `--access-logs <dir>`, an rrdns output like `--out` (see
 * output/write-folder.ts): locked for the whole run, every log written under
 * a staging name and moved into place only when all runs are done, with a
 * manifest. So a user's file or a symbolic link at a log's name is refused
 * before the run, a killed run leaves no truncated log under a final name,
 * two runs cannot write one folder at once, and the logs of an earlier run
 * that this one does not rewrite (a run with more servers) are removed.
 */
export class AccessLogFolder {
  private readonly files: { relative: string; file: OutputFile }[] = [];
  private constructor(
    private readonly output: StagedOutput,
    private readonly relatives: readonly (readonly string[])[],
    private readonly gzip: boolean,
  ) {}

  /** One run's logs in `dir`; with replications, replication r's in `dir/r<r>`. */
  static open(
    dir: string,
    addresses: readonly string[],
    replications: number,
    gzip: boolean,
  ): AccessLogFolder {
    const name = (a: string) => `${a}.log${gzip ? ".gz" : ""}`;
    const relatives = Array.from({ length: replications }, (_, r) =>
      addresses.map((a) => (replications > 1 ? `r${r}/${name(a)}` : name(a))),
    );
    const output = openOutputFolder(dir, relatives.flat(), { flag: "--access-logs" });
    return new AccessLogFolder(output, relatives, gzip);
  }

  /** The writer of replication r's logs (0 for a single run). */
  writer(replication: number, origin = DEFAULT_LOG_ORIGIN): AccessLogWriter {
    const files = this.relatives[replication]!.map((relative) => {
      const file = new OutputFile(
        this.output.staged(relative),
        this.gzip,
        `--access-logs ${join(this.output.folder, relative)}`,
      );
      this.files.push({ relative, file });
      return file;
    });
    return new AccessLogWriter(files, origin);
  }

  /** Once every writer is closed: moves the logs into place, removes an earlier run's other logs. */
  async commit(): Promise<void> {
    const entries: ManifestEntry[] = [];
    try {
      for (const { relative, file } of this.files) entries.push(await file.end(relative));
    } catch (error) {
      this.abort();
      throw error;
    }
    this.output.commit(entries);
  }

  /** After a failure: nothing of this run gets a final name; the folder keeps its earlier logs. */
  abort(): void {
    for (const { file } of this.files) file.destroy();
    this.output.abort();
  }
}
