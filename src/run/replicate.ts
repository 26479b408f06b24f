import type { Results } from "../metrics/index.js";
import { type Scenario, UserError } from "../scenario/index.js";
import {
  extractMetrics,
  type MetricDef,
  metricsFor,
  metricTrials,
  summarizeMetric,
} from "./key-metrics.js";
import { MAX_REPLICATIONS } from "./replication-limit.js";
import { type RunOptions, runScenario } from "./run-scenario.js";
import { replicationSeeds } from "./seeds.js";
import type { Summary } from "./statistics.js";

export { MAX_REPLICATIONS };

export interface ReplicateOptions {
  /** Independent runs, >= 1. */
  readonly replications: number;
  /** Base seed (default: the scenario's); replication 0 runs on it unchanged. */
  readonly seed?: number;
  /** Overrides the scenario's duration (simulated seconds). */
  readonly duration?: number;
  /** Runs one replication (default runScenario); the CLI passes one that reports progress. */
  readonly simulate?: (scenario: Scenario, options: RunOptions, replication: number) => Results;
}

export interface ReplicatedMetric {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  /** One value per replication, in seed order; null where it does not apply. */
  readonly values: readonly (number | null)[];
  readonly summary: Summary;
}

/** What `rrdns run --replications N` reports: every key metric with mean, sd and 95% CI. */
export interface ReplicatedResults {
  readonly scenario: string;
  readonly baseSeed: number;
  readonly duration: number;
  readonly replications: number;
  /** Seed of each replication; seeds[0] is the base seed. */
  readonly seeds: readonly number[];
  /** Full results of replication 0 (the base seed): the run the usual report is drawn from. */
  readonly first: Results;
  readonly metrics: readonly ReplicatedMetric[];
}

/**
 * Runs a scenario on N seeds derived from the base seed and summarises each
 * key metric across them. Pure and deterministic, like runScenario.
 */
export function replicate(scenario: Scenario, options: ReplicateOptions): ReplicatedResults {
  const { replications } = options;
  if (!Number.isSafeInteger(replications) || replications < 1) {
    throw new RangeError(
      `replicate: replications must be a whole number >= 1, got ${replications}`,
    );
  }
  if (replications > MAX_REPLICATIONS) {
    throw new UserError(
      `--replications: ${replications} replications is more than the limit of ${MAX_REPLICATIONS} per run`,
    );
  }
  const baseSeed = options.seed ?? scenario.seed;
  const seeds = replicationSeeds(baseSeed, replications);
  let first: Results | undefined;
  // Which metrics is decided by the base run: with capacity, the queueing ones too.
  let metrics: readonly MetricDef[] = [];
  const perRun = seeds.map((seed, r) => {
    const results = (options.simulate ?? runScenario)(
      scenario,
      { seed, duration: options.duration },
      r,
    );
    if (r === 0) {
      first = results;
      metrics = metricsFor(results);
    }
    // Only numbers are kept per replication (never the results): memory O(metrics × N).
    return {
      values: extractMetrics(results, metrics),
      trials: metrics.map((m) => metricTrials(m, results)),
    };
  });
  return {
    scenario: scenario.name,
    baseSeed,
    duration: options.duration ?? scenario.duration,
    replications,
    seeds,
    metrics: metrics.map((m, i) => {
      const values = perRun.map((v) => v.values[m.id] ?? null);
      const trials = perRun.map((v) => v.trials[i] ?? null);
      return {
        id: m.id,
        label: m.label,
        unit: m.unit,
        values,
        summary: summarizeMetric(m, values, trials),
      };
    }),
    first: first!,
  };
}

/** The serialisable part (everything but the full first run), for replications.json. */
export function replicationsJson(rep: ReplicatedResults): Omit<ReplicatedResults, "first"> {
  const { first: _first, ...rest } = rep;
  return rest;
}
