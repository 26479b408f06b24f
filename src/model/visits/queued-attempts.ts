import type { Simulator } from "../../engine/index.js";
import type { VisitRecording } from "../../metrics/index.js";
import { Erred, type VisitContext } from "./context.js";
import { Step } from "./steps.js";

/** A queued request's state, a slot each: the address it tries and the attempt under way. */
export interface AttemptSlots {
  /** Index in the visit's answer of the address in use, the address, and the host serving it. */
  index: Int32Array;
  server: Int32Array;
  host: Int32Array;
  retries: Int32Array;
  /** When the current attempt reached its server. */
  sentAt: Float64Array;
  /** The step the pending outcome event resumes with. */
  outcome: Uint8Array;
  /** Who the access logs name as the request's client. */
  client: Int32Array | Float64Array;
}

/** The visit a queued request belongs to, a slot each: its answer, sticky address and what it met. */
export interface AttemptVisitSlots {
  candidates: Int32Array;
  /** The sticky address: its index in the answer (a failover moves it on). */
  index: Int32Array;
  /** The visit's answer: slot × serverCount. */
  answer: Int32Array;
  timeouts: Int32Array;
  /** The first outage the visit met (blamed if it fails), −1 if none. */
  blamed: Int32Array;
  failed: Uint8Array;
  counting: Uint8Array;
}

/** What the client does after a refusal or timeout (`errorAction`). */
const GIVE_UP = 0;
const NEXT_ADDRESS = 1;
const RETRY_LATER = 2;

export interface QueuedAttemptsOptions {
  readonly ctx: VisitContext;
  readonly sim: Simulator;
  readonly requests: AttemptSlots;
  readonly visits: AttemptVisitSlots;
  /** The owner's state machine, resumed at `step` by the events scheduled here. */
  readonly drive: (request: number, t: number, step: number) => void;
}

/**
 * A request's attempts at servers with capacity, written once for both
 * queued paths (rate-queued.ts, where a visit's requests are sequential and
 * one slot holds both, and bursts-queued.ts, where a burst's requests are
 * under way at once, each in a slot of its own): the connect (dead
 * addresses cost connect timeouts and move the request, and its visit's
 * sticky address, along the answer), the offer to the server's queue, and
 * the client's `onError` after a refusal or timeout. Outcomes come back as
 * events that resume the owner's `drive` at the stored step.
 */
export class QueuedAttempts {
  /** The event kind that (re)sends a request: its payload is the request slot. */
  readonly sendKind: number;
  private readonly outcomeKind: number;
  /**
   * Engine lanes (events scheduled in non-decreasing time): per worker its
   * answers, the client's timeouts (now + timeout) and its retries (now +
   * retryDelay). Only the failed connects' ends, a varying number of connect
   * timeouts after now, go to the queue's heap.
   */
  private readonly answerLanes: Int32Array;
  private readonly timeoutLane: number;
  private readonly retryLane: number;
  private readonly ctx: VisitContext;
  private readonly sim: Simulator;
  private readonly requests: AttemptSlots;
  private readonly visits: AttemptVisitSlots;

  constructor(options: QueuedAttemptsOptions) {
    const { sim, drive, requests } = options;
    this.ctx = options.ctx;
    this.sim = sim;
    this.requests = requests;
    this.visits = options.visits;
    this.sendKind = sim.on((r, t) => drive(r, t, Step.SEND));
    this.outcomeKind = sim.on((r, t) => drive(r, t, requests.outcome[r]!));
    this.answerLanes = Int32Array.from({ length: this.ctx.workerCount }, () =>
      sim.lane(this.outcomeKind),
    );
    this.timeoutLane = sim.lane(this.outcomeKind);
    this.retryLane = sim.lane(this.sendKind);
  }

  /**
   * Runs request r's (of visit v) steps at time t from `step`: its attempts
   * (SEND) and the client's `onError` (ERRED), until it is answered, has
   * failed (recorded by `fail`) or waits for an event; returns ANSWERED,
   * FAILED or WAIT.
   */
  run(r: number, v: number, t: number, rec: VisitRecording, step: number): number {
    for (;;) {
      if (step === Step.SEND) step = this.attempt(r, v, t, rec);
      else if (step === Step.ERRED) step = this.afterError(r, v, t, rec);
      else break;
    }
    if (step === Step.FAILED) this.fail(r, v, t, rec);
    return step;
  }

