export { Authoritative } from "./authoritative.js";
export * from "./connections/index.js";
export { BrowserCache } from "./content/browser-cache.js";
export { Catalog, type SizeSpec } from "./content/catalog.js";
export { ContentModel } from "./content/content-model.js";
export { lastModifiedVersions, replayExtras } from "./content/replay-extras.js";
export { TraceObjects } from "./content/trace-objects.js";
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
export { type ServerModel, serverModels } from "./servers/index.js";
export * from "./sessions/index.js";
export { TraceFeed } from "./trace/feed.js";
export { HostIndex } from "./trace/host-index.js";
export {
  type HostResolvers,
  mapHostsToResolvers,
  PUBLIC_SUFFIX_LIST,
  subnetKey,
} from "./trace/host-resolvers.js";
export { isoTime } from "./trace/iso-time.js";
export { LineParser, MALFORMED_EXAMPLES, type TraceFormat } from "./trace/line-parser.js";
export { LineSplitter, MAX_LINE_BYTES } from "./trace/line-splitter.js";
export {
  columnLayout,
  daysFromCivil,
  MAX_LOG_YEAR,
  MAX_RESPONSE_BYTES,
  MAX_STATUS,
  MAX_ZONE_HOURS,
  MIN_LOG_YEAR,
  MIN_STATUS,
  parseClfAt,
  parseClfDate,
  parseClfLine,
  parseColumnsLine,
  parseTimeField,
  refererOf,
  requestPath,
  TraceRecord,
} from "./trace/parse-line.js";
export { type TraceClock, TraceReader } from "./trace/reader.js";
export { ReorderWindow } from "./trace/reorder-window.js";
export { MAX_LOG_SPAN, TraceScan } from "./trace/scan.js";
export { SessionTracker } from "./trace/session-tracker.js";
export { nextInput, SortedLogInput } from "./trace/sorted-input.js";
export type { ReplayExtras } from "./visits/bursts.js";
export { BurstsInstantVisits } from "./visits/bursts-instant.js";
export { maxTimeoutsPerVisit } from "./visits/rate-instant.js";
export type { WorldTrace } from "./world.js";
export {
  planWorldFailures,
  World,
  type WorldRecording,
} from "./world.js";
