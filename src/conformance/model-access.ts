/**
 * The one place the conformance checks reach into the model: the resolver
 * cache, the authoritative server and the preset registry. If the model's
 * modules move, only these lines change.
 */
export { RandomStreams } from "../engine/index.js";
export {
  Authoritative,
  IntervalSet,
  LOOKUP,
  RESOLVER_BEHAVIOUR_REGISTRY,
  type ResolverBehaviour,
  ResolverPool,
  resolverKindsOf,
} from "../model/index.js";
