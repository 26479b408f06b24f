export {
  extractMetrics,
  METRICS,
  type MetricDef,
  type MetricInterval,
  type MetricValues,
  metricById,
  metricsFor,
  metricTrials,
  POOL_METRICS,
  QUEUEING_METRICS,
  studyMetrics,
  summarizeMetric,
} from "./key-metrics.js";
export {
  replayTrace,
  replicateTrace,
  type TraceBatch,
  type TraceLines,
  type TraceSummary,
} from "./replay-trace.js";
export {
  MAX_REPLICATIONS,
  type ReplicatedMetric,
  type ReplicatedResults,
  type ReplicateOptions,
  replicate,
  replicationsJson,
} from "./replicate.js";
export { frozenResolverShare, keepsOrder, withRotatingResolvers } from "./resolver-order.js";
export {
  type RecordedSessions,
  type RunOptions,
  recordSessions,
  runScenario,
  sessionsKey,
} from "./run-scenario.js";
export { replicationSeed, replicationSeeds } from "./seeds.js";
export { Simulation } from "./simulation.js";
export {
  type IntervalMethod,
  type Summary,
  summarizeSample,
  tCritical95,
  upperBound,
  wilson,
} from "./statistics.js";
