import type { VisitRecording } from "../../metrics/index.js";
import type { ContentModel } from "../content/content-model.js";
import type { SessionTracker } from "../trace/session-tracker.js";
import type { VisitContext } from "./context.js";

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
 * Per-host bursts served at once (servers without capacity): a trace
 * replayed request by request, or a session workload's requests. A host's request starts a new visit
 * when its previous one is `thinkTime` or more ago (or it has none): the
 * visit resolves through the host's resolver, picks an address by the
 * clients' selection policy and sticks to it for the rest of the burst,
 * failing over on failed connects as a browser does. Each request keeps its
 * logged time (a black-holed connect delays only that request). A visit is
 * counted when it closes (the next burst, or `finish`), with all its
 * requests at its start time, as the fast path counts them. Memory:
 * O(hosts × servers) typed arrays, fixed by the first pass. With
 * `extras`, sessions (fragmentation) and browser caches (content) are
 * tracked per host too.
 */
export class BurstsInstantVisits {
  private readonly last: Float64Array;
  private readonly open: Uint8Array;
  private readonly start: Float64Array;
  private readonly count: Int32Array;
  private readonly failed: Uint8Array;
  private readonly timeouts: Int32Array;
  private readonly blamed: Int32Array;
  private readonly counting: Uint8Array;
  private readonly answers: Int32Array;
  private readonly candidates: Int32Array;
  private readonly index: Int32Array;
  private readonly delay: Float64Array;
  /** Until when each host's answer is valid (its TTL as shown). */
  private readonly validUntil: Float64Array;
  private readonly buffer: Int32Array;
  private readonly sessions: SessionTracker | undefined;
  private readonly content: ContentModel | undefined;

  private readonly ctx: VisitContext;
  private readonly resolverOfHost: Int32Array;
  private readonly thinkTime: number;
  private readonly measured: VisitRecording;
  private readonly warmupRecording: VisitRecording;
  private readonly warmup: number;

  constructor(options: BurstsOptions) {
    const ctx = options.ctx;
    this.ctx = ctx;
    this.resolverOfHost = options.resolverOfHost;
    this.thinkTime = options.burstGap;
    this.measured = options.measured;
    this.warmupRecording = options.warmupRecording;
    this.warmup = options.warmup;
    const hostCount = options.resolverOfHost.length;
    const extras = options.extras ?? {};
    this.sessions = extras.sessions;
    this.content = extras.content;
    const n = ctx.serverCount;
    this.last = new Float64Array(hostCount).fill(Number.NEGATIVE_INFINITY);
    this.open = new Uint8Array(hostCount);
    this.start = new Float64Array(hostCount);
    this.count = new Int32Array(hostCount);
    this.failed = new Uint8Array(hostCount);
    this.timeouts = new Int32Array(hostCount);
    this.blamed = new Int32Array(hostCount);
    this.counting = new Uint8Array(hostCount);
    this.answers = new Int32Array(hostCount * n);
    this.candidates = new Int32Array(hostCount);
    this.index = new Int32Array(hostCount);
    this.delay = new Float64Array(hostCount);
    this.validUntil = new Float64Array(hostCount);
    this.buffer = new Int32Array(n);
  }

  /**
   * The request of `host` at simulated time t: `line` is its original log
   * line ("" for a synthetic workload), `object` the object it asks for
   * (the trace reader's id of the line's path, or -1: one drawn by popularity).
   */
  request(t: number, host: number, line: string, object = -1): void {
    const fresh =
      !(this.open[host] && t - this.last[host]! < this.thinkTime) ||
      // A browser keeps a working address past its TTL (an open connection), but
      // once its requests fail and the answer has expired, it asks DNS again.
      (this.failed[host] === 1 && t >= this.validUntil[host]!);
    if (fresh) {
      if (this.open[host]) this.close(host);
      this.sessions?.visitStarted(host, t, this.last[host]!, this.start[host]!);
      this.begin(t, host);
    }
    this.last[host] = t;
    this.count[host]!++;
    const counting = this.counting[host] === 1;
    const rec = counting ? this.measured : this.warmupRecording;
    const outages = this.ctx.outages;
    if (counting && outages.activeOutages > 0) outages.requestsArrived(t, 1);
    const len = this.candidates[host]!;
    const tq = fresh ? t + this.delay[host]! : t;
    if (len === 0) {
      rec.failedRequest(tq);
      this.failed[host] = 1;
      return;
    }
    this.serveOne(tq, host, rec, counting, line, object);
  }

