import type { VisitRecording } from "../../metrics/index.js";
import type { Scenario } from "../../scenario/index.js";
import type { VisitContext } from "./context.js";

/** The most connect timeouts one visit can pay (sizes the delay histogram; capped). */
export function maxTimeoutsPerVisit(s: Scenario): number {
  return Math.min(65536, s.clients.requestsPerVisit * s.servers.length);
}

/**
 * Rate-driven visits served at once (the fast path: servers without
 * capacity). One visit, start to end: resolve, pick an address by the
 * clients' selection policy, make the visit's requests to it (sticky), walk
 * the answer on failed connects when the policy allows failover, and count
 * it all. Clients are not objects: a visit is generated, resolved, served
 * and counted on the spot, in one reused answer buffer.
 */
export class RateInstantVisits {
  private readonly answer: Int32Array;
  /** One request per visit, no client caches, no access log: the common visit may take `startQuick`. */
  private readonly quick: boolean;

  constructor(private readonly ctx: VisitContext) {
    this.answer = new Int32Array(ctx.serverCount);
    this.quick =
      ctx.clients.requestsPerVisit === 1 && !ctx.accessLog && !ctx.resolution.clientCaches;
  }

  /** Served at once: no visit is ever under way between events. */
  readonly visitsInFlight = 0;

  /** A visit arriving at t; `counting` is false during warm-up (no outage accounting). */
  start(t: number, rec: VisitRecording, counting: boolean): void {
    const ctx = this.ctx;
    // `=== true`: one compare, where a field's truthiness is V8's generic
    // test (false, "", undetectable, a number, a bigint: 9 instructions more).
    if (this.quick === true && ctx.outages.activeOutages === 0) {
      this.startQuick(t, rec, counting);
      return;
    }
    const k = ctx.clients.requestsPerVisit;
    rec.visit(t, k);
    if (counting && ctx.outages.activeOutages > 0) ctx.outages.requestsArrived(t, k);
    this.afterLookup(t, rec, counting, ctx.lookup(t, rec, this.answer));
  }

  /**
   * The common visit in few calls, with the same draws and counts as the
   * general way: a fresh answer from its resolver's cache, the address
   * chosen, a live connect at once, all counted by one `servedAtOnce`.
   * Anything else goes on the general way from where it stands.
   */
  private startQuick(t: number, rec: VisitRecording, counting: boolean): void {
    const ctx = this.ctx;
    const answer = this.answer;
    const len = ctx.resolution.freshAnswer(t, answer);
    if (len === 0) {
      rec.visit(t, 1);
      this.afterLookup(t, rec, counting, ctx.lookupWith(ctx.resolution.resolver, t, rec, answer));
      return;
    }
    ctx.delay = 0;
    const candidates = ctx.select(answer, len);
    const server = answer[0]!;
    // An address with no outage answers itself (what `connect` finds, without its lookup).
    const host = ctx.alwaysUp[server] === 1 ? server : ctx.connect(server, t);
    if (host >= 0) {
      rec.servedAtOnce(t, server, host);
      return;
    }
    rec.visit(t, 1);
    rec.lookup(t, true, false);
    this.makeRequests(t, t, rec, counting, candidates);
  }

  /** After the lookup: `candidates` addresses to try (0: it failed), from t plus its delay. */
  private afterLookup(t: number, rec: VisitRecording, counting: boolean, candidates: number): void {
    const ctx = this.ctx;
    // Lookup delay (issue 11 §2, src/model/lookup-timing.ts): the visit's
    // requests start, or it gives up, once its lookup has ended.
    const start = t + ctx.delay;
    if (candidates === 0) {
      rec.failedRequest(start, ctx.clients.requestsPerVisit);
      rec.visitEnded(t, true, 0);
      return;
    }
    this.makeRequests(t, start, rec, counting, candidates);
  }

  /**
   * The visit's requests, sticky to one address, from `start` (its arrival t
   * plus the lookup delay); failover walks the answer on failure.
   */
  private makeRequests(
    t: number,
    start: number,
    rec: VisitRecording,
    counting: boolean,
    candidates: number,
  ): void {
    const ctx = this.ctx;
    const answer = this.answer;
    const log = ctx.accessLog;
    const client = log ? ctx.nextClient() : -1;
    const { requestsPerVisit: k, requestInterval, connectTimeout: timeout } = ctx.clients;
    let timeouts = 0;
    let index = 0;
    let failed = false;
    let blamed = -1;
    for (let j = 0; j < k; j++) {
      const host = ctx.serveAlong(
        answer,
        index,
        candidates,
        start + j * requestInterval + timeouts * timeout,
        rec,
        counting,
      );
      timeouts += ctx.timeouts;
      if (blamed < 0) blamed = ctx.blamed;
      if (host >= 0) {
        index = ctx.position;
        rec.serve(ctx.server, host, ctx.at);
        if (log) log.served(host, ctx.at, "", client);
      } else {
        rec.failedRequest(ctx.at);
        failed = true;
        index = 0;
      }
    }
    rec.visitEnded(t, failed, timeouts);
    if (failed && counting && blamed >= 0) ctx.outages.visitFailed(blamed);
  }
}
