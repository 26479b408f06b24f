export { expectedVisits, peakRate, rateAt } from "./arrivals.js";
export { Authoritative } from "./authoritative.js";
export type { FailurePlan } from "./failures.js";
export { IntervalSet } from "./intervals.js";
export { ANSWER_ORDER_POLICIES } from "./policies/answer-order.js";
export { CACHE_ORDER_POLICIES } from "./policies/cache-order.js";
export { FAILURE_MODE_POLICIES } from "./policies/failure-mode.js";
export { SELECTION_POLICIES } from "./policies/selection.js";
export {
  AUTHORITY_NOTES,
  RESOLVER_BEHAVIOUR_REGISTRY,
  type ResolverBehaviour,
} from "./resolver-behaviours.js";
export { LOOKUP, ResolverPool } from "./resolvers.js";
export { hasServiceModel, type ServerModel, serverModels } from "./servers/index.js";
export { maxTimeoutsPerVisit } from "./visit.js";
export { CLIENT_DEFAULTS, planWorldFailures, World, type WorldRecording } from "./world.js";
