import type { CacheOrder, ResolverBehaviourName } from "../scenario/index.js";
import type { AuthDownReaction } from "./policies/auth-down.js";
import {
  CACHE_ORDER_POLICIES,
  type CacheOrderPolicy,
  rotateLastToFront,
} from "./policies/cache-order.js";

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
   * Seconds after the authority comes back during which a resolver that met
   * the outage still reacts as if it were down (approximate: the real
   * daemons back off and re-probe the server; domain.md gives the
   * observations these are fitted to).
   */
  readonly holdDownSeconds: number;
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
  holdDownSeconds: 0,
  doc,
});

/**
 * Recovery hold-downs: how long after the authority returns a resolver that
 * met the outage still answers as if it were down. Measured by the
 * conformance harness (npm run conformance, Debian 12 daemons on loopback,
 * polled every second): Unbound 3–4 s (no answer), Unbound serve-expired 1 s
 * (stale), Knot Resolver 0 s, dnsmasq 0 s; PowerDNS Recursor still answered
 * SERVFAIL 75 s after, the longest the harness waits, so its 60 s is
 * PowerDNS's own default throttle (`server-down-throttle-time`), a known
 * deviation. domain.md's earlier single observation ("fresh by ~29 s") was
 * coarser. Approximate: the real figure depends on each daemon's backoff state.
 */
const HOLD_DOWN = { unbound: 4, unboundServeExpired: 1, pdns: 60, knot: 0 } as const;

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
      "Unbound 1.17 default: random-offset rotation; serves TTL 0 for one more second (TTL 5 → refetch every 6 s); no answer when expired and the authority is down, and for ~4 s after it returns (measured 3–4 s).",
    ),
    lingerSeconds: 1,
    holdDownSeconds: HOLD_DOWN.unbound,
  },
  "unbound-serve-expired": {
    ...real(
      "rotate-random",
      "unbound-serve-expired",
      "Unbound with serve-expired: as unbound, but serves stale answers (TTL 30) while the authority is down and for ~1 s after it returns.",
    ),
    onAuthDown: "stale",
    lingerSeconds: 1,
    holdDownSeconds: HOLD_DOWN.unboundServeExpired,
  },
  "unbound-no-rr": {
    ...real(
      "frozen",
      "unbound-no-rr",
      "Unbound with rrset-roundrobin: no: the fetched order is frozen until expiry; otherwise as unbound.",
    ),
    lingerSeconds: 1,
    holdDownSeconds: HOLD_DOWN.unbound,
  },
  dnsmasq: {
    ...real(
      "rotate",
      "dnsmasq",
      "dnsmasq 2.90: rotates by one per cached answer (last record to the front); the fetch answer and the first cached answer carry the upstream order; TTL counts down to 1, refetch at expiry; no answer when expired and the authority is down.",
    ),
    dnsmasqRotation: true,
  },
  "dnsmasq-stale": {
    ...real(
      "rotate",
      "dnsmasq-stale",
      "dnsmasq 2.90 with --use-stale-cache: as dnsmasq, but answers stale with TTL 0 while the authority is down.",
    ),
    dnsmasqRotation: true,
    onAuthDown: "stale",
    staleTtl: 0,
  },
  "pdns-recursor": {
    ...real(
      "frozen",
      "pdns-recursor",
      "PowerDNS Recursor 4.8: each fetch gets a new random order, frozen until expiry (it caches whole packets); refetch at expiry; SERVFAIL when expired and the authority is down, and for 60 s after it returns (its server-down throttle; measured still SERVFAIL 75 s after).",
    ),
    onAuthDown: "servfail",
    shuffleOnFetch: true,
    holdDownSeconds: HOLD_DOWN.pdns,
  },
  "knot-resolver": {
    ...real(
      "rotate-random",
      "knot-resolver",
      "Knot Resolver 5.6: random-offset rotation, TTL 0 for one more second like Unbound; SERVFAIL when expired and the authority is down, fresh as soon as it returns (measured 0 s); its refetch rate when forwarding matched TTL + 1 s in the conformance harness.",
    ),
    onAuthDown: "servfail",
    lingerSeconds: 1,
    holdDownSeconds: HOLD_DOWN.knot,
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
