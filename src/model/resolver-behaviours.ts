import type { CacheOrder, ResolverBehaviourName } from "../scenario/index.js";
import type { AuthDownReaction } from "./policies/auth-down.js";
import {
  CACHE_ORDER_POLICIES,
  type CacheOrderPolicy,
  rotateLastToFront,
} from "./policies/cache-order.js";
import {
  DNSMASQ_TROUBLE,
  KNOT_TROUBLE,
  PDNS_TROUBLE,
  type ServerTroubleModel,
  UNBOUND_TROUBLE,
} from "./policies/server-trouble.js";

export type { AuthDownReaction } from "./policies/auth-down.js";

/** A resolver's behaviour, resolved from a base order or a named preset. */
export interface ResolverBehaviour {
  readonly name: ResolverBehaviourName;
  readonly order: CacheOrder;
  /**
   * dnsmasq: the first cached answer repeats the upstream order before
   * rotation starts, and rotation moves the last record to the front.
   */
  readonly dnsmasqRotation: boolean;
  readonly onAuthDown: AuthDownReaction;
  /** Stale answers' TTL (s), when onAuthDown is "stale". */
  readonly staleTtl: number;
  /**
   * Real daemons keep time in whole seconds: a record fetched at t is stored
   * until floor(t) + TTL, and the TTL shown counts down in whole seconds.
   * The abstract behaviours keep exact time (the closed forms' model).
   */
  readonly wholeSeconds: boolean;
  /**
   * Seconds a record is still served, with TTL 0, after its TTL ran out:
   * Unbound and Knot treat a record as expired only once the clock is past
   * its expiry second, so a TTL-5 record is refetched every 6.0 s.
   */
  readonly lingerSeconds: number;
  /** PowerDNS Recursor: each fetched answer gets a new random order, then stays frozen. */
  readonly shuffleOnFetch: boolean;
  /**
   * Unbound, Knot: the answer that fetched the record is already a random
   * rotation of the upstream order (the cache keeps the upstream order).
   */
  readonly rotateOnFetch: boolean;
  /**
   * How the daemon copes with an authority that stopped answering: timeouts,
   * back-off, server-down state, held queries (policies/server-trouble.ts).
   * Undefined for the abstract behaviours, which fail at once (closed forms).
   */
  readonly trouble: ServerTroubleModel | undefined;
  /** One line for `rrdns presets` and docs/reference/presets.md. */
  readonly doc: string;
}

const base = (order: CacheOrder, doc: string): ResolverBehaviour => ({
  name: order,
  order,
  dnsmasqRotation: false,
  onAuthDown: "no-answer",
  staleTtl: 30,
  wholeSeconds: false,
  lingerSeconds: 0,
  shuffleOnFetch: false,
  rotateOnFetch: false,
  trouble: undefined,
  doc,
});

/** What every preset of real software shares: whole-second clocks. */
const real = (order: CacheOrder, name: ResolverBehaviourName, doc: string) => ({
  ...base(order, doc),
  name,
  wholeSeconds: true,
});

/**
 * Every behaviour a scenario can name, keyed by the schema's enum. Presets are
 * the measured behaviour of real software (domain.md, Debian 12, loopback).
 */
export const RESOLVER_BEHAVIOUR_REGISTRY: Readonly<
  Record<ResolverBehaviourName, ResolverBehaviour>