  /** One attempt of request r (of visit v) at time t; returns the next step. */
  private attempt(r: number, v: number, t: number, rec: VisitRecording): number {
    const requests = this.requests;
    const visits = this.visits;
    const ctx = this.ctx;
    const alwaysUp = ctx.alwaysUp;
    for (;;) {
      const server = requests.server[r]!;
      // An address with no outage answers itself (what `connect` finds, without its lookup).
      const host = alwaysUp[server] === 1 ? server : ctx.connect(server, t);
      if (host < 0) {
        const cost = ctx.deadConnect(server, t, rec, visits.counting[v] === 1);
        if (visits.blamed[v]! < 0) visits.blamed[v] = ctx.outage;
        const more = this.moveOn(r, v);
        if (cost > 0) {
          visits.timeouts[v]! += cost;
          const at = t + cost * ctx.connectTimeout;
          if (more) this.sim.schedule(at, this.sendKind, r);
          else this.outcomeAt(r, at, Step.FAILED);
          return Step.WAIT;
        }
        if (more) continue;
        return Step.FAILED;
      }
      const end = ctx.offer(rec, server, host, requests.client[r]!, t);
      if (end === Erred.NOW) return Step.ERRED;
      if (end === Erred.AT_TIMEOUT) {
        this.outcomeOn(this.timeoutLane, r, t + ctx.queuedSettings.timeout, Step.ERRED);
        return Step.WAIT;
      }
      requests.host[r] = host;
      requests.sentAt[r] = t;
      // outcomeOn, written out: the answer's time stays unboxed (no call that V8 leaves out of line).
      requests.outcome[r] = Step.ANSWERED;
      this.sim.scheduleOn(this.answerLanes[ctx.worker]!, end, r);
      return Step.WAIT;
    }
  }

  /** After a refusal or timeout at time t: the client's `onError`, within its retry budget; returns the next step. */
  private afterError(r: number, v: number, t: number, rec: VisitRecording): number {
    const requests = this.requests;
    const action = this.errorAction(
      requests.retries[r]!,
      requests.index[r]! + 1 < this.visits.candidates[v]!,
    );
    if (action === GIVE_UP) return Step.FAILED;
    requests.retries[r]!++;
    rec.retry(t);
    if (action === NEXT_ADDRESS) {
      this.moveOn(r, v);
      return Step.SEND;
    }
    this.sim.scheduleOn(this.retryLane, t + this.ctx.queuedSettings.retryDelay, r);
    return Step.WAIT;
  }

  /**
   * The request ran out of addresses or retries at time t: recorded, its
   * visit failed, and (as in the fast path) the visit's next request starts
   * at the answer's first address.
   */
  private fail(r: number, v: number, t: number, rec: VisitRecording): void {
    const visits = this.visits;
    rec.failedRequest(t);
    visits.failed[v] = 1;
    visits.index[v] = 0;
    this.requests.server[r] = visits.answer[v * this.ctx.serverCount]!;
  }

  /**
   * The client's `onError` after a refusal or timeout, within its retry
   * budget: give the request up, try the answer's next address now (when
   * there is one), or the same address after `retryDelay`. The caller counts
   * the retry (rec.retry) on the last two.
   */
  private errorAction(retriesSoFar: number, hasNextAddress: boolean): number {
    const { onError, retries } = this.ctx.queuedSettings;
    if (onError === "give-up" || retriesSoFar >= retries) return GIVE_UP;
    if (onError === "next") return hasNextAddress ? NEXT_ADDRESS : GIVE_UP;
    return RETRY_LATER;
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

  private outcomeAt(r: number, t: number, step: number): void {
    this.requests.outcome[r] = step;
    this.sim.schedule(t, this.outcomeKind, r);
  }

  /** `outcomeAt` on one of the outcome kind's lanes. */
  private outcomeOn(lane: number, r: number, t: number, step: number): void {
    this.requests.outcome[r] = step;
    this.sim.scheduleOn(lane, t, r);
  }
}
