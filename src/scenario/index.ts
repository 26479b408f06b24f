// What other layers import of scenario, and nothing else: the rest stays inside the folder.
export {
  MAX_BINS,
  MAX_EVENTS,
  MAX_FILE_BYTES,
  MAX_MEMORY_BYTES,
  MAX_OUTAGES,
  MAX_RATE_STEPS,
  MAX_REQUESTS,
  MAX_RESOLVERS,
  MAX_SERIES_VALUES,
} from "./bounds.js";
export { type ConnectionsSpec, RUNTIMES, type Runtime } from "./connections-schema.js";
export { type InputProblem, OverrideSyntaxError, UserError } from "./errors.js";
export { scenarioJsonSchema } from "./json-schema.js";
export { lateEvents } from "./late-events.js";
export { estimateMemory, estimateWork, type LimitProblem, limitProblems } from "./limits.js";
export { loadScenario } from "./load.js";
export { type FieldPath, parsePath, pathText, setAtPath } from "./overrides/field-path.js";
export {
  applyLessonChange,
  applyOverrides,
  applySettings,
  checkDistinctPaths,
  lessonChangeFlags,
  settingsLabel,
} from "./overrides/index.js";
export { type Override, overrideList, valueAtPath } from "./overrides/override-list.js";
export { parseSetFlag } from "./overrides/set-flag.js";
export { formatValue, parseValueList, type SweepValue } from "./overrides/value-list.js";
export { expectedVisits, expectedVisitsOver, peakRate, rateAt } from "./rate-profile.js";
export {
  CLIENT_DEFAULTS,
  type ClientErrorHandling,
  hasServiceModel,
  type ResolvedClients,
  type ResolvedScenario,
  type ResolvedSessions,
  resolve,
  SERVER_DEFAULTS,
  type ServerQueueing,
  sessionPreRoll,
} from "./resolve.js";
export {
  ANSWER_ORDERS,
  type AnswerOrder,
  type CacheOrder,
  type CountDistribution,
  DEFAULT_COUNT_MAX,
  type DurationDistribution,
  FAILURE_MODES,
  type FailureMode,
  type LessonMetric,
  type LessonTry,
  MAX_EMPIRICAL_BINS,
  ON_ERRORS,
  type OnError,
  OVERFLOWS,
  type RateProfile,
  RESOLVER_BEHAVIOURS,
  RESOLVER_PRESETS,
  type ResolverBehaviourName,
  type ResolverPreset,
  type Scenario,
  type ScenarioInput,
  type ScenarioLesson,
  SELECTIONS,
  type SessionSpec,
  scenarioSchema,
  type TraceResolverRule,
  type TraceSpec,
  type TtlSpec,
} from "./schema.js";
export { type SettableField, settableFields } from "./schema-fields.js";
export {
  cachePreRoll,
  MAX_PRE_ROLL,
  preRollLength,
  quietPreRollLength,
} from "./session-pre-roll.js";
export { checkScenario, validateScenario } from "./validate.js";
