import type { VisitRecording } from "../../metrics/index.js";
import type { ContentModel } from "../content/content-model.js";
import type { SessionTracker } from "../trace/session-tracker.js";
import type { BurstRows } from "./burst-slots.js";
import type { VisitContext } from "./context.js";

/**
 * Per host: its last request's time, whether its burst is open and the row
 * of that burst, its last lookup's delay, and until when that answer is
 * valid (its TTL as shown).
 */
function hostBursts(hostCount: number) {
  return {
    last: new Float64Array(hostCount).fill(Number.NEGATIVE_INFINITY),
    open: new Uint8Array(hostCount),
    rowOf: new Int32Array(hostCount).fill(-1),
    delay: new Float64Array(hostCount),
    validUntil: new Float64Array(hostCount),
  };
}

type HostBursts = ReturnType<typeof hostBursts>;

/** Optional per-host measurements riding on the replay (scenario `fragmentation` and `content`). */
export interface ReplayExtras {
  readonly sessions?: SessionTracker | undefined;
  readonly content?: ContentModel | undefined;
}

/** A per-host workload (a replayed trace's hosts, or a session workload's clients) and its visit context. */
export interface BurstsOptions {
  readonly ctx: VisitContext;
  /** Each host's resolver (its length is the number of hosts). */
  readonly resolverOfHost: Int32Array;
  /** Seconds of silence after which a host's next request starts a new visit (a trace's think time, a session's lookup gap). */
  readonly burstGap: number;
  readonly measured: VisitRecording;
  readonly warmupRecording: VisitRecording;
  /** Seconds: visits starting before it are counted in `warmupRecording`. */
  readonly warmup: number;
  readonly extras?: ReplayExtras | undefined;
}

/**
 * The burst driver, whatever serves its requests: a host's request starts
 * a new visit when its previous one is `burstGap` or more ago (or it has
 * none, or its requests fail and its answer has expired); the visit
 * resolves through the host's resolver, picks an address by the clients'
 * selection policy and sticks to it for the rest of the burst, failing over
 * on failed connects as a browser does. A visit's state is a row of
 * `rows` (`rowOf[host]` while the host's burst is open); the subclass says
 * where a row comes from, how a request is served and how a closed visit ends.
 */
export abstract class Bursts<Rows extends BurstRows> {
  protected readonly ctx: VisitContext;
  protected readonly sessions: SessionTracker | undefined;
  protected readonly content: ContentModel | undefined;
  protected readonly hosts: HostBursts;
  /** The lookup's answer before it is copied into the visit's row. */
  private readonly buffer: Int32Array;

  constructor(
    private readonly options: BurstsOptions,
    protected readonly rows: Rows,
  ) {
    this.ctx = options.ctx;
    this.sessions = options.extras?.sessions;
    this.content = options.extras?.content;
    this.hosts = hostBursts(options.resolverOfHost.length);
    this.buffer = new Int32Array(options.ctx.serverCount);
  }

  /**
   * The request of `host` at simulated time t: `line` is its original log
   * line ("" for a synthetic workload), `object` the object it asks for
   * (the trace reader's id of the line's path, or -1: one drawn by popularity).
   */
  request(t: number, host: number, line: string, object = -1): void {
    const rows = this.rows;
    const hosts = this.hosts;
    const fresh =
      !(hosts.open[host] && t - hosts.last[host]! < this.options.burstGap) ||
      // A browser keeps a working address past its TTL (an open connection), but
      // once its requests fail and the answer has expired, it asks DNS again.
      (rows.failed[hosts.rowOf[host]!] === 1 && t >= hosts.validUntil[host]!);
    if (fresh) {
      const previous = hosts.open[host] ? rows.start[hosts.rowOf[host]!]! : 0;
      if (hosts.open[host]) this.close(host);
      this.sessions?.visitStarted(host, t, hosts.last[host]!, previous);
      this.begin(t, host);
    }
    hosts.last[host] = t;
    const row = hosts.rowOf[host]!;
    rows.count[row]!++;
    const counting = rows.counting[row] === 1;
    const outages = this.ctx.outages;
    if (counting && outages.activeOutages > 0) outages.requestsArrived(t, 1);
    const tq = fresh ? t + hosts.delay[host]! : t;
    if (rows.candidates[row] === 0) {
      this.recording(counting).failedRequest(tq);
      rows.failed[row] = 1;
      return;
    }
    this.serve(t, tq, host, row, line, object);
  }

  /** Counts every visit still open (end of the run; queued: once no request is under way). */
  finish(): void {
    for (let h = 0; h < this.hosts.open.length; h++) if (this.hosts.open[h]) this.close(h);
    this.sessions?.finish();
  }

