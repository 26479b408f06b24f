import type { SessionRecording } from "../../metrics/index.js";

/**
 * Session fragmentation per host, beside the burst visits' (src/model/visits/): a session is
 * a host's requests with gaps below `sessionGap`; it is fragmented when its
 * requests were served by more than one server (a log per server then holds
 * a piece of it each). A visit's server is the one that served its first
 * served request; consecutive visits of a session form a pair, reported
 * with their spacing (start to start: lookup to lookup) when the later one
 * closes. A session counts when it starts at or after the warm-up.
 * Memory: O(hosts) typed arrays.
 */
export class SessionTracker {
  private readonly open: Uint8Array;
  private readonly counting: Uint8Array;
  private readonly visits: Int32Array;
  private readonly sessionServer: Int32Array;
  private readonly fragmented: Uint8Array;
  private readonly visitServer: Int32Array;
  private readonly previousServer: Int32Array;
  /** Spacing from the previous visit's start; NaN for a session's first visit. */
  private readonly spacing: Float64Array;

  constructor(
    hostCount: number,
    private readonly sessionGap: number,
    private readonly warmup: number,
    private readonly stats: SessionRecording,
    /** Reported seconds per simulated second (a trace's speedup: spacings are reported in trace seconds). */
    private readonly scale = 1,
  ) {
    this.open = new Uint8Array(hostCount);
    this.counting = new Uint8Array(hostCount);
    this.visits = new Int32Array(hostCount);
    this.sessionServer = new Int32Array(hostCount);
    this.fragmented = new Uint8Array(hostCount);
    this.visitServer = new Int32Array(hostCount);
    this.previousServer = new Int32Array(hostCount);
    this.spacing = new Float64Array(hostCount);
  }

  /**
   * A visit of `host` starts at t (after the previous one, if any, was
   * closed); `lastRequest` and `previousStart`: the host's previous request
   * and visit start (-Infinity when it has none).
   */
  visitStarted(host: number, t: number, lastRequest: number, previousStart: number): void {
    if (this.open[host] && t - lastRequest >= this.sessionGap) this.end(host);
    if (!this.open[host]) {
      this.open[host] = 1;
      this.counting[host] = t >= this.warmup ? 1 : 0;
      this.visits[host] = 0;
      this.sessionServer[host] = -1;
      this.fragmented[host] = 0;
      this.spacing[host] = Number.NaN;
    } else this.spacing[host] = t - previousStart;
    this.visits[host]!++;
    this.visitServer[host] = -1;
  }

  /** `server` (the host that answered) served a request of `host`'s current visit. */
  served(host: number, server: number): void {
    if (this.visitServer[host]! < 0) this.visitServer[host] = server;
    const first = this.sessionServer[host]!;
    if (first < 0) this.sessionServer[host] = server;
    else if (first !== server) this.fragmented[host] = 1;
  }

  /** `host`'s current visit closed. */
  visitClosed(host: number): void {
    const spacing = this.spacing[host]!;
    const now = this.visitServer[host]!;
    if (this.counting[host] && !Number.isNaN(spacing)) {
      const before = this.previousServer[host]!;
      this.stats.visitPair(spacing * this.scale, before >= 0 && now >= 0 && before !== now);
    }
    this.previousServer[host] = now;
  }

  /** End of the run: every open session ends (call after the last visits closed). */
  finish(): void {
    for (let h = 0; h < this.open.length; h++) if (this.open[h]) this.end(h);
  }

  private end(host: number): void {
    if (this.counting[host])
      this.stats.sessionEnded(this.visits[host]!, this.fragmented[host] === 1);
    this.open[host] = 0;
  }
}
