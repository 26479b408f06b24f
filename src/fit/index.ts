/*
 * The fit layer: an access log → the session workload of the scenario schema
 * (sessions, pages, embedded objects per host), with maximum-likelihood
 * estimates, confidence intervals and goodness of fit. Pure: the CLI opens
 * the file and writes the outputs.
 */

export { DEFAULT_FIT_OPTIONS } from "./defaults.js";
export {
  type CandidateFit,
  countMean,
  type DistributionSpec,
  type FamilyName,
  type FittedDistribution,
  fitCount,
  fitDuration,
  type Goodness,
  ksPValue,
  type LawSummary,
  type ParameterEstimate,
  POOR_FIT_P,
} from "./distributions.js";
export {
  type ClassFit,
  className,
  type FitOptions,
  type FitResult,
  type FittedRate,
  fitLog,
  type LogLines,
} from "./fit-log.js";
export { detectObserveWindows, type ObserveWindows, observedRateProfile } from "./observe.js";
export {
  type ActiveInterval,
  ActivityTracker,
  type RateStep,
  rateBins,
  rateProfile,
} from "./rate.js";
export { SessionStarts, simulateSessions } from "./revisit.js";
export {
  DEFAULT_RULES,
  extensionOf,
  isEmbedded,
  pathOf,
  type ReconstructionRules,
  STATIC_EXTENSIONS,
} from "./rules.js";
export { Sample } from "./sample.js";
export {
  fittedName,
  fittedScenario,
  fittedScenarioYaml,
  type ScenarioWriterOptions,
} from "./scenario-writer.js";
export { ClassObservations, SessionReconstructor } from "./sessions.js";
export { fitZipf, type ZipfFit } from "./zipf.js";
