/**
 * How a real resolver talks to an authority that stopped answering: its
 * retransmit timeouts and their back-off, how many sends one client query
 * may cost, when it declares the server down and for how long it then
 * answers SERVFAIL without asking, how long it caches the SERVFAIL, and
 * whether it holds the query instead. One record of numbers per daemon,
 * each from the daemon's own documentation and source (named per field);
 * src/model/authority-contact.ts runs them. The abstract behaviours (rotate,
 * frozen, …) have none: they are the closed forms' model and fail at once.
 */
export interface ServerTroubleModel {
  /** Label for docs and tests. */
  readonly daemon: string;
  /** Retransmit timeout of the first send to a server that answered before, s. */
  readonly firstTimeout: number;
  /** Factor the timeout grows by after each timeout (1: constant). */
  readonly backoff: number;
  /** Largest retransmit timeout, s. */
  readonly maxTimeout: number;
  /** Most sends one client query makes before the resolver gives up on it. */
  readonly sendsPerQuery: number;
  /** Longest the resolver works on one client query before it gives up, s. */
  readonly queryLimit: number;
  /** The server is declared down once its timeout has grown to this, s (Infinity: never by timeout). */
  readonly downAtTimeout: number;
  /** …or after this many failed sends in a row (Infinity: never by count). */
  readonly downAfterFails: number;
  /** Seconds a down server is skipped: `downFor + downForRto × timeout`. */
  readonly downFor: number;
  readonly downForRto: number;
  /** Queries a down server may absorb before it is tried again (PowerDNS throttles by count too). */
  readonly downQueries: number;
  /**
   * Whether a query that finds the server down gets SERVFAIL at once (Unbound,
   * PowerDNS) or waits for the next send the resolver may make (Knot, whose
   * dead-server interval only delays its retries).
   */
  readonly downFailsAtOnce: boolean;
  /** Seconds a SERVFAIL the resolver gave stays in its cache (answered at once meanwhile). */
  readonly servfailCache: number;
  /**
   * A timeout that makes the server skipped for this many seconds (or
   * `throttleQueries` queries), without declaring it down (PowerDNS's
   * per-name throttle); 0: none.
   */
  readonly throttleAfterTimeout: number;
  readonly throttleQueries: number;
  /** A refused send (port closed) skips the server for this many seconds (PowerDNS: 60); 0: none. */
  readonly refusedThrottle: number;
  readonly refusedQueries: number;
  /**
   * dnsmasq: never answers SERVFAIL for a timeout; it keeps the query and
   * forwards it again with every query it receives for the name, so the
   * held query is answered by the first forward after the return.
   */
  readonly holds: boolean;
  /**
   * Unbound: an ICMP port unreachable is not an answer. Its connected UDP
   * socket's recvfrom fails with ECONNREFUSED and the read is dropped
   * (util/netevent.c, comm_point_udp_callback), so the send waits out its
   * timeout as if black-holed.
   */
  readonly icmpIgnored: boolean;
  /**
   * A query whose sends ran out gets no reply at all (Unbound, measured by
   * the harness: "none" for every query joined to such a resolution, never
   * a late SERVFAIL); false: SERVFAIL when it gives up.
   */
  readonly silentGiveUp: boolean;
  /**
   * Unbound's probe (services/cache/infra.c, infra_host): once the timeout
   * has reached `downAtTimeout`, the first query after the probe delay sends
   * one packet; the delay is set when that probe starts, so queries during
   * its flight find the server unusable and get SERVFAIL at once instead of
   * joining it.
   */
  readonly probeAlone: boolean;
}

const never = Number.POSITIVE_INFINITY;

/** A daemon that never throttles a server short of declaring it down (all but PowerDNS). */
const NO_THROTTLE = {
  throttleAfterTimeout: 0,
  throttleQueries: 0,
  refusedThrottle: 0,
  refusedQueries: 0,
} as const;

/**
 * Unbound 1.17 (util/rtt.c, services/cache/infra.c, iterator/iterator.c):
 * the retransmit timeout doubles per timeout (rtt_lost, up to
 * RTT_MAX_TIMEOUT 120 s); a query is sent at most outbound-msg-retry (5)
 * times, and when those run out the clients that joined it get no reply
 * (measured by the harness: "none", never a late SERVFAIL). Once the
 * timeout reaches PROBE_MAXRTO (12 s) the server is unusable: queries get
 * SERVFAIL at once until the probe delay (timeout + 1–2 s) runs out; the
 * next query is the probe, one send that sets the next delay when it starts
 * (infra_host), so queries during its flight are refused rather than
 * joined; a SERVFAIL is cached for NORR_TTL (5 s). A reply resets the
 * timeout. An ICMP port unreachable is ignored (icmpIgnored): a closed
 * port costs the timeout as a black hole does, as measured.
 * The first timeout is rtt.c's estimate after the one fast reply that
 * primed the record: rtt_init's rttvar 94 ms (UNKNOWN_SERVER_NICENESS / 4),
 * one rtt_update with ~0 ms makes it 71 ms, rto = 4 × 71 = 284 ms. Five
 * sends then take 31 × 0.284 = 8.8 s, which is why no query of a 12 s
 * outage is answered (the resolution gives up after the return, the next
 * query fetches within 0–4 s of it: measured 0–3.6 s over 13 runs).
 */
