import { rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { type Command, Option } from "commander";
import { OverrideSyntaxError as SweepSyntaxError, UserError } from "../../scenario/errors.js";
import { checkPartition, checkSlurmTime } from "../../study/cluster.js";
import type { ClusterJob } from "../../study/index.js";
import { parseShard, type Shard } from "../../study/shard.js";
import { VERSION } from "../../version.js";
import { collect, integerOption, positiveNumberOption } from "../options.js";
import { wrote } from "../wrote.js";

/* `rrdns sweep`: flags to a plan, then the shared runner in ../sweep-io.ts. */

export interface SweepFlags {
  set?: string[];
  replications: number;
  out?: string;
  seed?: number;
  duration?: number;
  workers?: number;
  quiet?: boolean;
  shard?: Shard;
  resume?: boolean;
  report: boolean;
  slurm?: boolean;
  emit?: "commands";
  arraySize?: number;
  partition?: string;
  time?: string;
  cpusPerTask?: number;
  submit?: boolean;
}

/** Most shards a cluster sweep gets unless --array-size says otherwise. */
const DEFAULT_SHARDS = 100;

function checkedText(flag: string, check: (text: string) => string | null) {
  return (value: string): string => {
    const why = check(value);
    if (why !== null) throw new UserError(`${flag}: ${why}`);
    return value;
  };
}

function shardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    if (error instanceof SweepSyntaxError) throw new UserError(`--shard: ${error.message}`);
    throw error;
  }
}

