import {
  type AccessLogRecording,
  ATTEMPT_ERROR,
  type OutageRecording,
  type VisitRecording,
} from "../../metrics/index.js";
import type { OnError } from "../../scenario/index.js";
import type { FailurePlan } from "../failures.js";
import type { SelectionContext, SelectionPolicy } from "../policies/selection.js";
import type { Resolution } from "../resolution.js";
import { Offer, type ServerFleet } from "../servers/fleet.js";
import { takeoverHost } from "../takeover-host.js";

/** What every visit needs to know of its clients, whatever drives it and whatever serves it. */
export interface ClientSettings {
  readonly serverCount: number;
  readonly requestsPerVisit: number;
  /** Seconds between a visit's requests (queued: from one's answer or failure to the next). */
  readonly requestInterval: number;
  /** Seconds a connect to a black-holed address costs. */
  readonly connectTimeout: number;
  readonly selection: SelectionPolicy;
  readonly selectionContext: SelectionContext;
}

/** How clients treat servers with capacity (the queued path): every field defaulted by scenario/resolve. */
export interface QueuedClientSettings {
  /** Seconds a client waits for an answer from a live server. */
  readonly timeout: number;
  readonly onError: OnError;
  /** Most extra attempts per request after refusals or timeouts. */
  readonly retries: number;
  readonly retryDelay: number;
}

export interface VisitContextOptions {
  readonly clients: ClientSettings;
  readonly resolution: Resolution;
  readonly plan: FailurePlan;
  readonly outages: OutageRecording;
  readonly accessLog?: AccessLogRecording | undefined;
  /** Servers with capacity and how clients treat them (the queued path only). */
  readonly fleet?: ServerFleet | undefined;
  readonly queued?: QueuedClientSettings | undefined;
}

/** What `offer` returns when the client gets no answer in time (else the answer's time, ≥ 0). */
export const enum Erred {
  /** The server refused at once: the client's `onError` runs now. */
  NOW = -1,
  /** Dropped, or answered later than the client waits: `onError` runs at t + timeout. */
  AT_TIMEOUT = -2,
}

/**
 * The steps every visit takes, written once for the four ways of running
 * them (rate-driven visits or per-host bursts, served at once or queued):
 * the lookup and the address choice, the connect to an address (live, taken
 * over, or dead and paid for with connect timeouts), the walk along the
 * answer on failed connects, and an attempt at a server with capacity (the
 * client's `onError` after it: queued-attempts.ts). Results of a step that has more than one are left in
 * public fields (no object is allocated per visit or request).
 */
export class VisitContext {
  readonly clients: ClientSettings;
  readonly resolution: Resolution;
  readonly plan: FailurePlan;
  readonly outages: OutageRecording;
  readonly accessLog: AccessLogRecording | undefined;
  readonly serverCount: number;
  readonly connectTimeout: number;
  /**
   * Per address: 1 if it is never down, so a connect always reaches it and
   * callers skip `connect` (and its interval lookup) for it.
   */
  readonly alwaysUp: Uint8Array;

  /** `lookup`/`lookupHost`: seconds the lookup kept the client waiting. */
  delay = 0;
  /** `lookupHost`: until when its answer is valid for the host (its TTL as shown, or the host's cache). */
  validUntil = Number.NEGATIVE_INFINITY;
  /** `connect`: the down segment of the address at that time (valid when it returned −1). */
  private segment = -1;
  /** `deadConnect`: the outage the failed connect met. */
  outage = -1;
  /** `serveAlong`: the address tried last, where it stands in the answer, and when the request reached it. */
  server = 0;
  position = 0;
  at = 0;
  /** `serveAlong`: connect timeouts paid, and the first outage met (−1 if none). */
  timeouts = 0;
  blamed = -1;

  private readonly fleet: ServerFleet | undefined;
  private readonly queued: QueuedClientSettings | undefined;
  /** Visits so far (access logs: a client's name when there are no client caches). */
  private visits = 0;

  constructor(options: VisitContextOptions) {
    this.clients = options.clients;
    this.resolution = options.resolution;
    this.plan = options.plan;
    this.outages = options.outages;
    this.accessLog = options.accessLog;
    this.fleet = options.fleet;
    this.queued = options.queued;
    this.serverCount = options.clients.serverCount;
    this.connectTimeout = options.clients.connectTimeout;
    this.alwaysUp = Uint8Array.from(this.plan.down, (segments) => (segments.length === 0 ? 1 : 0));
  }

  /** The fleet's workers, over all servers (0 without capacity): a lane each for their answers. */
  get workerCount(): number {
    return this.fleet?.workerCount ?? 0;
  }

  /** After `offer` returned an end: the worker serving the request (0 .. workerCount − 1). */
  get worker(): number {
    return this.fleet!.worker;
  }

  /** The queued path's client settings (defined exactly when the servers have capacity). */
  get queuedSettings(): QueuedClientSettings {
    return this.queued!;
  }

  /**
   * A rate-driven visit's lookup at t, into `answer`: the addresses its
   * client will try (0: none, the lookup failed), `delay` the seconds it waited.
   */
  lookup(t: number, rec: VisitRecording, answer: Int32Array): number {
    return this.chosen(this.resolution.resolve(t, rec, answer), answer);
  }

