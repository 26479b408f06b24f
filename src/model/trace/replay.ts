import type { AccessLogRecording, OutageRecording, VisitRecording } from "../../metrics/index.js";
import type { ContentModel } from "../content/content-model.js";
import type { FailurePlan } from "../failures.js";
import type { Resolution } from "../resolution.js";
import { takeoverHost } from "../takeover-host.js";
import type { VisitSettings } from "../visit.js";
import type { SessionTracker } from "./session-tracker.js";

/** Optional per-host measurements riding on the replay (scenario `fragmentation` and `content`). */
export interface ReplayExtras {
  readonly sessions?: SessionTracker | undefined;
  readonly content?: ContentModel | undefined;
}

/**
 * Replays a trace request by request. A host's request starts a new visit
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
export class TraceReplay {
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

  constructor(
    hostCount: number,
    private readonly resolverOfHost: Int32Array,
    private readonly thinkTime: number,
    private readonly settings: VisitSettings,
    private readonly resolution: Resolution,
    private readonly plan: FailurePlan,
    private readonly outages: OutageRecording,
    private readonly measured: VisitRecording,
    private readonly warmupRecording: VisitRecording,
    private readonly warmup: number,
    private readonly accessLog: AccessLogRecording | undefined,
    extras: ReplayExtras = {},
  ) {
    this.sessions = extras.sessions;
    this.content = extras.content;
    const n = settings.serverCount;
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
    if (counting && this.outages.activeOutages > 0) this.outages.requestsArrived(t, 1);
    const len = this.candidates[host]!;
    const tq = fresh ? t + this.delay[host]! : t;
    if (len === 0) {
      rec.failedRequest(tq);
      this.failed[host] = 1;
      return;
    }
    this.serveOne(tq, host, rec, counting, len, line, object);
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
    const len = this.resolution.resolveHost(host, this.resolverOfHost[host]!, t, rec, buffer);
    this.delay[host] = this.resolution.lastDelay;
    this.validUntil[host] = this.resolution.lastValidUntil;
    const candidates =
      len === 0 ? 0 : this.settings.selection(buffer, len, this.settings.selectionContext);
    const base = host * this.settings.serverCount;
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
    if (failed && counting && blamed >= 0) this.outages.visitFailed(blamed);
    this.sessions?.visitClosed(host);
    this.open[host] = 0;
  }

  /** One request to the visit's sticky address, failing over along its answer (as visit.ts does for a whole visit). */
  private serveOne(
    t: number,
    host: number,
    rec: VisitRecording,
    counting: boolean,
    candidates: number,
    line: string,
    object: number,
  ): void {
    const { down, attemptTimeouts, takenOver } = this.plan;
    const base = host * this.settings.serverCount;
    let index = this.index[host]!;
    let server = this.answers[base + index]!;
    let tq = t;
    for (;;) {
      const segment = down[server]!.indexAt(tq);
      if (segment < 0) {
        rec.serve(server, server, tq);
        this.accessLog?.served(server, tq, line, host);
        this.sessions?.served(host, server);
        this.content?.served(host, server, object, counting);
        break;
      }
      if (takenOver[server]!.contains(tq)) {
        const other = takeoverHost(this.plan, this.settings.serverCount, server, tq);
        if (other >= 0) {
          rec.serve(server, other, tq);
          this.accessLog?.served(other, tq, line, host);
          this.sessions?.served(host, other);
          this.content?.served(host, other, object, counting);
          break;
        }
      }
      rec.failedAttempt(server, tq);
      const outage = down[server]!.tags[segment]!;
      if (counting) this.outages.deadAttempt(outage, tq);
      if (this.blamed[host]! < 0) this.blamed[host] = outage;
      const cost = attemptTimeouts[server]![segment]!;
      if (cost > 0) {
        this.timeouts[host]! += cost;
        tq += cost * this.settings.connectTimeout;
      }
      if (index + 1 < candidates) {
        server = this.answers[base + ++index]!;
        continue;
      }
      rec.failedRequest(tq);
      this.failed[host] = 1;
      index = 0;
      break;
    }
    this.index[host] = index;
  }
}