export function registerSweep(program: Command): void {
  program
    .command("sweep")
    .description(
      "run a scenario over a grid of parameter values with replications; write sweep.csv, sweep.json and charts with 95% CIs",
    )
    .argument("<scenario>", "scenario file, or the name of a bundled scenario")
    .option(
      "--set <path=values>",
      "a field and its values, e.g. dns.ttl=30,60,300 or servers[0].capacity=100..500:100 or dns.ttl=log:30..86400:8 (repeat for a grid)",
      collect,
    )
    .option(
      "--replications <n>",
      "independent seeds per grid point",
      integerOption("--replications", 1),
      10,
    )
    .option("--out <dir>", "output folder (default: reports/<scenario name>/sweep)")
    .option("--seed <n>", "base seed (default: the scenario's)", integerOption("--seed"))
    .option(
      "--duration <s>",
      "simulated seconds per run (overrides the scenario's)",
      positiveNumberOption("--duration"),
    )
    .option(
      "--workers <k>",
      "worker threads (default: all cores; 1 runs in this process)",
      integerOption("--workers", 1),
    )
    .option("--quiet", "no progress bar or messages on stderr")
    .option(
      "--shard <i/n>",
      "run only tasks whose index mod n is i (0-based), for array jobs; join with 'rrdns merge'",
      shardOption,
    )
    .option("--resume", "continue an interrupted sweep from <out>/sweep.partial.jsonl")
    .option("--no-report", "skip the charts and index.html")
    .option(
      "--slurm",
      "write a Slurm job array (one shard per task) and a dependent merge job into <out>/slurm/; print the sbatch commands",
    )
    .addOption(
      new Option(
        "--emit <what>",
        "print the plan instead of running it: 'commands', one shell command per shard (for GNU parallel)",
      ).choices(["commands"]),
    )
    .option(
      "--array-size <n>",
      `shards for --slurm / --emit commands (default: the runs, at most ${DEFAULT_SHARDS})`,
      integerOption("--array-size", 1),
    )
    .option(
      "--partition <p>",
      "Slurm partition for the jobs",
      checkedText("--partition", checkPartition),
    )
    .option("--time <hh:mm:ss>", "Slurm time limit per job", checkedText("--time", checkSlurmTime))
    .option(
      "--cpus-per-task <c>",
      "cores per array task, each running that many workers (default 1)",
      integerOption("--cpus-per-task", 1),
    )
    .option("--submit", "with --slurm: call sbatch and print the job ids")
    .action(async (arg: string, flags: SweepFlags) => {
      checkClusterFlags(flags);
      const { sweepText } = await import("../../report/index.js");
      const {
        clusterShards,
        lockFileName,
        partialFileName,
        planId,
        shardFileName,
        shellQuote,
        sweepStudy,
        taskFileText,
      } = await import("../../study/index.js");
      const { writeAtomic } = await import("../files.js");
      const { loadScenarioFile, refuseTrace } = await import("../load-scenario-file.js");
      const { emitCommands, rrdnsCommand, slurmSweep } = await import("../sweep-cluster.js");
      const { executePlan, pointRowText, writeSweepOutputs } = await import("../sweep-io.js");
      const { withSweepLock } = await import("../sweep-lock.js");
      const { path, scenario } = loadScenarioFile(arg);
      refuseTrace(scenario, path, "sweep");
      const sets = flags.set ?? [];
      const { plan, points } = sweepStudy({
        scenario,
        sets,
        replications: flags.replications,
        seed: flags.seed,
        duration: flags.duration,
        version: VERSION,
      });
      const out = flags.out ?? join("reports", scenario.name, "sweep");
      if (flags.slurm || flags.emit) {
        const shards = clusterShards(plan, flags.arraySize, DEFAULT_SHARDS);
        const job: ClusterJob = {
          plan,
          planId: planId(plan),
          rrdns: rrdnsCommand(),
          scenario: resolve(path),
          sets,
          out: resolve(out),
          shards,
          cpusPerTask: flags.cpusPerTask ?? 1,
          partition: flags.partition ?? null,
          time: flags.time ?? null,
          report: flags.report,
        };
        if (flags.slurm) slurmSweep(job, flags.submit ?? false, flags.quiet ?? false);
        else emitCommands(job, flags.workers ?? 1, flags.quiet ?? false);
        return;
      }
      const shard = flags.shard ?? null;
      const quiet = flags.quiet ?? false;
      await withSweepLock(join(out, lockFileName(shard)), async () => {
        const records = await executePlan(plan, points, {
          out,
          shard,
          workers: flags.workers ?? availableParallelism(),
          quiet,
          resume: flags.resume ?? false,
          pointRow: (point, records) => pointRowText(plan, point, records),
        });
        if (shard) {
          const name = shardFileName(shard);
          writeAtomic(join(out, name), taskFileText(plan, shard, records));
          rmSync(join(out, partialFileName(shard)), { force: true });
          process.stdout.write(`shard ${shard.index}/${shard.count}: ${records.length} runs\n`);
          wrote(join(out, name));
          process.stderr.write(
            // The folder quoted, the glob left for the shell to expand.
            `when every shard is done: rrdns merge ${shellQuote(out)}/sweep.shard-*-of-${shard.count}.jsonl --out ${shellQuote(out)}\n`,
          );
          return;
        }
        const output = await writeSweepOutputs(out, plan, records, flags.report, quiet);
        rmSync(join(out, partialFileName(null)), { force: true });
        process.stdout.write(`${sweepText(output)}\n`);
        wrote(`${out}/`);
      });
    });
}

/** The cluster flags make sense only together: refuse the combinations that would be ignored. */
function checkClusterFlags(flags: SweepFlags): void {
  const cluster = flags.slurm ? "--slurm" : flags.emit ? "--emit" : null;
  if (flags.slurm && flags.emit)
    throw new UserError("--emit: give either --slurm or --emit, not both");
  if (cluster) {
    if (flags.shard)
      throw new UserError(`--shard: ${cluster} runs every shard itself; leave --shard out`);
    if (flags.resume)
      throw new UserError(`--resume: ${cluster} jobs always resume; leave --resume out`);
  } else if (flags.arraySize !== undefined) {
    throw new UserError("--array-size: only with --slurm or --emit commands");
  }
  const slurmOnly: [keyof SweepFlags, string][] = [
    ["partition", "--partition"],
    ["time", "--time"],
    ["cpusPerTask", "--cpus-per-task"],
    ["submit", "--submit"],
  ];
  for (const [key, flag] of slurmOnly) {
    if (flags[key] !== undefined && !flags.slurm) throw new UserError(`${flag}: only with --slurm`);
  }
  if (flags.slurm && flags.workers !== undefined) {
    throw new UserError(
      "--workers: with --slurm each array task runs --cpus-per-task workers; use --cpus-per-task",
    );
  }
}