  /**
   * Counting starts at t (the warm-up's end) for the bursts under way too
   * (the session workload, whose bursts can last minutes): each open visit
   * not yet counting is closed as a warm-up visit, its requests so far
   * counted there, and carries on without a new lookup as a measured visit
   * at t that keeps its answer and address. A replayed trace does not call
   * it: its bursts count by their start.
   */
  startCounting(t: number): void {
    const rows = this.rows;
    for (let h = 0; h < this.hosts.open.length; h++) {
      const old = this.hosts.rowOf[h]!;
      if (!this.hosts.open[h] || rows.counting[old]) continue;
      this.closeRow(old);
      const row = this.carryOver(old);
      this.reset(row, t, true);
      this.hosts.rowOf[h] = row;
    }
  }

  protected recording(counting: boolean): VisitRecording {
    return counting ? this.options.measured : this.options.warmupRecording;
  }

  /** A row for a new visit of `host`. */
  protected abstract newRow(host: number): number;
  /** The row a visit split at the warm-up's end carries on in, its answer and address those of `old`. */
  protected abstract carryOver(old: number): number;
  /** Counts the visit of a closed burst, and ends it (at once, or when its last request has). */
  protected abstract closeRow(row: number): void;
  /**
   * One request of `host`, its visit in `row`, made at `t` and leaving at
   * `at` (later after a fresh lookup's delay); `line` and `object` as in `request`.
   */
  protected abstract serve(
    t: number,
    at: number,
    host: number,
    row: number,
    line: string,
    object: number,
  ): void;

  /** A fresh visit's state: counted from `t` when `counting`. */
  protected reset(row: number, t: number, counting: boolean): void {
    const rows = this.rows;
    rows.start[row] = t;
    rows.count[row] = 0;
    rows.failed[row] = 0;
    rows.timeouts[row] = 0;
    rows.blamed[row] = -1;
    rows.counting[row] = counting ? 1 : 0;
  }

  /** The visit's count of requests (when its burst closes). */
  protected countVisit(row: number): void {
    const rows = this.rows;
    this.recording(rows.counting[row] === 1).visit(rows.start[row]!, rows.count[row]!);
  }

  /** The visit has ended: failed or not, and its outage blamed when counting. */
  protected endVisit(row: number): void {
    const rows = this.rows;
    const counting = rows.counting[row] === 1;
    const failed = rows.failed[row] === 1;
    this.recording(counting).visitEnded(rows.start[row]!, failed, rows.timeouts[row]!);
    const blamed = rows.blamed[row]!;
    if (failed && counting && blamed >= 0) this.ctx.outages.visitFailed(blamed);
  }

  /**
   * One request served at once at time t by the visit's sticky address or,
   * after failed connects, the next ones along its answer (rate-instant.ts
   * serves a whole visit so); a request that runs out of addresses starts
   * the visit's next one at the first.
   */
  protected serveRow(t: number, host: number, row: number, line: string, object: number): void {
    const ctx = this.ctx;
    const rows = this.rows;
    const counting = rows.counting[row] === 1;
    const rec = this.recording(counting);
    const base = row * ctx.serverCount;
    const from = base + rows.index[row]!;
    const serving = ctx.serveAlong(
      rows.answer,
      from,
      base + rows.candidates[row]!,
      t,
      rec,
      counting,
    );
    if (ctx.timeouts > 0) rows.timeouts[row]! += ctx.timeouts;
    if (rows.blamed[row]! < 0) rows.blamed[row] = ctx.blamed;
    if (serving >= 0) {
      rec.serve(ctx.server, serving, ctx.at);
      ctx.accessLog?.served(serving, ctx.at, line, host);
      this.sessions?.served(host, serving);
      this.content?.served(host, serving, object, counting);
      rows.index[row] = ctx.position - base;
      return;
    }
    rec.failedRequest(ctx.at);
    rows.failed[row] = 1;
    rows.index[row] = 0;
  }

  private begin(t: number, host: number): void {
    const counting = t >= this.options.warmup;
    const ctx = this.ctx;
    const buffer = this.buffer;
    // With client caches the lookup delay is 0 on a hit of the host's own cache.
    const candidates = ctx.lookupHost(
      host,
      this.options.resolverOfHost[host]!,
      t,
      this.recording(counting),
      buffer,
    );
    this.hosts.delay[host] = ctx.delay;
    this.hosts.validUntil[host] = ctx.validUntil;
    const row = this.newRow(host);
    const rows = this.rows;
    const base = row * ctx.serverCount;
    for (let i = 0; i < candidates; i++) rows.answer[base + i] = buffer[i]!;
    rows.candidates[row] = candidates;
    rows.index[row] = 0;
    this.reset(row, t, counting);
    this.hosts.rowOf[host] = row;
    this.hosts.open[host] = 1;
  }

  private close(host: number): void {
    this.closeRow(this.hosts.rowOf[host]!);
    this.sessions?.visitClosed(host);
    this.hosts.open[host] = 0;
  }
}