  /** A rate-driven visit's lookup through a resolver already drawn (`Resolution.freshAnswer`): as `lookup`. */
  lookupWith(resolver: number, t: number, rec: VisitRecording, answer: Int32Array): number {
    return this.chosen(this.resolution.resolveWith(resolver, t, rec, answer), answer);
  }

  /** A host's lookup at t through its own resolver (and cache): as `lookup`. */
  lookupHost(host: number, resolver: number, t: number, rec: VisitRecording, answer: Int32Array) {
    const len = this.chosen(this.resolution.resolveHost(host, resolver, t, rec, answer), answer);
    this.validUntil = this.resolution.lastValidUntil;
    return len;
  }

  /** After a lookup that wrote `len` addresses: its delay, and how many of them the client tries (0: none). */
  private chosen(len: number, answer: Int32Array): number {
    this.delay = this.resolution.lastDelay;
    return len === 0 ? 0 : this.select(answer, len);
  }

  /** The clients' selection policy on an answer of `len` ≥ 1 addresses: how many it tries, in order. */
  select(answer: Int32Array, len: number): number {
    return this.clients.selection(answer, len, this.clients.selectionContext);
  }

  /**
   * Who the access logs name as a rate-driven visit's client: its client
   * index with client caches (a client returns), else a fresh number per
   * visit (nothing tells two visits of one person apart).
   */
  nextClient(): number {
    const visit = this.visits++;
    const client = this.resolution.lastClient;
    return client >= 0 ? client : visit;
  }

  /**
   * A connect to address `server` at t: the host that answers it (the
   * server itself, or the live one that took its address over), or −1 when
   * the address is dead (then `deadConnect` records and prices it).
   */
  connect(server: number, t: number): number {
    const segment = this.plan.down[server]!.indexAt(t);
    this.segment = segment;
    if (segment < 0) return server;
    return this.plan.takenOver[server]!.contains(t)
      ? takeoverHost(this.plan, this.serverCount, server, t)
      : -1;
  }

  /**
   * The failed connect `connect` just found: recorded (and charged to its
   * outage when counting), `outage` set; returns how many connect timeouts
   * it cost (0: refused at once).
   */
  deadConnect(server: number, t: number, rec: VisitRecording, counting: boolean): number {
    const segment = this.segment;
    rec.failedAttempt(server, t);
    const outage = this.plan.down[server]!.tags[segment]!;
    if (counting) this.outages.deadAttempt(outage, t);
    this.outage = outage;
    return this.plan.attemptTimeouts[server]![segment]!;
  }

  /**
   * One request served at once, from the address at `answer[from]` at time
   * t, failing over along the answer up to (not including) `answer[end]` on
   * failed connects: returns the serving host, or −1 when every address
   * failed. Leaves `server` and `position` (the address served, or tried
   * last, and where it stands in `answer`), `at` (t plus the connect
   * timeouts paid), `timeouts` and `blamed`. Uncounted (warm-up) requests
   * charge no outage.
   */
  serveAlong(
    answer: Int32Array,
    from: number,
    end: number,
    t: number,
    rec: VisitRecording,
    counting: boolean,
  ): number {
    let position = from;
    let tq = t;
    let timeouts = 0;
    let blamed = -1;
    let host = -1;
    let server = answer[position]!;
    for (;;) {
      host = this.connect(server, tq);
      if (host >= 0) break;
      const cost = this.deadConnect(server, tq, rec, counting);
      if (blamed < 0) blamed = this.outage;
      if (cost > 0) {
        timeouts += cost;
        tq += cost * this.connectTimeout;
      }
      if (position + 1 < end) {
        server = answer[++position]!;
        continue;
      }
      break;
    }
    this.server = server;
    this.position = position;
    this.at = tq;
    this.timeouts = timeouts;
    this.blamed = blamed;
    return host;
  }

  /**
   * One attempt at a live server with capacity at time t (the queued path):
   * the attempt is queued at `host` (the address `server` or the host that
   * took it over), a refusal or timeout is recorded and logged (503 at the
   * refusal, 499 when the late answer leaves), and the answer time is
   * returned (≥ t), or Erred.NOW / Erred.AT_TIMEOUT.
   */
  offer(rec: VisitRecording, server: number, host: number, client: number, t: number): number {
    const end = this.fleet!.offer(host, t);
    const accessLog = this.accessLog;
    if (end === Offer.REFUSED) {
      rec.erredAttempt(server, t, ATTEMPT_ERROR.REFUSED);
      accessLog?.unanswered(host, t, client, 503);
      return Erred.NOW;
    }
    if (end === Offer.DROPPED) {
      rec.erredAttempt(server, t, ATTEMPT_ERROR.DROPPED);
      return Erred.AT_TIMEOUT;
    }
    // The client gives up at t + timeout (the same sum schedules its error), so
    // an answer at exactly that time is in time: `end - t > timeout` would
    // decide the tie by the rounding of end - t, differently for every t.
    if (end > t + this.queued!.timeout) {
      rec.erredAttempt(server, t, ATTEMPT_ERROR.TIMED_OUT);
      accessLog?.unanswered(host, end, client, 499);
      return Erred.AT_TIMEOUT;
    }
    return end;
  }
}
