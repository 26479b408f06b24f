export { type BalanceIndices, balanceOf } from "./balance.js";
export { OutageTracker } from "./outage-tracker.js";
export { Recorder } from "./recorder.js";
export type { FailureResult, Results, ServerResult, TimeSeries } from "./results.js";
export { summarize, tidy } from "./summarize.js";
