/**
 * The one place the conformance checks reach into the model: the resolver
 * cache, the authoritative server and the preset registry. If the model's
 * modules move, only these lines change.
 */
export { RandomStreams } from "../engine/index.js";
export { Authoritative } from "../model/authoritative.js";
export { IntervalSet } from "../model/intervals.js";
export {
  RESOLVER_BEHAVIOUR_REGISTRY,
  type ResolverBehaviour,
} from "../model/resolver-behaviours.js";
export { LOOKUP, ResolverPool } from "../model/resolvers.js";
