/*
 * The obvious alternatives to buying servers when imbalance, not capacity,
 * decides a plan: each a one-field change of the scenario a planner can make.
 */
import { frozenResolverShare, withRotatingResolvers } from "../run/index.js";
import type { Scenario } from "../scenario/index.js";

export const PLAN_ALTERNATIVES = ["health-check", "random-order", "rotating-resolvers"] as const;
export type PlanAlternative = (typeof PLAN_ALTERNATIVES)[number];

/** Health checks as the schema's defaults: every 10 s, withdrawn after 3 failures. */
const HEALTH_CHECK = { interval: 10, failures: 3, recoveries: 1 } as const;

/**
 * The alternatives that change something for this scenario (with `dead`:
 * whether the plan runs with a server down): health-checked DNS where the
 * DNS does not check and a server is down, random answer order where it is
 * cyclic or fixed (a dead server's clients then fail over to any survivor,
 * not all to its neighbour), rotating resolvers where some keep one order.
 */
export function applicableAlternatives(s: Scenario, dead: boolean): PlanAlternative[] {
  const out: PlanAlternative[] = [];
  const hasFailure = dead || s.failures.length > 0;
  if (hasFailure && s.dns.healthCheck === undefined) out.push("health-check");
  if (s.dns.order === "cyclic" || s.dns.order === "fixed") out.push("random-order");
  if (frozenResolverShare(s) > 0) out.push("rotating-resolvers");
  return out;
}

/** The scenario with one alternative applied. */
export function withAlternative(s: Scenario, a: PlanAlternative): Scenario {
  switch (a) {
    case "health-check":
      return { ...s, dns: { ...s.dns, healthCheck: { ...HEALTH_CHECK } } };
    case "random-order":
      return { ...s, dns: { ...s.dns, order: "random" } };
    case "rotating-resolvers":
      return withRotatingResolvers(s);
  }
}
