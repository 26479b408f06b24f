import type { Simulator } from "../engine/index.js";
import type { AccessLogRecording, OutageRecording, VisitRecording } from "../metrics/index.js";
import type { OnError } from "../scenario/index.js";
import type { FailurePlan } from "./failures.js";
import type { SelectionContext, SelectionPolicy } from "./policies/selection.js";
import type { Resolution } from "./resolution.js";
import {
  ERRED_AT_TIMEOUT,
  ERRED_NOW,
  errorAction,
  GIVE_UP,
  NEXT_ADDRESS,
  offerAttempt,
  type ServerFleet,
} from "./servers/index.js";
import { takeoverHost } from "./takeover-host.js";
import { VisitSlots } from "./visit-slots.js";

export interface RequestFlowSettings {
  readonly serverCount: number;
  readonly requestsPerVisit: number;
  /** Seconds from a request's answer (or failure) to the visit's next request. */
  readonly requestInterval: number;
  /** Seconds a connect to a black-holed address costs. */
  readonly connectTimeout: number;
  /** Seconds a client waits for an answer from a live server. */
  readonly timeout: number;
  readonly onError: OnError;
  /** Most extra attempts per request after refusals or timeouts. */
  readonly retries: number;
  readonly retryDelay: number;
  readonly selection: SelectionPolicy;
  readonly selectionContext: SelectionContext;
}

// The steps of a visit's state machine; an outcome event resumes at the step stored in its slot.
const SEND = 0;
const ANSWERED = 1;
const ERRED = 2;
const FAILED = 3;
const NEXT = 4;
const WAIT = 5;

/**
 * Visits whose requests are events (servers with capacity): each request
 * reaches its server at its own time, in time order, so it can queue, and a
 * failure, withdrawal or takeover that begins mid-visit affects exactly the
 * requests after it. A visit's requests are sequential: the next one leaves
 * `requestInterval` after the previous one's answer or failure (with instant
 * answers this is the fast path's schedule, t + j · interval + timeouts).
 *
 * Dead servers are handled as in the fast path (src/model/visit.ts): a
 * failed connect, at once or after the connect timeout, then the next
 * address if the selection fails over. A live server's refusal or a timeout
 * (the queue dropped the request, or the answer came later than `timeout`)
 * leads to `onError`: the next address, the same one after `retryDelay`, or
 * giving the request up, at most `retries` times per request.
 */
export class RequestFlow {
  private readonly slots: VisitSlots;
  /** The answer is resolved here, then copied into the visit's slot (no view allocated per visit). */
  private readonly scratch: Int32Array;
  private readonly sendKind: number;
  private readonly outcomeKind: number;
  /** With access logs: each slot's client (see Visit's client rule), and visits so far. */
  private clientOf = new Float64Array(0);
  private visits = 0;

  constructor(
    private readonly settings: RequestFlowSettings,
    private readonly resolution: Resolution,
    private readonly plan: FailurePlan,
    private readonly outages: OutageRecording,
    private readonly fleet: ServerFleet,
    private readonly sim: Simulator,
    private readonly measured: VisitRecording,
    private readonly warmup: VisitRecording,
    private readonly accessLog?: AccessLogRecording,
  ) {
    this.slots = new VisitSlots(settings.serverCount);
    this.scratch = new Int32Array(settings.serverCount);
    this.sendKind = sim.on((slot, t) => this.drive(slot, t, SEND));
    this.outcomeKind = sim.on((slot, t) => this.drive(slot, t, this.slots.outcome[slot]!));
  }

  /** Visits under way (for tests: the pool is reused, not grown per visit). */
  get visitsInFlight(): number {
    return this.slots.inUse;
  }

  /** A visit arriving at t; `counting` is false during warm-up. */
  start(t: number, counting: boolean): void {
    const rec = counting ? this.measured : this.warmup;
    const k = this.settings.requestsPerVisit;
    rec.visit(t, k);
    if (counting && this.outages.activeOutages > 0) this.outages.requestsArrived(t, k);
    const n = this.settings.serverCount;
    const slots = this.slots;
    const answer = this.scratch;
    const len = this.resolution.resolve(t, rec, answer);
    // Lookup delay (src/model/lookup-timing.ts): the first request leaves, or
    // the visit gives up, once the lookup has ended.
    const delay = this.resolution.lastDelay;
    if (len === 0) {
      rec.failedRequest(t + delay, k);
      rec.visitEnded(t, true, 0);
      return;
    }
    const candidates = this.settings.selection(answer, len, this.settings.selectionContext);
    const slot = slots.acquire();
    const row = slots.answer;
    for (let i = 0, base = slot * n; i < candidates; i++) row[base + i] = answer[i]!;
    slots.candidates[slot] = candidates;
    slots.arrival[slot] = t;
    slots.request[slot] = 0;
    slots.index[slot] = 0;
    slots.server[slot] = answer[0]!;
    slots.timeouts[slot] = 0;
    slots.retries[slot] = 0;
    slots.blamed[slot] = -1;
    slots.failed[slot] = 0;
    slots.counting[slot] = counting ? 1 : 0;
    if (this.accessLog) this.rememberClient(slot);
    if (delay > 0) this.sim.schedule(t + delay, this.sendKind, slot);
    else this.drive(slot, t, SEND);
  }

