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
  /** One line for `rrdns presets` and the README. */
  readonly doc: string;
}

const base = (order: CacheOrder, doc: string): ResolverBehaviour => ({
  name: order,
  order,
  dnsmasqRotation: false,
  onAuthDown: "no-answer",
  staleTtl: 30,
  doc,
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
    ...base(
      "rotate-random",
      "Unbound 1.17 default: random-offset rotation; no answer when expired and the authority is down.",
    ),
    name: "unbound",
  },
  "unbound-serve-expired": {
    ...base(
      "rotate-random",
      "Unbound with serve-expired: random-offset rotation; serves stale answers (TTL 30) when the authority is down.",
    ),
    name: "unbound-serve-expired",
    onAuthDown: "stale",
  },
  "unbound-no-rr": {
    ...base(
      "frozen",
      "Unbound with rrset-roundrobin: no: the fetched order is frozen until expiry.",
    ),
    name: "unbound-no-rr",
  },
  dnsmasq: {
    ...base(
      "rotate",
      "dnsmasq 2.90: rotates by one per cached answer (last record to the front); the fetch answer and the first cached answer carry the upstream order.",
    ),
    name: "dnsmasq",
    dnsmasqRotation: true,
  },
  "pdns-recursor": {
    ...base(
      "frozen",
      "PowerDNS Recursor 4.8: caches whole packets, so the order is frozen for the TTL; SERVFAIL when expired and the authority is down.",
    ),
    name: "pdns-recursor",
    onAuthDown: "servfail",
  },
  "knot-resolver": {
    ...base(
      "rotate-random",
      "Knot Resolver 5.6: random-offset rotation; SERVFAIL when expired and the authority is down.",
    ),
    name: "knot-resolver",
    onAuthDown: "servfail",
  },
};

/** The cache-order policy a behaviour answers with (dnsmasq rotates the other way). */
export function cacheOrderPolicyOf(b: ResolverBehaviour): CacheOrderPolicy {
  return b.dnsmasqRotation ? rotateLastToFront : CACHE_ORDER_POLICIES[b.order];
}