> = {
  rotate: base("rotate", "Rotates the cached list by one per answer (abc, bca, cab)."),
  "rotate-random": base("rotate-random", "Rotates the cached list by a random offset per answer."),
  shuffle: base("shuffle", "Answers a fresh random permutation of the cached list."),
  frozen: base("frozen", "Returns the fetched order unchanged until the TTL expires."),
  unbound: {
    ...real(
      "rotate-random",
      "unbound",
      "Unbound 1.17 default: random-offset rotation, the fetching answer included; serves TTL 0 for one more second (TTL 5 → refetch every 6 s). Authority down: retransmits with a doubling timeout (first 284 ms); after 5 sends the query, and every query that joined it, gets no reply; once the timeout reaches 12 s the server is unusable (SERVFAIL at once, cached 5 s) until a single probe, timeout + 1.5 s after the previous one began, finds it back. A closed port (ICMP unreachable) counts as a timeout.",
    ),
    lingerSeconds: 1,
    rotateOnFetch: true,
    trouble: UNBOUND_TROUBLE,
  },
  "unbound-serve-expired": {
    ...real(
      "rotate-random",
      "unbound-serve-expired",
      "Unbound with serve-expired: as unbound, but answers stale (TTL 30) at once while its refetch, with Unbound's back-off and probing, waits for the authority.",
    ),
    onAuthDown: "stale",
    lingerSeconds: 1,
    rotateOnFetch: true,
    trouble: UNBOUND_TROUBLE,
  },
  "unbound-no-rr": {
    ...real(
      "frozen",
      "unbound-no-rr",
      "Unbound with rrset-roundrobin: no: the fetched order, upstream's, is frozen until expiry; otherwise as unbound.",
    ),
    lingerSeconds: 1,
    trouble: UNBOUND_TROUBLE,
  },
  dnsmasq: {
    ...real(
      "rotate",
      "dnsmasq",
      "dnsmasq 2.90: rotates by one per cached answer (last record to the front); the fetch answer and the first cached answer carry the upstream order; TTL counts down to 1, refetch at expiry. Authority down: no SERVFAIL; it holds the query and forwards it again with each query for the name, so it is answered just after the authority returns if the client still waits.",
    ),
    dnsmasqRotation: true,
    trouble: DNSMASQ_TROUBLE,
  },
  "dnsmasq-stale": {
    ...real(
      "rotate",
      "dnsmasq-stale",
      "dnsmasq 2.90 with --use-stale-cache: as dnsmasq, but an expired record is answered with TTL 0 for one more second while it is refetched (TTL 5 → refetch every 6 s), and stale with TTL 0 while the authority is down.",
    ),
    dnsmasqRotation: true,
    onAuthDown: "stale",
    staleTtl: 0,
    lingerSeconds: 1,
    trouble: DNSMASQ_TROUBLE,
  },
  "pdns-recursor": {
    ...real(
      "frozen",
      "pdns-recursor",
      "PowerDNS Recursor 4.8: each fetch gets a new random order, frozen until expiry (it caches whole packets); refetch at expiry. Authority down: SERVFAIL after its 1.5 s network timeout (at once when the port is closed), then the server is throttled for the name (10 s or 5 queries; 60 s or 100 queries when refused; 60 s after 64 failures in a row): SERVFAIL at once meanwhile. Every SERVFAIL stays in its packet cache for 60 s (packetcache-servfail-ttl).",
    ),
    onAuthDown: "servfail",
    shuffleOnFetch: true,
    trouble: PDNS_TROUBLE,
  },
  "knot-resolver": {
    ...real(
      "rotate-random",
      "knot-resolver",
      "Knot Resolver 5.6: random-offset rotation, the fetching answer included; TTL 0 for one more second like Unbound. Authority down: forwards with a fixed 2 s timeout; after three timeouts in a row the address is dead for 1 s and the request, with every query that joined it, gets SERVFAIL; later requests send once and fail the same way (SERVFAIL at once while dead).",
    ),
    onAuthDown: "servfail",
    lingerSeconds: 1,
    rotateOnFetch: true,
    trouble: KNOT_TROUBLE,
  },
};

/** The cache-order policy a behaviour answers with (dnsmasq rotates the other way). */
export function cacheOrderPolicyOf(b: ResolverBehaviour): CacheOrderPolicy {
  return b.dnsmasqRotation ? rotateLastToFront : CACHE_ORDER_POLICIES[b.order];
}

/**
 * Notes on authoritative servers, for `rrdns presets` and docs/reference/presets.md: users
 * copy BIND configurations, and `dns.order` must match what BIND really does.
 */
export const AUTHORITY_NOTES: readonly string[] = [
  "BIND 9 with no rrset-order answers a random permutation per answer: dns.order: random.",
  "BIND 9 rrset-order { order cyclic; }: rotation by one per answer (of the sorted order): dns.order: cyclic.",
  "BIND 9 order fixed is compiled out of Debian's build (it answers cyclic); order none keeps one order: dns.order: fixed.",
];