export const UNBOUND_TROUBLE: ServerTroubleModel = {
  daemon: "Unbound",
  firstTimeout: 0.284,
  backoff: 2,
  maxTimeout: 120,
  sendsPerQuery: 5,
  queryLimit: never,
  downAtTimeout: 12,
  downAfterFails: never,
  downFor: 1.5,
  downForRto: 1,
  downQueries: never,
  downFailsAtOnce: true,
  servfailCache: 5,
  ...NO_THROTTLE,
  holds: false,
  icmpIgnored: true,
  silentGiveUp: true,
  probeAlone: true,
};

/**
 * PowerDNS Recursor 4.8 (pdns/recursordist/syncres.cc, settings):
 * network-timeout 1.5 s, one send per query to the only server, then
 * SERVFAIL; a timeout throttles the server for that name for 10 s or 5
 * queries; a refused send (port closed) throttles it for 60 s or 100
 * queries; server-down-max-fails (64) failures in a row mark the server
 * down for server-down-throttle-time (60 s). Throttled queries get SERVFAIL
 * at once; a reply clears the fails and the throttles.
 */
export const PDNS_TROUBLE: ServerTroubleModel = {
  daemon: "PowerDNS Recursor",
  firstTimeout: 1.5,
  backoff: 1,
  maxTimeout: 1.5,
  sendsPerQuery: 1,
  queryLimit: never,
  downAtTimeout: never,
  downAfterFails: 64,
  downFor: 60,
  downForRto: 0,
  downQueries: 10000,
  downFailsAtOnce: true,
  servfailCache: 60,
  throttleAfterTimeout: 10,
  throttleQueries: 5,
  refusedThrottle: 60,
  refusedQueries: 100,
  holds: false,
  icmpIgnored: false,
  silentGiveUp: false,
  probeAlone: false,
};

/**
 * Knot Resolver 5.6 in forwarding mode (lib/selection_forward.c,
 * lib/selection.c, daemon/worker.c): every send waits a fixed
 * FORWARDING_TIMEOUT (2 s; the RTT-based back-off is overridden when
 * forwarding); consecutive timeouts are counted in the address's cached RTT
 * state, and once enough have piled up the address is dead for
 * KR_NS_TIMEOUT_RETRY_INTERVAL (1 s): no transport is left, so the request
 * fails with SERVFAIL at once, and so does every query meanwhile. Queries
 * for the name join the request in flight and fail with it ("in batches").
 * KR_NS_TIMEOUT_ROW_DEAD is 4, but the harness saw the first request fail
 * after three 2 s sends (delays 5, 4, 3, 2, 1, 0 s for the queries that
 * joined it), so `downAfterFails` is 3, fitted. A request also gives up after
 * KR_RESOLVE_TIME_LIMIT (10 s). An ICMP port unreachable behaved like a
 * black hole in every measured run.
 */
export const KNOT_TROUBLE: ServerTroubleModel = {
  daemon: "Knot Resolver",
  firstTimeout: 2,
  backoff: 1,
  maxTimeout: 2,
  sendsPerQuery: never,
  queryLimit: 10,
  downAtTimeout: never,
  downAfterFails: 3,
  downFor: 1,
  downForRto: 0,
  downQueries: never,
  downFailsAtOnce: true,
  servfailCache: 0,
  ...NO_THROTTLE,
  holds: false,
  icmpIgnored: true,
  silentGiveUp: false,
  probeAlone: false,
};

/**
 * dnsmasq 2.90 (src/forward.c): no SERVFAIL for a silent upstream; the query
 * stays in its forward table and every query it receives for the name is
 * forwarded again, so a held query is answered by the first forward after
 * the authority returns, if the client still waits.
 */
export const DNSMASQ_TROUBLE: ServerTroubleModel = {
  daemon: "dnsmasq",
  firstTimeout: 0,
  backoff: 1,
  maxTimeout: 0,
  sendsPerQuery: never,
  queryLimit: never,
  downAtTimeout: never,
  downAfterFails: never,
  downFor: 0,
  downForRto: 0,
  downQueries: 0,
  downFailsAtOnce: false,
  servfailCache: 0,
  ...NO_THROTTLE,
  holds: true,
  icmpIgnored: false,
  silentGiveUp: false,
  probeAlone: false,
};
