import { perServerSums, sumOf } from "./bin-sums.js";
import { DelayHistogram } from "./delay-histogram.js";
import type { VisitRecording } from "./recording.js";

/**
 * Streams every observation into counters and fixed time bins: nothing is
 * kept per request or per visit, so its memory is O(servers × bins) whatever
 * the number of visits (the fine per-outage bins behind drain times are the
 * OutageTracker's). The model calls these methods directly from its hot
 * loop; they only index typed arrays.
 */
export class Recorder implements VisitRecording {
  readonly serverCount: number;
  readonly binSeconds: number;
  readonly binCount: number;
  readonly duration: number;

  /** Per server: attempts that failed at its address (attempts, serves and host load: the getters below). */
  readonly failedAttempts: Float64Array;

  // Per-bin series (index bin * serverCount + server for per-server ones).
  readonly binServed: Float64Array;
  readonly binAttempts: Float64Array;
  readonly binFailedAttempts: Float64Array;
  readonly binHostLoad: Float64Array;
  readonly binVisits: Float64Array;
  readonly binRequests: Float64Array;
  readonly binFailedRequests: Float64Array;
  readonly binFailedVisits: Float64Array;
  readonly binUnresolved: Float64Array;
  readonly binAuthQueries: Float64Array;
  readonly binLookups: Float64Array;
  readonly binHits: Float64Array;
  readonly binStale: Float64Array;

  failedRequests = 0;
  failedVisits = 0;
  unresolvedVisits = 0;
  /** Lookups answered only once the authority came back, and the seconds they waited. */
  heldLookups = 0;
  heldLookupSeconds = 0;
  servfailVisits = 0;
  noAnswerVisits = 0;
  totalFailedAttempts = 0;
  authQueries = 0;
  staleAnswers = 0;
  clientCacheHits = 0;
  /** timeoutHistogram[k]: visits that paid k connect timeouts (last slot: k or more). */
  readonly timeoutHistogram: Float64Array;

  /** Connect timeouts paid, summed over visits, and the most any one visit paid (exact). */
  timeoutSum = 0;
  maxTimeouts = 0;

  /** Lookup delays (seconds) above 0, streamed; the other visits waited 0. */
  readonly lookupDelays = new DelayHistogram();
  /** Seconds waited by visits whose lookup failed (no answer, SERVFAIL), summed. */
  failedLookupSeconds = 0;
  // Servers with capacity only: attempts at live servers that failed, per
  // server and per bin (index bin * 3 + ATTEMPT_ERROR kind), and retries.
  readonly erred: Float64Array;
  readonly binErred: Float64Array;
  readonly binRetries: Float64Array;
  totalErred = 0;
  retries = 0;
  /**
   * `maxTimeouts` sizes the histogram behind the delay percentiles; visits
   * that pay more share its last slot (their sum and maximum stay exact).
   */
  constructor(serverCount: number, duration: number, binSeconds: number, maxTimeouts = 64) {
    this.serverCount = serverCount;
    this.duration = duration;
    this.binSeconds = binSeconds;
    this.binCount = Math.max(1, Math.ceil(duration / binSeconds));
    // One extra bin past the horizon catches a visit's late requests and
    // retries, so they count in the totals without piling into the last bin.
    const bins = this.binCount + 1;
    const perServer = bins * serverCount;
    this.failedAttempts = new Float64Array(serverCount);
    this.binServed = new Float64Array(perServer);
    this.binAttempts = new Float64Array(perServer);
    this.binFailedAttempts = new Float64Array(perServer);
    this.binHostLoad = new Float64Array(perServer);
    this.binVisits = new Float64Array(bins);
    this.binRequests = new Float64Array(bins);
    this.binFailedRequests = new Float64Array(bins);
    this.binFailedVisits = new Float64Array(bins);
    this.binUnresolved = new Float64Array(bins);
    this.binAuthQueries = new Float64Array(bins);
    this.binLookups = new Float64Array(bins);
    this.binHits = new Float64Array(bins);
    this.binStale = new Float64Array(bins);
    this.timeoutHistogram = new Float64Array(maxTimeouts + 1);
    this.erred = new Float64Array(serverCount * 3);
    this.binErred = new Float64Array(bins * 3);
    this.binRetries = new Float64Array(bins);
  }

  // Totals that are sums of bins: every call that counts one of these counts
  // its bin too, so the totals are summed once when read rather than
  // incremented per request (about 60 instructions per request on the
  // capacity path, valgrind). The counts are integers, so the sums are exact
  // whatever their order: the same numbers as running totals. Each read sums
  // the bins afresh: read once, not per server.

  /** Per server: attempts sent to its address (served, failed or erred). */
  get attempts(): Float64Array {
    return perServerSums(this.binAttempts, this.serverCount);
  }

  /** Per server: requests served at its address. */
  get served(): Float64Array {
    return perServerSums(this.binServed, this.serverCount);
  }

  /** Per server: requests each host actually carried (differs from `served` under IP takeover). */
  get hostLoad(): Float64Array {
    return perServerSums(this.binHostLoad, this.serverCount);
  }

  get totalAttempts(): number {
    return sumOf(this.binAttempts);
  }

  get servedRequests(): number {
    return sumOf(this.binServed);
  }

  get visits(): number {
    return sumOf(this.binVisits);
  }

  get requests(): number {
    return sumOf(this.binRequests);
  }

  get lookups(): number {
    return sumOf(this.binLookups);
  }

  get hits(): number {
    return sumOf(this.binHits);
  }

