import type { MetricValues } from "../run/index.js";
import { applyOverrides, type Scenario, UserError } from "../scenario/index.js";
import { adviseTtl, type TtlAdvice, type TtlLimits, ttlPointDecided } from "./advisor.js";
import { parseFraction } from "./capacity-plan.js";
import type { SequentialRounds, TaskRecord } from "./execute.js";
import { expandGrid, type GridPoint, parseSetFlag } from "./grid.js";
import { buildSweepOutput, type SweepOutput } from "./output.js";
import { checkPlanSize, type SweepPlan } from "./plan.js";
import { refusePools } from "./refuse-pools.js";
import { nextRound } from "./sequential.js";

/*
 * `rrdns ttl`, the decisions: which scenario and TTLs make the plan, the
 * sequential stopping that gives a TTL more seeds only while a CI straddles
 * a limit, and the advice from the finished runs. The CLI reads the
 * scenario, runs the tasks (worker threads, the resumable task file, the
 * lock) and writes the files.
 */

/** `rrdns ttl`'s flags as an options object (the scenario already read). */
export interface TtlStudyOptions {
  readonly scenario: Scenario;
  /** The scenario's file, as errors name it. */
  readonly path: string;
  /** The TTLs to try, as --ttls gives them (the syntax of --set values). */
  readonly ttls: string;
  /** --set texts, applied to the scenario. */
  readonly sets: readonly string[];
  readonly replications: number;
  readonly seed?: number;
  readonly duration?: number;
  /** The limits; the failed-visit share as its flag's text (a fraction or a percentage). */
  readonly limits: Omit<TtlLimits, "maxFailedShare"> & { readonly maxFailedShare?: string };
  readonly version: string;
}

/** A TTL study ready to run: the plan, its grid points, the limits and the stopping rule. */
export interface TtlStudy {
  readonly plan: SweepPlan;
  readonly points: readonly GridPoint[];
  readonly limits: TtlLimits;
  /** Sequential stopping: a TTL gets more seeds only while a CI straddles a limit. */
  readonly rounds: SequentialRounds;
}

/** Checks the options and makes the plan (UserError naming the flag or file for bad input). */
export function ttlStudy(options: TtlStudyOptions): TtlStudy {
  // The advisor trades a TTL's DNS cost against visits to a failed server;
  // a pool's clients look up when their runtime does, so what a TTL does to
  // a pool is measured by the pool metrics of a sweep.
  refusePools(options, {
    command: "ttl",
    why: "weighs a TTL's DNS queries against the visits that keep going to a failed server, and a connection-pool scenario has no visits (its clients look the name up when their runtime does). Measure the TTL's effect on the pool (fill, rebalance and drain times, churn, lookups)",
    sweep: "dns.ttl=5,30,300",
  });
  if (options.sets.some((text) => /^\s*dns\s*\.\s*ttl\s*=/.test(text)))
    throw new UserError(
      "--set dns.ttl: the TTL is what rrdns ttl sweeps; give the values with --ttls",
    );
  // --duration stays the plan's own field (as for rrdns sweep), so only --set applies here.
  const scenario = applyOverrides(options.scenario, options.sets, undefined);
  const flag = `--ttls ${options.ttls}`;
  const parameter = parseSetFlag(`dns.ttl=${options.ttls}`, flag);
  if (parameter.values.some((v) => typeof v !== "number"))
    throw new UserError(`${flag}: TTLs must be numbers of seconds`);
  const plan: SweepPlan = {
    command: "ttl",
    version: options.version,
    scenario,
    parameters: [parameter],
    replications: options.replications,
    seed: options.seed ?? scenario.seed,
    duration: options.duration ?? null,
  };
  checkPlanSize(plan);
  const points = expandGrid(plan, [flag]);
  // In the options' order: the advice publishes the limits as given.
  const limits = Object.fromEntries(
    Object.entries(options.limits).map(([key, value]) => [
      key,
      key === "maxFailedShare" ? parseFraction(String(value), "--max-failed-share") : value,
    ]),
  ) as TtlLimits;
  const decided = (values: readonly MetricValues[]): boolean => ttlPointDecided(values, limits);
  return { plan, points, limits, rounds: (done) => nextRound(plan, done, decided) };
}

/** The study's finished runs as the sweep's output and the advice. */
export function ttlStudyResult(
  study: TtlStudy,
  records: readonly TaskRecord[],
): { output: SweepOutput; advice: TtlAdvice } {
  const output = buildSweepOutput(study.plan, records, { sequential: true });
  return { output, advice: adviseTtl(output, study.limits) };
}
