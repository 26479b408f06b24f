import type { AccessLogRecording, OutageRecording, VisitRecording } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";
import type { FailurePlan } from "./failures.js";
import type { SelectionContext, SelectionPolicy } from "./policies/selection.js";
import type { Resolution } from "./resolution.js";
import { takeoverHost } from "./takeover-host.js";

/** The most connect timeouts one visit can pay (sizes the delay histogram; capped). */
export function maxTimeoutsPerVisit(s: Scenario): number {
  return Math.min(65536, s.clients.requestsPerVisit * s.servers.length);
}

export interface VisitSettings {
  readonly serverCount: number;
  readonly requestsPerVisit: number;
  /** Seconds between a visit's requests. */
  readonly requestInterval: number;
  /** Seconds a connect to a black-holed address costs. */
  readonly connectTimeout: number;
  readonly selection: SelectionPolicy;
  readonly selectionContext: SelectionContext;
}

/**
 * One visit, start to end: resolve, pick an address by the clients'
 * selection policy, make the visit's requests to it (sticky), walk the
 * answer on failed connects when the policy allows failover, and count it
 * all. Clients are not objects: a visit is generated, resolved, served and
 * counted on the spot, in one reused answer buffer.
 */
export class Visit {
  private readonly answer: Int32Array;
  /** Visits so far (only counted with access logs: a client id when there are no client caches). */
  private visits = 0;

  constructor(
    private readonly settings: VisitSettings,
    private readonly resolution: Resolution,
    private readonly plan: FailurePlan,
    private readonly outages: OutageRecording,
    private readonly accessLog?: AccessLogRecording,
  ) {
    this.answer = new Int32Array(settings.serverCount);
  }

  /** A visit arriving at t; `counting` is false during warm-up (no outage accounting). */
  run(t: number, rec: VisitRecording, counting: boolean): void {
    const k = this.settings.requestsPerVisit;
    rec.visit(t, k);
    if (counting && this.outages.activeOutages > 0) this.outages.requestsArrived(t, k);
    const len = this.resolution.resolve(t, rec, this.answer);
    // Lookup delay (issue 11 §2, src/model/lookup-timing.ts): the visit's
    // requests start, or it gives up, once its lookup has ended.
    const start = t + this.resolution.lastDelay;
    if (len === 0) {
      rec.failedRequest(start, k);
      rec.visitEnded(t, true, 0);
      return;
    }
    const candidates = this.settings.selection(this.answer, len, this.settings.selectionContext);
    this.makeRequests(t, start, rec, counting, candidates, this.accessLog ? this.client() : -1);
  }

  /**
   * Who the access logs name as the visit's client: its client index with
   * client caches (a client returns), else a fresh number per visit (nothing
   * tells two visits of one person apart).
   */
  private client(): number {
    const visit = this.visits++;
    const client = this.resolution.lastClient;
    return client >= 0 ? client : visit;
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
    client: number,
  ): void {
    const answer = this.answer;
    const log = this.accessLog;
    const { down, attemptTimeouts, takenOver } = this.plan;
    const { requestsPerVisit: k, requestInterval, connectTimeout: timeout } = this.settings;
    let timeouts = 0;
    let index = 0;
    let server = answer[0]!;
    let failed = false;
    let blamed = -1;
    for (let j = 0; j < k; j++) {
      let tq = start + j * requestInterval + timeouts * timeout;
      for (;;) {
        const segment = down[server]!.indexAt(tq);
        if (segment < 0) {
          rec.serve(server, server, tq);
          if (log) log.served(server, tq, "", client);
          break;
        }
        if (takenOver[server]!.contains(tq)) {
          const host = takeoverHost(this.plan, this.settings.serverCount, server, tq);
          if (host >= 0) {
            rec.serve(server, host, tq);
            if (log) log.served(host, tq, "", client);
            break;
          }
        }
        rec.failedAttempt(server, tq);
        const outage = down[server]!.tags[segment]!;
        if (counting) this.outages.deadAttempt(outage, tq);
        if (blamed < 0) blamed = outage;
        const cost = attemptTimeouts[server]![segment]!;
        if (cost > 0) {
          timeouts += cost;
          tq += cost * timeout;
        }
        if (index + 1 < candidates) {
          server = answer[++index]!;
          continue;
        }
        rec.failedRequest(tq);
        failed = true;
        index = 0;
        server = answer[0]!;
        break;
      }
    }
    rec.visitEnded(t, failed, timeouts);
    if (failed && counting && blamed >= 0) this.outages.visitFailed(blamed);
  }
}