  /** Counts every visit still open (end of the trace). */
  finish(): void {
    for (let h = 0; h < this.open.length; h++) if (this.open[h]) this.close(h);
    this.sessions?.finish();
  }

  /**
   * Counting starts at t (the warm-up's end) for the bursts under way too
   * (the session workload, whose bursts can last minutes): each open visit
   * not yet counting is split there without a new lookup, its requests so
   * far counted as a warm-up visit, the rest as a measured visit at t that
   * keeps its address. A replayed trace does not call it: its bursts count
   * by their start.
   */
  startCounting(t: number): void {
    for (let h = 0; h < this.open.length; h++) {
      if (!this.open[h] || this.counting[h]) continue;
      const start = this.start[h]!;
      this.warmupRecording.visit(start, this.count[h]!);
      this.warmupRecording.visitEnded(start, this.failed[h] === 1, this.timeouts[h]!);
      this.start[h] = t;
      this.count[h] = 0;
      this.failed[h] = 0;
      this.timeouts[h] = 0;
      this.blamed[h] = -1;
      this.counting[h] = 1;
    }
  }

  private begin(t: number, host: number): void {
    const counting = t >= this.warmup;
    const rec = counting ? this.measured : this.warmupRecording;
    const buffer = this.buffer;
    // With client caches the lookup delay is 0 on a hit of the host's own cache.
    const ctx = this.ctx;
    const candidates = ctx.lookupHost(host, this.resolverOfHost[host]!, t, rec, buffer);
    this.delay[host] = ctx.delay;
    this.validUntil[host] = ctx.validUntil;
    const base = host * ctx.serverCount;
    for (let i = 0; i < candidates; i++) this.answers[base + i] = buffer[i]!;
    this.candidates[host] = candidates;
    this.index[host] = 0;
    this.open[host] = 1;
    this.start[host] = t;
    this.count[host] = 0;
    this.failed[host] = 0;
    this.timeouts[host] = 0;
    this.blamed[host] = -1;
    this.counting[host] = counting ? 1 : 0;
  }

  private close(host: number): void {
    const counting = this.counting[host] === 1;
    const rec = counting ? this.measured : this.warmupRecording;
    const t = this.start[host]!;
    rec.visit(t, this.count[host]!);
    const failed = this.failed[host] === 1;
    rec.visitEnded(t, failed, this.timeouts[host]!);
    const blamed = this.blamed[host]!;
    if (failed && counting && blamed >= 0) this.ctx.outages.visitFailed(blamed);
    this.sessions?.visitClosed(host);
    this.open[host] = 0;
  }

  /** One request to the visit's sticky address, failing over along its answer (as rate-instant.ts does for a whole visit). */
  private serveOne(
    t: number,
    host: number,
    rec: VisitRecording,
    counting: boolean,
    line: string,
    object: number,
  ): void {
    const ctx = this.ctx;
    const candidates = this.candidates[host]!;
    const base = host * ctx.serverCount;
    const index = this.index[host]!;
    const serving = ctx.serveAlong(this.answers, base + index, base + candidates, t, rec, counting);
    if (ctx.timeouts > 0) this.timeouts[host]! += ctx.timeouts;
    if (this.blamed[host]! < 0) this.blamed[host] = ctx.blamed;
    if (serving >= 0) {
      rec.serve(ctx.server, serving, ctx.at);
      ctx.accessLog?.served(serving, ctx.at, line, host);
      this.sessions?.served(host, serving);
      this.content?.served(host, serving, object, counting);
      this.index[host] = ctx.position - base;
      return;
    }
    rec.failedRequest(ctx.at);
    this.failed[host] = 1;
    this.index[host] = 0;
  }
}
