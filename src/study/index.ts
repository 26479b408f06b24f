/*
 * Studies, what runs many simulations: the run, TTL, plan and sweep
 * workflows (run-study, ttl-study, plan-study, sweep-study) behind the CLI's
 * commands. The fit validation (fit-validation.ts) is not re-exported here:
 * it loads the fit and conformance layers, which no other command needs, so
 * `rrdns fit` imports it past the index.
 *
 * Sweeps: planning (a grid of scenario overrides × replications, shards, the
 * plan's identity, size limits), execution (in this thread or on worker
 * threads, streamed, interruptible), the task files that make it resumable
 * and mergeable, and the statistics over grid points (summaries, the TTL
 * advisor's Pareto and feasibility logic), and the text of cluster jobs
 * (Slurm scripts, shell commands). Presentation lives in
 * src/report/sweep; files, locks, worker threads and the process in src/cli.
 */
export {
  adviseTtl,
  objectiveKeys,
  TRADE_OFFS,
  type TradeOffKey,
  type TradeOffMeasure,
  type TtlAdvice,
  type TtlCaveat,
  type TtlLimits,
  type TtlRemedy,
  type TtlRow,
  ttlPointDecided,
  type Violation,
} from "./advisor.js";
export {
  type CapacityPlan,
  type PlanAlternativeResult,
  type PlanCandidate,
  type PlanOptions,
  parseFraction,
  parseServerRange,
  parseSlo,
  planCapacity,
  SLO_METRICS,
  type Slo,
  type SloMetric,
  withServers,
} from "./capacity-plan.js";
export {
  ARRAY_SCRIPT,
  arrayJobName,
  arraySpec,
  type ClusterJob,
  checkPartition,
  checkSlurmTime,
  MERGE_SCRIPT,
  mergeCommand,
  mergeJobName,
  parseSbatchJobId,
  resubmitWords,
  SLURM_FOLDER,
  sbatchArrayArgs,
  sbatchCommandsText,
  sbatchMergeArgs,
  shardCommands,
  shardFile,
  shellCommand,
  shellQuote,
  shortPlanId,
  slurmArrayScript,
  slurmMergeScript,
  sweepWords,
} from "./cluster.js";
export {
  joinTaskFiles,
  lockFileName,
  missingShards,
  partialFileName,
  resumeRecords,
  shardFileName,
  type TaskFileText,
} from "./done-tasks.js";
export {
  type Executor,
  inProcessExecutor,
  type PlanExecution,
  type PlanRunResult,
  type PlanSink,
  type PlanStart,
  planStart,
  type RunPlanOptions,
  type RunTasksOptions,
  restoreWorkerError,
  runPlan,
  runTask,
  runTasks,
  type SequentialRounds,
  type TaskInput,
  type TaskRecord,
  WORKER_URL,
  workerEntry,
} from "./execute.js";
// Grid expansion; override parsing lives in src/scenario/overrides and is
// re-exported by grid.ts under the names the sweep commands use.
export {
  checkDistinctPaths,
  expandGrid,
  formatValue,
  type GridPoint,
  MAX_GRID_POINTS,
  parseSetFlag,
  parseValueList,
  SweepSyntaxError,
  type SweepValue,
} from "./grid.js";
export {
  buildSweepOutput,
  missingTasks,
  type SweepOutput,
  type SweepPointOutput,
  type SweepReplication,
} from "./output.js";
export { paretoEfficient } from "./pareto.js";
export {
  checkPlanSize,
  MAX_SWEEP_RUNS,
  parseShard,
  pointCount,
  pointValues,
  runCount,
  type Shard,
  type SweepParameter,
  type SweepPlan,
  type SweepTask,
  samePlan,
  shardTaskCount,
  stableStringify,
  sweepTask,
  sweepTasks,
  tasksNotIn,
} from "./plan.js";
export {
  applicableAlternatives,
  PLAN_ALTERNATIVES,
  type PlanAlternative,
  withAlternative,
} from "./plan-alternatives.js";
export {
  type CauseEvidence,
  CONCENTRATED_SHARE,
  classifyCause,
  FULL_UTILISATION,
  isImbalance,
  PLAN_CAUSES,
  type PlanCause,
} from "./plan-cause.js";
export { planId, sha256Hex } from "./plan-id.js";
export { deadServers, failoverTarget, measurePlanRun, type PlanRun } from "./plan-run.js";
export { type PlanStudy, type PlanStudyOptions, planStudy } from "./plan-study.js";
export { PLAN_WORKER_URL, runPlanTask } from "./plan-worker.js";
export { type RunStudy, type RunStudyOptions, runStudy } from "./run-study.js";
export {
  firstLook,
  type LimitVerdict,
  limitVerdict,
  MIN_REPLICATIONS,
  nextRound,
} from "./sequential.js";
export { simulateInSlices } from "./simulate.js";
export { type AccessLogSink, simulateWithAccessLogs } from "./simulate-with-logs.js";
export { clusterShards, type SweepStudyOptions, sweepStudy } from "./sweep-study.js";
export {
  headerLine,
  type ParsedTaskFile,
  parseTaskFile,
  recordLine,
  type TaskFileHeader,
  taskFileText,
} from "./task-file.js";
export { type TtlStudy, type TtlStudyOptions, ttlStudy, ttlStudyResult } from "./ttl-study.js";
