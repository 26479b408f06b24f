/*
 * Sweeps: planning (a grid of scenario overrides × replications, shards, the
 * plan's identity, size limits), execution (in this thread or on worker
 * threads, streamed, interruptible), the task files that make it resumable
 * and mergeable, and the statistics over grid points (summaries, the TTL
 * advisor's Pareto and feasibility logic). Presentation lives in
 * src/report/sweep; files, locks and the process in src/cli.
 */
export {
  adviseTtl,
  TRADE_OFFS,
  type TradeOffKey,
  type TradeOffMeasure,
  type TtlAdvice,
  type TtlCaveat,
  type TtlLimits,
  type TtlRemedy,
  type TtlRow,
  type Violation,
} from "./advisor.js";
export {
  type Executor,
  inProcessExecutor,
  poolExecutor,
  type RunTasksOptions,
  runTask,
  runTasks,
  type TaskInput,
  type TaskRecord,
  WORKER_URL,
} from "./execute.js";
// Grid expansion and override parsing: H4 moves these into src/scenario (one override module).
export {
  checkDistinctPaths,
  expandGrid,
  type GridPoint,
  MAX_GRID_POINTS,
  parseSetFlag,
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
export { planId, sha256Hex } from "./plan-id.js";
export { SweepSyntaxError } from "./syntax-error.js";
export {
  headerLine,
  type ParsedTaskFile,
  parseTaskFile,
  recordLine,
  type TaskFileHeader,
  taskFileText,
} from "./task-file.js";
export { formatValue, parseValueList, type SweepValue } from "./values.js";
