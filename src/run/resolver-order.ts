import { RESOLVER_BEHAVIOUR_REGISTRY } from "../model/index.js";
import type { ResolverBehaviourName, Scenario } from "../scenario/index.js";

/**
 * Whether a resolver behaviour keeps one address order for a whole TTL, so
 * every client behind it goes to the same first address (domain.md: frozen,
 * PowerDNS Recursor, Unbound without rrset-roundrobin).
 */
export function keepsOrder(behaviour: ResolverBehaviourName): boolean {
  return RESOLVER_BEHAVIOUR_REGISTRY[behaviour].order === "frozen";
}

/** Share of the scenario's resolvers whose caches keep one order for a TTL. */
export function frozenResolverShare(s: Scenario): number {
  const b = s.resolvers.behaviour;
  if (typeof b === "string") return keepsOrder(b) ? 1 : 0;
  return b.reduce((sum, entry) => sum + (keepsOrder(entry.behaviour) ? entry.share : 0), 0);
}

/**
 * The rotating counterpart of each order-keeping behaviour: the same software
 * configured to rotate (Unbound's default rrset-roundrobin), or, for the
 * abstract frozen order and PowerDNS (which has no such switch), rotation by one
 * and by a random offset.
 */
const ROTATING: Partial<Record<ResolverBehaviourName, ResolverBehaviourName>> = {
  frozen: "rotate",
  "unbound-no-rr": "unbound",
  "pdns-recursor": "rotate-random",
};

function rotating(b: ResolverBehaviourName): ResolverBehaviourName {
  return keepsOrder(b) ? (ROTATING[b] ?? "rotate") : b;
}

/** The scenario with every order-keeping resolver rotating instead (shares kept). */
export function withRotatingResolvers(s: Scenario): Scenario {
  const b = s.resolvers.behaviour;
  const behaviour =
    typeof b === "string"
      ? rotating(b)
      : b.map((entry) => ({ ...entry, behaviour: rotating(entry.behaviour) }));
  return { ...s, resolvers: { ...s.resolvers, behaviour } };
}