  /** Runs the visit's steps that happen at time t, until it waits for an event or ends. */
  private drive(slot: number, t: number, first: number): void {
    const slots = this.slots;
    const rec = slots.counting[slot] ? this.measured : this.warmup;
    let step = first;
    for (;;) {
      switch (step) {
        case SEND:
          step = this.attempt(slot, t, rec);
          break;
        case ANSWERED:
          rec.serve(slots.server[slot]!, slots.host[slot]!, slots.sentAt[slot]!);
          // The server logs a request when it has answered it: now.
          this.accessLog?.served(slots.host[slot]!, t, "", this.clientOf[slot]!);
          step = NEXT;
          break;
        case ERRED:
          step = this.afterError(slot, t, rec);
          break;
        case FAILED:
          rec.failedRequest(t);
          slots.failed[slot] = 1;
          slots.index[slot] = 0;
          slots.server[slot] = slots.answer[slot * this.settings.serverCount]!;
          step = NEXT;
          break;
        case NEXT: {
          const j = slots.request[slot]! + 1;
          slots.request[slot] = j;
          slots.retries[slot] = 0;
          if (j === this.settings.requestsPerVisit) {
            this.end(slot, rec);
            return;
          }
          const interval = this.settings.requestInterval;
          if (interval > 0) {
            this.sim.schedule(t + interval, this.sendKind, slot);
            return;
          }
          step = SEND;
          break;
        }
        default:
          return;
      }
    }
  }

  /** One attempt of the current request at time t; returns the next step. */
  private attempt(slot: number, t: number, rec: VisitRecording): number {
    const slots = this.slots;
    const { down, attemptTimeouts, takenOver } = this.plan;
    const n = this.settings.serverCount;
    for (;;) {
      const server = slots.server[slot]!;
      const segment = down[server]!.indexAt(t);
      let host = server;
      if (segment >= 0) {
        host = takenOver[server]!.contains(t) ? takeoverHost(this.plan, n, server, t) : -1;
      }
      if (host < 0) {
        rec.failedAttempt(server, t);
        const outage = down[server]!.tags[segment]!;
        if (slots.counting[slot]) this.outages.deadAttempt(outage, t);
        if (slots.blamed[slot]! < 0) slots.blamed[slot] = outage;
        const cost = attemptTimeouts[server]![segment]!;
        const more = slots.index[slot]! + 1 < slots.candidates[slot]!;
        if (more) {
          const index = slots.index[slot]! + 1;
          slots.index[slot] = index;
          slots.server[slot] = slots.answer[slot * n + index]!;
        }
        if (cost > 0) {
          slots.timeouts[slot] = slots.timeouts[slot]! + cost;
          if (more) this.sim.schedule(t + cost * this.settings.connectTimeout, this.sendKind, slot);
          else this.outcomeAt(slot, t + cost * this.settings.connectTimeout, FAILED);
          return WAIT;
        }
        if (more) continue;
        return FAILED;
      }
      const timeout = this.settings.timeout;
      const end = offerAttempt(
        this.fleet,
        rec,
        this.accessLog,
        server,
        host,
        this.clientOf[slot]!,
        t,
        timeout,
      );
      if (end === ERRED_NOW) return ERRED;
      if (end === ERRED_AT_TIMEOUT) {
        this.outcomeAt(slot, t + timeout, ERRED);
        return WAIT;
      }
      slots.host[slot] = host;
      slots.sentAt[slot] = t;
      this.outcomeAt(slot, end, ANSWERED);
      return WAIT;
    }
  }

  /** After a refusal or timeout at time t: the client's `onError`, within its retry budget. */
  private afterError(slot: number, t: number, rec: VisitRecording): number {
    const slots = this.slots;
    const index = slots.index[slot]! + 1;
    const n = this.settings.serverCount;
    const action = errorAction(
      this.settings.onError,
      slots.retries[slot]!,
      this.settings.retries,
      index < slots.candidates[slot]!,
    );
    if (action === GIVE_UP) return FAILED;
    slots.retries[slot] = slots.retries[slot]! + 1;
    rec.retry(t);
    if (action === NEXT_ADDRESS) {
      slots.index[slot] = index;
      slots.server[slot] = slots.answer[slot * n + index]!;
      return SEND;
    }
    this.sim.schedule(t + this.settings.retryDelay, this.sendKind, slot);
    return WAIT;
  }

  /** The slot's client for the access logs: its client index with client caches, else the visit's number. */
  private rememberClient(slot: number): void {
    if (slot >= this.clientOf.length) {
      const grown = new Float64Array(this.slots.capacity);
      grown.set(this.clientOf);
      this.clientOf = grown;
    }
    const visit = this.visits++;
    const client = this.resolution.lastClient;
    this.clientOf[slot] = client >= 0 ? client : visit;
  }

  private outcomeAt(slot: number, t: number, step: number): void {
    this.slots.outcome[slot] = step;
    this.sim.schedule(t, this.outcomeKind, slot);
  }

  private end(slot: number, rec: VisitRecording): void {
    const slots = this.slots;
    const failed = slots.failed[slot] === 1;
    rec.visitEnded(slots.arrival[slot]!, failed, slots.timeouts[slot]!);
    const blamed = slots.blamed[slot]!;
    if (failed && slots.counting[slot] && blamed >= 0) this.outages.visitFailed(blamed);
    this.slots.release(slot);
  }
}
