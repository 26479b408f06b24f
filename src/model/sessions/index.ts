export {
  CountDraw,
  DurationDraw,
  durationCdf,
  durationQuantile,
  meanCount,
  meanDuration,
} from "./draws.js";
export {
  MAX_PRE_ROLL,
  meanSessionSpan,
  preRollSeconds,
  quietPreRollSeconds,
  sessionCoverage,
  worldPreRoll,
} from "./pre-roll.js";
export {
  type RecordedSessions,
  RequestTape,
  recordSessionRequests,
  SessionPlayer,
  sessionRecordKey,
} from "./recorded.js";
export { classOffsets, mapSessionResolvers, meanRequestsPerSession } from "./resolvers.js";
export {
  drawClients,
  type RequestSink,
  SessionWorkload,
  type SessionWorkloadOptions,
} from "./workload.js";
