export { type BalanceIndices, balanceOf } from "./balance.js";
export type { Outage, OutageSegment } from "./outage.js";
export { OutageTracker } from "./outage-tracker.js";
export { checkResults, type ResultsCheck, upgradeResults } from "./read-results.js";
export { Recorder } from "./recorder.js";
export type { OutageRecording, VisitRecording } from "./recording.js";
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
