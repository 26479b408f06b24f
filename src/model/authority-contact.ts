import type { IntervalSet } from "./intervals.js";
import type { ServerTroubleModel } from "./policies/server-trouble.js";

/** How a resolver's attempt to reach the authority ended (`AuthorityContact.ask`). */
export const ASK = {
  /** The authority answered at once: an ordinary cache miss. */
  NOW: 0,
  /** The authority answered a later send, at `end`: the query was held until then. */
  LATER: 1,
  /** The resolver gave up with SERVFAIL at `end` (at once when `end` is the query's time). */
  SERVFAIL: 2,
  /** The resolver never answered (dnsmasq): the client's stub gives up. */
  SILENT: 3,
} as const;
export type AskResult = (typeof ASK)[keyof typeof ASK];

/** Most sends one client query is simulated through (each advances time; a bound, never reached in practice). */
const MAX_SENDS = 256;
const NEVER = Number.NEGATIVE_INFINITY;

/**
 * Each troubled resolver's view of the authority, as parallel typed arrays:
 * its retransmit timeout, failed sends in a row, until when it skips the
 * server (down or throttled) and for how many more queries, until when it
 * answers a cached SERVFAIL, and the query it is working on (clients asking
 * meanwhile join it and get what it gets, when it gets it). A query's sends
 * are played out when it arrives, against the authority's known outage
 * schedule: a send at s is answered if the authority is up at s. Nothing is
 * allocated per query.
 */
export class AuthorityContact {
  /** Each kind's trouble model, and each resolver's kind. */
  private readonly models: readonly (ServerTroubleModel | undefined)[];
  private readonly kindOf: Uint8Array;
  private readonly rto: Float64Array;
  private readonly fails: Int32Array;
  private readonly skipUntil: Float64Array;
  private readonly skipLeft: Float64Array;
  private readonly servfailUntil: Float64Array;
  /** The query in flight ends at `pendingUntil` with `pendingResult` (an ASK code). */
  readonly pendingUntil: Float64Array;
  readonly pendingResult: Uint8Array;
  /** Mean seconds between the resolver's incoming queries (dnsmasq forwards again on each). */
  private readonly meanGap: Float64Array;
  private readonly lastQuery: Float64Array;
  /** When the last `ask` ended (the answer's or the SERVFAIL's time). */
  end = 0;
  /** Whether the last `ask` was an Unbound probe (a single send others do not join). */
  private probing = false;

  constructor(
    /** Each kind's trouble model (undefined: none) and each resolver's kind. */
    models: {
      readonly kinds: readonly (ServerTroubleModel | undefined)[];
      readonly of: Uint8Array;
    },
    /** Seconds a refused send (port closed: an ICMP error) costs: the round trip. */
    private readonly rtt: number,
    /** Stub's per-try timeout: it retransmits to the resolver that often. */
    private readonly stubTimeout: number,
  ) {
    const n = models.of.length;
    this.models = models.kinds;
    this.kindOf = models.of;
    const first = models.kinds.map((m) => m?.firstTimeout ?? 0);
    this.rto = new Float64Array(n);
    for (let i = 0; i < n; i++) this.rto[i] = first[models.of[i]!]!;
    this.fails = new Int32Array(n);
    this.skipUntil = new Float64Array(n).fill(NEVER);
    this.skipLeft = new Float64Array(n);
    this.servfailUntil = new Float64Array(n).fill(NEVER);
    this.pendingUntil = new Float64Array(n).fill(NEVER);
    this.pendingResult = new Uint8Array(n);
    this.meanGap = new Float64Array(n).fill(stubTimeout);
    this.lastQuery = new Float64Array(n).fill(NEVER);
  }

  /** Notes a query reaching resolver r at t (for dnsmasq's forward-again spacing). */
  noteQuery(r: number, t: number): void {
    const last = this.lastQuery[r]!;
    if (last > NEVER && t > last) this.meanGap[r]! += (t - last - this.meanGap[r]!) / 8;
    this.lastQuery[r] = t;
  }

  /**
   * Resolver r needs the authority at t: plays out its sends (`refused[tag]`
   * is 1 for outages whose port is closed) and returns how the query ends;
   * `end` says when. Records the query as in flight until then.
   */
  ask(r: number, t: number, authDown: IntervalSet, refused: Uint8Array): AskResult {
    const m = this.models[this.kindOf[r]!]!;
    this.probing = false;
    const result = this.play(m, r, t, authDown, refused);
    // Unbound's probe is not joined: queries meanwhile find the server unusable.
    if (this.end > t && !this.probing) {
      this.pendingUntil[r] = this.end;
      this.pendingResult[r] = result;
    }
    return result;
  }

