import type { Simulator } from "../../engine/index.js";
import type { VisitRecording } from "../../metrics/index.js";
import type { ContentModel } from "../content/content-model.js";
import type { SessionTracker } from "../trace/session-tracker.js";
import { ReplayRequestSlots, ReplayVisitSlots } from "./burst-slots.js";
import type { BurstsOptions } from "./bursts-instant.js";
import {
  ERRED_AT_TIMEOUT,
  ERRED_NOW,
  GIVE_UP,
  NEXT_ADDRESS,
  type VisitContext,
} from "./context.js";
import { ANSWERED, ERRED, FAILED, SEND, WAIT } from "./steps.js";

/**
 * BurstsInstantVisits' per-host visits (a burst: one lookup, one sticky address,
 * failover on failed connects) in front of servers with capacity: each
 * request is offered to its server's FIFO queue (ServerFleet) at the time it
 * reaches it, so it can wait, be refused or dropped, or be answered too late.
 *
 * Requests reach servers out of the order they are made (a fresh burst's
 * first request waits for its lookup, a failover after a black-holed connect
 * waits for the connect timeout), so a request that is not due now is a
 * simulator event, and the fleet sees every server's arrivals in time order.
 *
 * Open loop: a request is made at its own time (a trace's logged time, a
 * session's drawn time) whatever happened to the host's earlier ones; the
 * visit it belongs to ends when its last request has ended, which can be
 * after the host's next burst began. Refusals, drops and timeouts follow
 * `onError` within `retries`, as RateQueuedVisits' do; `next` moves the visit's
 * sticky address on, as a failover does. Requests of a session workload's
 * pre-roll (t < 0: it only warms the caches, unrecorded) are answered at
 * once, without queueing: the servers start empty at t = 0.
 */
export class BurstsQueuedVisits {
  private readonly last: Float64Array;
  private readonly open: Uint8Array;
  /** The visit slot of the host's current burst (valid while `open`). */
  private readonly visitOf: Int32Array;
  /** Bursts the host has begun (a warm-up split keeps the burst, not the visit slot). */
  private readonly burstOf: Int32Array;
  private readonly delay: Float64Array;
  /** Until when each host's answer is valid (its TTL as shown). */
  private readonly validUntil: Float64Array;
  private readonly buffer: Int32Array;
  private readonly visits: ReplayVisitSlots;
  private readonly requests: ReplayRequestSlots;
  private readonly sessions: SessionTracker | undefined;
  private readonly content: ContentModel | undefined;
  private readonly sendKind: number;
  private readonly outcomeKind: number;

  private readonly ctx: VisitContext;
  private readonly sim: Simulator;
  private readonly resolverOfHost: Int32Array;
  private readonly thinkTime: number;
  private readonly measured: VisitRecording;
  private readonly warmupRecording: VisitRecording;
  private readonly warmup: number;

  constructor(options: BurstsOptions & { readonly sim: Simulator }) {
    const { ctx, sim } = options;
    this.ctx = ctx;
    this.sim = sim;
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
    this.visitOf = new Int32Array(hostCount).fill(-1);
    this.burstOf = new Int32Array(hostCount);
    this.delay = new Float64Array(hostCount);
    this.validUntil = new Float64Array(hostCount);
    this.buffer = new Int32Array(n);
    this.visits = new ReplayVisitSlots(n);
    this.requests = new ReplayRequestSlots();
    this.sendKind = sim.on((slot, t) => this.drive(slot, t, SEND));
    this.outcomeKind = sim.on((slot, t) => this.drive(slot, t, this.requests.outcome[slot]!));
  }

  /** Requests under way (for tests: every one ends). */
  get requestsInFlight(): number {
    return this.requests.inUse;
  }

  /** Visits not yet ended (open, or closed with requests under way). */
  get visitsInFlight(): number {
    return this.visits.inUse;
  }

  /** The request of `host` at simulated time t (see BurstsInstantVisits.request). */
  request(t: number, host: number, line: string, object = -1): void {
    const fresh =
      !(this.open[host] && t - this.last[host]! < this.thinkTime) ||
      // As in TraceReplay: a failing address is looked up again once its answer expired.
      (this.visits.failed[this.visitOf[host]!] === 1 && t >= this.validUntil[host]!);
    if (fresh) {
      const previous = this.open[host] ? this.visits.start[this.visitOf[host]!]! : 0;
      if (this.open[host]) this.close(host);
      this.sessions?.visitStarted(host, t, this.last[host]!, previous);
      this.begin(t, host);
    }
    this.last[host] = t;
    const visits = this.visits;
    const v = this.visitOf[host]!;
    visits.count[v]!++;
    const counting = visits.counting[v] === 1;
    const outages = this.ctx.outages;
    if (counting && outages.activeOutages > 0) outages.requestsArrived(t, 1);
    const tq = fresh ? t + this.delay[host]! : t;
    if (visits.candidates[v] === 0) {
      (counting ? this.measured : this.warmupRecording).failedRequest(tq);
      visits.failed[v] = 1;
      return;
    }
    if (t < 0) {
      this.serveAtOnce(tq, host, v, line, object);
      return;
    }
    const r = this.requests.acquire();
    const requests = this.requests;
    requests.visit[r] = v;
    requests.client[r] = host;
    requests.burst[r] = this.burstOf[host]!;
    requests.index[r] = visits.index[v]!;
    requests.server[r] = visits.answer[v * this.ctx.serverCount + visits.index[v]!]!;
    requests.retries[r] = 0;
    requests.object[r] = object;
    requests.line[r] = line;
    visits.pending[v]!++;
    if (tq > t) this.sim.schedule(tq, this.sendKind, r);
    else this.drive(r, t, SEND);
  }

