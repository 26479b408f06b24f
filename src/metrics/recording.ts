/**
 * What the model writes while it runs: the interfaces World calls, so the
 * model depends on these and never on the concrete counters (Recorder,
 * OutageTracker), which the run layer builds and hands over. Every method
 * is called from the hot loop and must only update counters.
 *
 * Times are simulated seconds; servers are indices into the scenario's list.
 */

/** Visits, lookups and connection attempts. */
export interface VisitRecording {
  /** A visit arrived at t and will make `requestCount` requests. */
  visit(t: number, requestCount: number): void;
  /** The visit's client answered from its own (browser / stub) cache. */
  clientCacheHit(t: number): void;
  /** A caching resolver answered: from a live record (`hit`), a stale one, or after a fetch. */
  lookup(t: number, hit: boolean, stale: boolean): void;
  /** The authoritative server received a query. */
  authQuery(t: number): void;
  /** A request to `server`'s address was served by `host` (itself, or the host that took it over). */
  serve(server: number, host: number, t: number): void;
  /** A connection attempt to a dead `server` failed. */
  failedAttempt(server: number, t: number): void;
  /** `count` requests failed after every attempt their client makes (or had no address). */
  failedRequest(t: number, count?: number): void;
  /**
   * The fast path's common visit in one call: one request, a fresh answer
   * from the resolver's cache (a hit), and `server`'s address served by
   * `host` at once, all at t. The same as visit(t, 1), lookup(t, true,
   * false), serve(server, host, t) and visitEnded(t, false, 0).
   */
  servedAtOnce(t: number, server: number, host: number): void;
  /** The visit ended; whether any request failed, and how many connect timeouts it paid. */
  visitEnded(t: number, failed: boolean, timeouts: number): void;
  /**
   * The visit's lookup kept its client waiting `seconds` (> 0: a visit not
   * reported here waited 0, as cache hits do); `failed`: it ended without an
   * address, so this was time waited for nothing; `held`: it got an address
   * only once the authority came back (a resolver held the query).
   */
  lookupDelay(seconds: number, failed: boolean, held?: boolean): void;
  /** The visit got no address (SERVFAIL, or no answer at all). */
  unresolved(t: number, servfail: boolean): void;
  /**
   * An attempt at a live server with capacity failed (servers with capacity
   * only): `kind` is one of ATTEMPT_ERROR (refused by a full queue, dropped
   * by one, or timed out at the client).
   */
  erredAttempt(server: number, t: number, kind: number): void;
  /** A client tried again after a refusal or timeout (the next address or the same one). */
  retry(t: number): void;
}

/** How an attempt at a live server with capacity failed. */
export const ATTEMPT_ERROR = { REFUSED: 0, DROPPED: 1, TIMED_OUT: 2 } as const;

/**
 * What servers with capacity see, by time (not by visit): the server-side
 * view, like an access log. Times before the warm-up are ignored by the
 * implementation.
 */
export interface ServerRecording {
  /** A request reached `host` at t and found `inSystem` requests there (waiting or in service). */
  arrived(host: number, t: number, inSystem: number): void;
  /** The request arriving at t waits until `start` and is answered at `end`. */
  accepted(host: number, t: number, start: number, end: number): void;
  /** The request arriving at t found the queue full: refused, or silently dropped. */
  overflowed(host: number, t: number, dropped: boolean): void;
}

/** Per-outage accounting; outages are indices into the failure plan's list. */
export interface OutageRecording {
  /** How many outages are under way now (0: the per-request calls can be skipped). */
  readonly activeOutages: number;
  begin(outage: number): void;
  end(outage: number): void;
  /** Requests arriving at t, towards every active outage's fair-share baseline. */
  requestsArrived(t: number, count: number): void;
  /** An attempt at the outage's dead address at t. */
  deadAttempt(outage: number, t: number): void;
  /** A visit failed, blamed on this outage (its first dead address). */
  visitFailed(outage: number): void;
}

/**
 * Per-request output, opt-in (`rrdns run --access-logs`): each request a
 * server saw, as the line its access log gets. The implementation streams
 * it out; nothing is retained per request. Calls are made only when an
 * access log is given (the hot loops test for it once per visit).
 */
export interface AccessLogRecording {
  /**
   * `server` (the host that answered: a takeover host for a taken-over
   * address) answered a request at t. `line` is the original log line of a
   * replayed trace, or "" for a generated request, whose client is `client`
   * (a client index, a host of the session workload, or a visit number).
   */
  served(server: number, t: number, line: string, client: number): void;
  /**
   * Servers with capacity: `server`'s full queue refused the request of
   * `client` at t (status 503), or the server answered it at t after the
   * client had given up waiting (status 499, as nginx logs a client that
   * closed the connection). A silently dropped request never reached the
   * server's application, so it is not logged.
   */
  unanswered(server: number, t: number, client: number, status: 503 | 499): void;
}

/** One pool change as the results list it: when, which server, added or removed. */
export interface PoolChangeEntry {
  readonly at: number;
  readonly kind: "add" | "remove";
  readonly server: number;
}

/** What connection-pool clients do (scenario `connections`): counters by server and time bin. */
export interface ConnectionRecording {
  /** `count` requests went over connections to `server` in time bin `bin`, which were open `seconds` in total there. */
  served(server: number, bin: number, count: number, seconds: number): void;
  /** A connection to `server` opened (or closed) at t. */
  opened(server: number, t: number): void;
  closed(server: number, t: number): void;
  /** A client looked the name up at t (asked its resolver; a runtime's cached answer is not a lookup). */
  resolved(t: number): void;
  /** A connect to a server that had reset its connections failed. */
  failedConnect(server: number, t: number): void;
  /** `count` requests found their client with no open connection, over [from, to) (seconds). */
  unserved(count: number, from: number, to: number): void;
  /** Change `change` of the pool reached a milestone `seconds` after it took effect. */
  milestone(change: number, kind: "fill" | "drain" | "rebalance", seconds: number): void;
  /** The autoscaling rule added or withdrew a server: the next change (numbered after the scheduled ones). */
  poolChanged(change: PoolChangeEntry): void;
  /** The autoscaling rule ran at t: average utilisation over the interval just ended, servers before and after. */
  autoscaled(t: number, utilisation: number, from: number, to: number): void;
}
