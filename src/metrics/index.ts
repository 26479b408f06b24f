export { type BalanceIndices, balanceOf } from "./balance.js";
export { FINE_BUCKETS, LogBuckets, WINDOW_BUCKETS } from "./log-histogram.js";
export { OutageTracker } from "./outage-tracker.js";
export { IN_SYSTEM_SLOTS, QueueStats } from "./queue-stats.js";
export { checkResults, type ResultsCheck, upgradeResults } from "./read-results.js";
export { Recorder } from "./recorder.js";
export {
  type FailureResult,
  RESULTS_VERSION,
  type Results,
  resultsJsonSchema,
  resultsSchema,
  type ServerResult,
  type TimeSeries,
} from "./results.js";
export { summarize } from "./summarize.js";
export { tidy } from "./tidy.js";