  /** Counts every visit still open (end of the run: call once no request is under way). */
  finish(): void {
    for (let h = 0; h < this.open.length; h++) if (this.open[h]) this.close(h);
    this.sessions?.finish();
  }

  /**
   * Counting starts at t for the bursts under way too (the session
   * workload; see BurstsInstantVisits.startCounting): each open visit not yet
   * counting is closed as a warm-up visit (its requests under way end in it)
   * and carries on as a measured visit at t with the same answer and address.
   */
  startCounting(t: number): void {
    const visits = this.visits;
    const n = this.ctx.serverCount;
    for (let h = 0; h < this.open.length; h++) {
      if (!this.open[h]) continue;
      const old = this.visitOf[h]!;
      if (visits.counting[old]) continue;
      this.endOrClose(old);
      const v = visits.acquire();
      visits.candidates[v] = visits.candidates[old]!;
      visits.index[v] = visits.index[old]!;
      visits.answer.copyWithin(v * n, old * n, old * n + n);
      this.reset(v, t, true);
      this.visitOf[h] = v;
    }
  }

  private begin(t: number, host: number): void {
    const counting = t >= this.warmup;
    const rec = counting ? this.measured : this.warmupRecording;
    const buffer = this.buffer;
    const ctx = this.ctx;
    const candidates = ctx.lookupHost(host, this.resolverOfHost[host]!, t, rec, buffer);
    this.delay[host] = ctx.delay;
    this.validUntil[host] = ctx.validUntil;
    const visits = this.visits;
    const v = visits.acquire();
    const base = v * this.ctx.serverCount;
    for (let i = 0; i < candidates; i++) visits.answer[base + i] = buffer[i]!;
    visits.candidates[v] = candidates;
    visits.index[v] = 0;
    this.reset(v, t, counting);
    this.visitOf[host] = v;
    this.burstOf[host]!++;
    this.open[host] = 1;
  }

  private reset(v: number, t: number, counting: boolean): void {
    const visits = this.visits;
    visits.start[v] = t;
    visits.count[v] = 0;
    visits.pending[v] = 0;
    visits.failed[v] = 0;
    visits.closed[v] = 0;
    visits.timeouts[v] = 0;
    visits.blamed[v] = -1;
    visits.counting[v] = counting ? 1 : 0;
  }

  private close(host: number): void {
    this.endOrClose(this.visitOf[host]!);
    this.sessions?.visitClosed(host);
    this.open[host] = 0;
    this.visitOf[host] = -1;
  }

  /** The burst is over: its requests are counted now; it ends when the last under way has. */
  private endOrClose(v: number): void {
    const visits = this.visits;
    const rec = visits.counting[v] ? this.measured : this.warmupRecording;
    rec.visit(visits.start[v]!, visits.count[v]!);
    visits.closed[v] = 1;
    if (visits.pending[v] === 0) this.end(v);
  }

  private end(v: number): void {
    const visits = this.visits;
    const counting = visits.counting[v] === 1;
    const rec = counting ? this.measured : this.warmupRecording;
    const failed = visits.failed[v] === 1;
    rec.visitEnded(visits.start[v]!, failed, visits.timeouts[v]!);
    const blamed = visits.blamed[v]!;
    if (failed && counting && blamed >= 0) this.ctx.outages.visitFailed(blamed);
    visits.release(v);
  }

