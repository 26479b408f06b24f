import type { Simulator } from "../../engine/index.js";
import { ReplayRequestSlots, ReplayVisitSlots } from "./burst-slots.js";
import { Bursts, type BurstsOptions } from "./bursts.js";
import { QueuedAttempts } from "./queued-attempts.js";
import { Step } from "./steps.js";

/**
 * BurstsInstantVisits' per-host visits (a burst: one lookup, one sticky address,
 * failover on failed connects; the driver: Bursts) in front of servers with
 * capacity: each request is offered to its server's FIFO queue (ServerFleet)
 * at the time it reaches it, so it can wait, be refused or dropped, or be
 * answered too late.
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
 * `onError` within `retries`, as RateQueuedVisits' do (QueuedAttempts); `next`
 * moves the visit's sticky address on, as a failover does. Requests of a
 * session workload's pre-roll (t < 0: it only warms the caches, unrecorded)
 * are answered at once, without queueing: the servers start empty at t = 0.
 */
export class BurstsQueuedVisits extends Bursts<ReplayVisitSlots> {
  /** Bursts the host has begun (a warm-up split keeps the burst, not the visit slot). */
  private readonly burstOf: Int32Array;
  private readonly requests: ReplayRequestSlots;
  private readonly attempts: QueuedAttempts;
  private readonly sim: Simulator;

  constructor(options: BurstsOptions & { readonly sim: Simulator }) {
    const { ctx, sim } = options;
    const visits = new ReplayVisitSlots(ctx.serverCount);
    super(options, visits);
    this.sim = sim;
    this.burstOf = new Int32Array(options.resolverOfHost.length);
    const requests = new ReplayRequestSlots();
    this.requests = requests;
    this.attempts = new QueuedAttempts({
      ctx,
      sim,
      requests,
      visits,
      drive: (r, t, step) => this.drive(r, t, step),
    });
  }

  /** Requests under way (for tests: every one ends). */
  get requestsInFlight(): number {
    return this.requests.inUse;
  }

  /** Visits not yet ended (open, or closed with requests under way). */
  get visitsInFlight(): number {
    return this.rows.inUse;
  }

  protected newRow(host: number): number {
    this.burstOf[host]!++;
    return this.rows.acquire();
  }

  /** A new slot with the old one's answer and address (the old one ends when its requests have). */
  protected carryOver(old: number): number {
    const visits = this.rows;
    const n = this.ctx.serverCount;
    const v = visits.acquire();
    visits.candidates[v] = visits.candidates[old]!;
    visits.index[v] = visits.index[old]!;
    visits.answer.copyWithin(v * n, old * n, old * n + n);
    return v;
  }

  protected override reset(v: number, t: number, counting: boolean): void {
    super.reset(v, t, counting);
    this.rows.pending[v] = 0;
    this.rows.closed[v] = 0;
  }

  /** The burst is over: its requests are counted now; it ends when the last under way has. */
  protected closeRow(v: number): void {
    this.countVisit(v);
    this.rows.closed[v] = 1;
    if (this.rows.pending[v] === 0) this.end(v);
  }

  protected serve(
    t: number,
    at: number,
    host: number,
    v: number,
    line: string,
    object: number,
  ): void {
    // A pre-roll request (uncounted: the warm-up is never negative) is answered at
    // once, so the pre-roll warms the caches and sessions but queues nothing.
    if (t < 0) {
      this.serveRow(at, host, v, line, object);
      return;
    }
    const visits = this.rows;
    const requests = this.requests;
    const r = requests.acquire();
    requests.visit[r] = v;
    requests.client[r] = host;
    requests.burst[r] = this.burstOf[host]!;
    requests.index[r] = visits.index[v]!;
    requests.server[r] = visits.answer[v * this.ctx.serverCount + visits.index[v]!]!;
    requests.retries[r] = 0;
    requests.object[r] = object;
    requests.line[r] = line;
    visits.pending[v]!++;
    if (at > t) this.sim.schedule(at, this.attempts.sendKind, r);
    else this.drive(r, t, Step.SEND);
  }

  private end(v: number): void {
    this.endVisit(v);
    this.rows.release(v);
  }

  /** Runs the request's steps that happen at time t, until it waits for an event or ends. */
  private drive(r: number, t: number, first: number): void {
    const requests = this.requests;
    const v = requests.visit[r]!;
    const counting = this.rows.counting[v] === 1;
    const rec = this.recording(counting);
    const step = this.attempts.run(r, v, t, rec, first);
    if (step === Step.WAIT) return;
    if (step === Step.ANSWERED) {
      const host = requests.host[r]!;
      const client = requests.client[r]!;
      rec.serve(requests.server[r]!, host, requests.sentAt[r]!);
      // The server logs a request when it has answered it: now.
      this.ctx.accessLog?.served(host, t, requests.line[r]!, client);
      // A visit's server (fragmentation) is its first answer's, while its burst is the host's current one.
      if (this.sessions && this.hosts.open[client] && this.burstOf[client] === requests.burst[r])
        this.sessions.served(client, host);
      this.content?.served(client, host, requests.object[r]!, counting);
    }
    this.endRequest(r, v);
  }

  private endRequest(r: number, v: number): void {
    this.requests.release(r);
    const visits = this.rows;
    if (--visits.pending[v]! === 0 && visits.closed[v]) this.end(v);
  }
}
