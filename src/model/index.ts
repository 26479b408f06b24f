export { Authoritative } from "./authoritative.js";
export * from "./connections/index.js";
export { BrowserCache } from "./content/browser-cache.js";
export { Catalog, type SizeSpec } from "./content/catalog.js";
export { ContentModel } from "./content/content-model.js";
export { lastModifiedVersions, replayExtras } from "./content/replay-extras.js";
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
export { LOOKUP, type ResolverKinds, ResolverPool, resolverKindsOf } from "./resolvers.js";
export { type ServerModel, serverModels } from "./servers/index.js";
export * from "./sessions/index.js";
export {
  type HostResolvers,
  mapHostsToResolvers,
  PUBLIC_SUFFIX_LIST,
  subnetKey,
} from "./trace/host-resolvers.js";
export { SessionTracker } from "./trace/session-tracker.js";
export type { ReplayExtras } from "./visits/bursts.js";
export { BurstsInstantVisits } from "./visits/bursts-instant.js";
export { maxTimeoutsPerVisit } from "./visits/rate-instant.js";
export type { WorldTrace } from "./world.js";
export {
  planWorldFailures,
  World,
  type WorldRecording,
} from "./world.js";
