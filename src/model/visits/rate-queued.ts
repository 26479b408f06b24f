import type { Simulator } from "../../engine/index.js";
import type { VisitRecording } from "../../metrics/index.js";
import type { VisitContext } from "./context.js";
import { QueuedAttempts } from "./queued-attempts.js";
import { Step } from "./steps.js";
import { VisitSlots } from "./visit-slots.js";

export interface QueuedVisitsOptions {
  readonly ctx: VisitContext;
  readonly sim: Simulator;
  /** Where visits arriving at or after the warm-up are counted, and where those before it are. */
  readonly measured: VisitRecording;
  readonly warmup: VisitRecording;
}

/**
 * Visits whose requests are events (servers with capacity): each request
 * reaches its server at its own time, in time order, so it can queue, and a
 * failure, withdrawal or takeover that begins mid-visit affects exactly the
 * requests after it. A visit's requests are sequential: the next one leaves
 * `requestInterval` after the previous one's answer or failure (with instant
 * answers this is the fast path's schedule, t + j · interval + timeouts).
 *
 * Dead servers are handled as in the fast path (rate-instant.ts): a
 * failed connect, at once or after the connect timeout, then the next
 * address if the selection fails over. A live server's refusal or a timeout
 * (the queue dropped the request, or the answer came later than `timeout`)
 * leads to `onError`: the next address, the same one after `retryDelay`, or
 * giving the request up, at most `retries` times per request. The attempts
 * are QueuedAttempts', a visit's slot standing for its current request too.
 */
export class RateQueuedVisits {
  private readonly slots: VisitSlots;
  /** The answer is resolved here, then copied into the visit's slot (no view allocated per visit). */
  private readonly scratch: Int32Array;
  private readonly attempts: QueuedAttempts;
  /** The visits' next requests, requestInterval after an answer or failure: a lane (non-decreasing times). */
  private readonly nextLane: number;

  private readonly ctx: VisitContext;
  private readonly sim: Simulator;
  private readonly measured: VisitRecording;
  private readonly warmup: VisitRecording;

  constructor(options: QueuedVisitsOptions) {
    const { ctx, sim } = options;
    this.ctx = ctx;
    this.sim = sim;
    this.measured = options.measured;
    this.warmup = options.warmup;
    this.slots = new VisitSlots(ctx.serverCount);
    this.scratch = new Int32Array(ctx.serverCount);
    this.attempts = new QueuedAttempts({
      ctx,
      sim,
      requests: this.slots,
      visits: this.slots,
      drive: (slot, t, step) => this.drive(slot, t, step),
    });
    this.nextLane = sim.lane(this.attempts.sendKind);
  }

  /** Visits under way (for tests: the pool is reused, not grown per visit). */
  get visitsInFlight(): number {
    return this.slots.inUse;
  }

  /** A visit arriving at t, counted in `rec`; `counting` is false during warm-up. */
  start(t: number, rec: VisitRecording, counting: boolean): void {
    const ctx = this.ctx;
    const k = ctx.clients.requestsPerVisit;
    rec.visit(t, k);
    if (counting && ctx.outages.activeOutages > 0) ctx.outages.requestsArrived(t, k);
    const n = ctx.serverCount;
    const slots = this.slots;
    const answer = this.scratch;
    const candidates = ctx.lookup(t, rec, answer);
    // Lookup delay (src/model/lookup-timing.ts): the first request leaves, or
    // the visit gives up, once the lookup has ended.
    const delay = ctx.delay;
    if (candidates === 0) {
      rec.failedRequest(t + delay, k);
      rec.visitEnded(t, true, 0);
      return;
    }
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
    // Who the access logs name: the client index with client caches, else the visit's number.
    if (ctx.accessLog) slots.client[slot] = ctx.nextClient();
    if (delay > 0) this.sim.schedule(t + delay, this.attempts.sendKind, slot);
    else this.drive(slot, t, Step.SEND);
  }

  /** Runs the visit's steps that happen at time t, until it waits for an event or ends. */
  private drive(slot: number, t: number, first: number): void {
    const slots = this.slots;
    const rec = slots.counting[slot] ? this.measured : this.warmup;
    const { requestsPerVisit, requestInterval } = this.ctx.clients;
    for (let step = first; ; step = Step.SEND) {
      step = this.attempts.run(slot, slot, t, rec, step);
      if (step === Step.WAIT) return;
      if (step === Step.ANSWERED) {
        rec.serve(slots.server[slot]!, slots.host[slot]!, slots.sentAt[slot]!);
        // The server logs a request when it has answered it: now.
        this.ctx.accessLog?.served(slots.host[slot]!, t, "", slots.client[slot]!);
      }
      // Answered or failed: the visit's next request, if any.
      const j = slots.request[slot]! + 1;
      slots.request[slot] = j;
      slots.retries[slot] = 0;
      if (j === requestsPerVisit) {
        this.end(slot, rec);
        return;
      }
      if (requestInterval > 0) {
        this.sim.scheduleOn(this.nextLane, t + requestInterval, slot);
        return;
      }
    }
  }

  private end(slot: number, rec: VisitRecording): void {
    const slots = this.slots;
    const failed = slots.failed[slot] === 1;
    rec.visitEnded(slots.arrival[slot]!, failed, slots.timeouts[slot]!);
    const blamed = slots.blamed[slot]!;
    if (failed && slots.counting[slot] && blamed >= 0) this.ctx.outages.visitFailed(blamed);
    this.slots.release(slot);
  }
}