  /** Runs the request's steps that happen at time t, until it waits for an event or ends. */
  private drive(r: number, t: number, first: number): void {
    const requests = this.requests;
    const visits = this.visits;
    const v = requests.visit[r]!;
    const counting = visits.counting[v] === 1;
    const rec = counting ? this.measured : this.warmupRecording;
    let step = first;
    for (;;) {
      switch (step) {
        case SEND:
          step = this.attempt(r, v, t, rec);
          break;
        case ANSWERED: {
          const host = requests.host[r]!;
          const client = requests.client[r]!;
          const line = requests.line[r]!;
          rec.serve(requests.server[r]!, host, requests.sentAt[r]!);
          // The server logs a request when it has answered it: now.
          this.ctx.accessLog?.served(host, t, line, client);
          // A visit's server (fragmentation) is its first answer's, while its burst is the host's current one.
          if (this.sessions && this.open[client] && this.burstOf[client] === requests.burst[r])
            this.sessions.served(client, host);
          this.content?.served(client, host, requests.object[r]!, counting);
          this.endRequest(r, v);
          return;
        }
        case ERRED:
          step = this.afterError(r, v, t, rec);
          break;
        case FAILED:
          rec.failedRequest(t);
          visits.failed[v] = 1;
          // As the fast path: a request that ran out of addresses starts the visit's next one at the first.
          visits.index[v] = 0;
          this.endRequest(r, v);
          return;
        default:
          return;
      }
    }
  }

  private endRequest(r: number, v: number): void {
    this.requests.release(r);
    const visits = this.visits;
    if (--visits.pending[v]! === 0 && visits.closed[v]) this.end(v);
  }

  /** One attempt of the request at time t; returns the next step. */
  private attempt(r: number, v: number, t: number, rec: VisitRecording): number {
    const requests = this.requests;
    const visits = this.visits;
    const ctx = this.ctx;
    for (;;) {
      const server = requests.server[r]!;
      const host = ctx.connect(server, t);
      if (host < 0) {
        const cost = ctx.deadConnect(server, t, rec, visits.counting[v] === 1);
        if (visits.blamed[v]! < 0) visits.blamed[v] = ctx.outage;
        const more = this.moveOn(r, v);
        if (cost > 0) {
          visits.timeouts[v]! += cost;
          const at = t + cost * ctx.connectTimeout;
          if (more) this.sim.schedule(at, this.sendKind, r);
          else this.outcomeAt(r, at, FAILED);
          return WAIT;
        }
        if (more) continue;
        return FAILED;
      }
      const end = ctx.offer(rec, server, host, requests.client[r]!, t);
      if (end === ERRED_NOW) return ERRED;
      if (end === ERRED_AT_TIMEOUT) {
        this.outcomeAt(r, t + ctx.queuedSettings.timeout, ERRED);
        return WAIT;
      }
      requests.host[r] = host;
      requests.sentAt[r] = t;
      this.outcomeAt(r, end, ANSWERED);
      return WAIT;
    }
  }

  /** The request moves to the next address of its visit's answer, if any; the visit's sticky address follows. */
  private moveOn(r: number, v: number): boolean {
    const requests = this.requests;
    const visits = this.visits;
    const index = requests.index[r]! + 1;
    if (index >= visits.candidates[v]!) return false;
    requests.index[r] = index;
    requests.server[r] = visits.answer[v * this.ctx.serverCount + index]!;
    visits.index[v] = index;
    return true;
  }

  /** After a refusal or timeout at time t: the client's `onError`, within its retry budget. */
  private afterError(r: number, v: number, t: number, rec: VisitRecording): number {
    const requests = this.requests;
    const visits = this.visits;
    const action = this.ctx.errorAction(
      requests.retries[r]!,
      requests.index[r]! + 1 < visits.candidates[v]!,
    );
    if (action === GIVE_UP) return FAILED;
    requests.retries[r]!++;
    rec.retry(t);
    if (action === NEXT_ADDRESS) {
      this.moveOn(r, v);
      return SEND;
    }
    this.sim.schedule(t + this.ctx.queuedSettings.retryDelay, this.sendKind, r);
    return WAIT;
  }

  private outcomeAt(r: number, t: number, step: number): void {
    this.requests.outcome[r] = step;
    this.sim.schedule(t, this.outcomeKind, r);
  }

  /**
   * A pre-roll request (t < 0): answered at once by the visit's sticky
   * address or, after failed connects, the next ones (as BurstsInstantVisits
   * does), so the pre-roll warms the caches and sessions but queues nothing.
   */
  private serveAtOnce(t: number, host: number, v: number, line: string, object: number): void {
    const visits = this.visits;
    const ctx = this.ctx;
    const rec = this.warmupRecording;
    const base = v * ctx.serverCount;
    const from = base + visits.index[v]!;
    const serving = ctx.serveAlong(
      visits.answer,
      from,
      base + visits.candidates[v]!,
      t,
      rec,
      false,
    );
    if (ctx.timeouts > 0) visits.timeouts[v]! += ctx.timeouts;
    if (visits.blamed[v]! < 0) visits.blamed[v] = ctx.blamed;
    if (serving >= 0) {
      rec.serve(ctx.server, serving, ctx.at);
      ctx.accessLog?.served(serving, ctx.at, line, host);
      this.sessions?.served(host, serving);
      this.content?.served(host, serving, object, false);
      visits.index[v] = ctx.position - base;
      return;
    }
    rec.failedRequest(ctx.at);
    visits.failed[v] = 1;
    visits.index[v] = 0;
  }
}
