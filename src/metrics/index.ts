export { type BalanceIndices, balanceOf } from "./balance.js";
export { binWeights, hasFullBin } from "./bin-coverage.js";
export { type AnswerTimeline, answerMembership, ConnectionLoad } from "./connection-load.js";
export {
  type ConnectionChangeResult,
  type ConnectionsResults,
  connectionsSchema,
} from "./connection-results.js";
export { ConnectionStats, type PoolChangeEntry } from "./connection-stats.js";
export {
  CONTENT_RESPONSE,
  type ContentRecording,
  type ContentResult,
  type ContentServerResult,
  ContentStats,
} from "./content-stats.js";
export { LESSON_METRIC_LABELS, lessonMetricValue } from "./lesson-watch.js";
export { FINE_BUCKETS, LogBuckets, WINDOW_BUCKETS } from "./log-histogram.js";
export type { Outage, OutageSegment } from "./outage.js";
export { OutageTracker } from "./outage-tracker.js";
export { IN_SYSTEM_SLOTS, QueueStats } from "./queue-stats.js";
export { checkResults, type ResultsCheck, upgradeResults } from "./read-results.js";
export { Recorder } from "./recorder.js";
export {
  type AccessLogRecording,
  ATTEMPT_ERROR,
  type ConnectionRecording,
  type OutageRecording,
  type ServerRecording,
  type VisitRecording,
} from "./recording.js";
export { type ReplicationsFile, replicationsSchema } from "./replications-schema.js";
export {
  type FailureResult,
  type OverrideResult,
  RESULTS_VERSION,
  type Results,
  resultsJsonSchema,
  type ServerResult,
  type TimeSeries,
} from "./results.js";
export { resultsSchema } from "./results-bounds.js";
export {
  type FragmentationResult,
  type SessionRecording,
  SessionStats,
  type SpacingBinResult,
  shareWithError,
  spacingBin,
  spacingEdge,
} from "./session-stats.js";
export { summarize } from "./summarize.js";
export { type QueueModelInfo, summarizeQueueing } from "./summarize-queueing.js";
export { tidy } from "./tidy.js";