  private play(
    m: ServerTroubleModel,
    r: number,
    t: number,
    authDown: IntervalSet,
    refused: Uint8Array,
  ): AskResult {
    this.end = t;
    if (t < this.servfailUntil[r]!) return ASK.SERVFAIL;
    let s = t;
    let sendLimit = m.sendsPerQuery;
    if (t < this.skipUntil[r]! && this.skipLeft[r]! > 0) {
      if (m.downFailsAtOnce) {
        this.skipLeft[r]!--;
        return this.fail(m, r, t);
      }
      s = this.skipUntil[r]!;
    } else if (m.probeAlone && this.rto[r]! >= m.downAtTimeout) {
      // Unbound's probe: one send; the next is allowed timeout + 1–2 s after it began.
      this.probing = true;
      sendLimit = 1;
      this.skip(r, t + m.downFor + m.downForRto * this.rto[r]!, m.downQueries);
    }
    if (m.holds) return this.hold(r, t, authDown);
    const deadline = t + m.queryLimit;
    let sends = 0;
    for (let i = 0; i < MAX_SENDS && s < deadline; i++) {
      const segment = authDown.indexAt(s);
      if (segment < 0) {
        this.answered(m, r);
        this.end = s;
        return s === t ? ASK.NOW : ASK.LATER;
      }
      const portClosed = refused[authDown.tags[segment]!] === 1 && !m.icmpIgnored;
      const rto = this.rto[r]!;
      s += portClosed ? this.rtt : rto;
      sends++;
      this.fails[r]!++;
      this.rto[r] = Math.min(m.maxTimeout, rto * m.backoff);
      if (portClosed && m.refusedThrottle > 0) {
        this.skip(r, s + m.refusedThrottle, m.refusedQueries);
        return this.giveUp(m, r, s);
      }
      if (!portClosed && m.throttleAfterTimeout > 0)
        this.skip(r, s + m.throttleAfterTimeout, m.throttleQueries);
      if (this.probing) return this.giveUp(m, r, s);
      if (m.probeAlone && this.rto[r]! >= m.downAtTimeout) {
        // Unbound: the timeout has reached PROBE_MAXRTO, so this resolution's
        // next send is the probe, which sets the probe delay as it starts.
        this.skip(r, s + m.downFor + m.downForRto * this.rto[r]!, m.downQueries);
        if (authDown.indexAt(s) < 0) continue;
        this.fails[r]!++;
        this.rto[r] = Math.min(m.maxTimeout, this.rto[r]! * m.backoff);
        return this.giveUp(m, r, s);
      }
      if (this.rto[r]! >= m.downAtTimeout || this.fails[r]! >= m.downAfterFails) {
        this.skip(r, s + m.downFor + m.downForRto * this.rto[r]!, m.downQueries);
        if (m.downFailsAtOnce) return this.giveUp(m, r, s);
        // Knot: a dead address is only retried after its interval.
        if (s < this.skipUntil[r]!) s = this.skipUntil[r]!;
      }
      if (sends >= sendLimit) return this.giveUp(m, r, s);
    }
    return this.giveUp(m, r, Math.min(s, deadline));
  }

  /**
   * dnsmasq keeps the query and forwards it again with every query it gets
   * for the name (or the stub's retransmission, whichever comes first): the
   * held query is answered by the first such forward after the return, when
   * no later outage has begun by then. Whether the client still waits is the
   * caller's business (the stub's timeout × attempts).
   */
  private hold(r: number, t: number, authDown: IntervalSet): AskResult {
    const segment = authDown.indexAt(t);
    if (segment < 0) return ASK.NOW;
    const spacing = Math.max(1e-3, Math.min(this.meanGap[r]!, this.stubTimeout));
    const back = authDown.ends[segment]!;
    const answeredAt = t + Math.ceil((back - t) / spacing) * spacing;
    this.end = answeredAt;
    if (authDown.indexAt(answeredAt) >= 0) return ASK.SILENT;
    return ASK.LATER;
  }

  /** The server answered: Unbound resets its timeout, PowerDNS clears fails and throttles. */
  private answered(m: ServerTroubleModel, r: number): void {
    this.rto[r] = m.firstTimeout;
    this.fails[r] = 0;
    this.skipUntil[r] = NEVER;
    this.skipLeft[r] = 0;
  }

  private skip(r: number, until: number, queries: number): void {
    if (until >= this.skipUntil[r]!) {
      this.skipUntil[r] = until;
      this.skipLeft[r] = queries;
    }
  }

  /** The resolver's sends ran out at `at`: SERVFAIL, or no reply at all (dnsmasq, Unbound). */
  private giveUp(m: ServerTroubleModel, r: number, at: number): AskResult {
    if (m.silentGiveUp) {
      this.end = at;
      return ASK.SILENT;
    }
    return this.fail(m, r, at);
  }

  /** SERVFAIL at `at` (cached for `servfailCache` seconds). */
  private fail(m: ServerTroubleModel, r: number, at: number): AskResult {
    this.end = at;
    if (m.holds) return ASK.SILENT;
    if (m.servfailCache > 0) this.servfailUntil[r] = at + m.servfailCache;
    return ASK.SERVFAIL;
  }
}