  /**
   * Bin of time t; times at or past the horizon (a visit's late requests)
   * land in the overflow bin. Divided for at every call: keeping the last
   * time's bin (a visit's counts share its arrival time) cost its test and
   * two stores at every call, more than the division saved (the fast path's
   * visits each have a time of their own: 36 instructions per visit,
   * valgrind).
   */
  bin(t: number): number {
    let b = this.binCount;
    if (t < this.duration) {
      // Truncation, not Math.floor: the quotient is below binCount (an
      // int32), and where it differs (t in (−binSeconds, 0)) both clamp to
      // 0. An int32 bin keeps the index arithmetic in integers (about 24
      // fewer instructions per request on the capacity path, valgrind).
      b = (t / this.binSeconds) | 0;
      b = b < this.binCount ? (b < 0 ? 0 : b) : this.binCount - 1;
    }
    return b;
  }

  visit(t: number, requestCount: number): void {
    this.visitIn(this.bin(t), requestCount);
  }

  lookup(t: number, hit: boolean, stale: boolean): void {
    this.lookupIn(this.bin(t), hit, stale);
  }

  /**
   * The fast path's common visit in one call, its bin found once: one
   * request, a fresh answer from the resolver's cache, and a connect to
   * `server`'s address that `host` served at once, at its arrival t. The
   * same counts as visit, lookup (a hit), serve and visitEnded (no failure,
   * no timeout).
   */
  servedAtOnce(t: number, server: number, host: number): void {
    // The end's counts with no failure and no timeout: the histogram's slot
    // 0; the sum and the maximum of timeouts stay as they are (+0 added, 0
    // compared: neither moves them).
    const b = this.bin(t);
    this.visitIn(b, 1);
    this.lookupIn(b, true, false);
    this.serveIn(b, server, host);
    this.timeoutHistogram[0]!++;
  }

  private visitIn(b: number, requestCount: number): void {
    this.binVisits[b]!++;
    this.binRequests[b]! += requestCount;
  }

  private lookupIn(b: number, hit: boolean, stale: boolean): void {
    this.binLookups[b]!++;
    if (hit) this.binHits[b]!++;
    if (stale) {
      this.staleAnswers++;
      this.binStale[b]!++;
    }
  }

  authQuery(t: number): void {
    this.authQueries++;
    this.binAuthQueries[this.bin(t)]!++;
  }

  serve(server: number, host: number, t: number): void {
    this.serveIn(this.bin(t), server, host);
  }

  private serveIn(b: number, server: number, host: number): void {
    const i = b * this.serverCount;
    this.binAttempts[i + server]!++;
    this.binServed[i + server]!++;
    this.binHostLoad[i + host]!++;
  }

  /**
   * Pooled connections (scenario `connections`): `count` requests carried to
   * `server` in bin `b`. Each is a request made, an attempt and a serve at
   * its address; a pooled request pays no connect of its own, and no
   * address takeover applies, so the host is the address.
   */
  servedInBin(server: number, b: number, count: number): void {
    const i = b * this.serverCount + server;
    this.binRequests[b]! += count;
    this.binAttempts[i]! += count;
    this.binServed[i]! += count;
    this.binHostLoad[i]! += count;
  }

  /** Pooled connections: `count` requests in bin `b` whose client had no open connection: made, and failed. */
  unservedInBin(b: number, count: number): void {
    this.binRequests[b]! += count;
    this.failedRequests += count;
    this.binFailedRequests[b]! += count;
  }

  failedAttempt(server: number, t: number): void {
    const i = this.bin(t) * this.serverCount + server;
    this.totalFailedAttempts++;
    this.failedAttempts[server]!++;
    this.binAttempts[i]!++;
    this.binFailedAttempts[i]!++;
  }

  /** A request that failed after every attempt its client makes (or had no address). */
  failedRequest(t: number, count = 1): void {
    this.failedRequests += count;
    this.binFailedRequests[this.bin(t)]! += count;
  }

  /** Closes a visit: whether any of its requests failed, and how many connect timeouts it paid. */
  visitEnded(t: number, failed: boolean, timeouts: number): void {
    // The bin only when counted: a visit with no failure has no per-bin count.
    this.endedIn(failed ? this.bin(t) : 0, failed, timeouts);
  }

  private endedIn(b: number, failed: boolean, timeouts: number): void {
    if (failed) {
      this.failedVisits++;
      this.binFailedVisits[b]!++;
    }
    const slot =
      timeouts < this.timeoutHistogram.length ? timeouts : this.timeoutHistogram.length - 1;
    this.timeoutHistogram[slot]!++;
    this.timeoutSum += timeouts;
    if (timeouts > this.maxTimeouts) this.maxTimeouts = timeouts;
  }

  lookupDelay(seconds: number, failed: boolean, held = false): void {
    this.lookupDelays.add(seconds);
    if (failed) this.failedLookupSeconds += seconds;
    if (held) {
      this.heldLookups++;
      this.heldLookupSeconds += seconds;
    }
  }

  /** An attempt at a live server failed: refused, dropped or timed out (ATTEMPT_ERROR); counts as an attempt. */
  erredAttempt(server: number, t: number, kind: number): void {
    const b = this.bin(t);
    this.totalErred++;
    this.binAttempts[b * this.serverCount + server]!++;
    this.erred[server * 3 + kind]!++;
    this.binErred[b * 3 + kind]!++;
  }

  retry(t: number): void {
    this.retries++;
    this.binRetries[this.bin(t)]!++;
  }

  clientCacheHit(_t: number): void {
    this.clientCacheHits++;
  }

  unresolved(t: number, servfail: boolean): void {
    this.unresolvedVisits++;
    if (servfail) this.servfailVisits++;
    else this.noAnswerVisits++;
    this.binUnresolved[this.bin(t)]!++;
  }
}
