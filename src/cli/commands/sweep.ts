import { rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../../scenario/index.js";
import {
  checkDistinctPaths,
  expandGrid,
  parseSetFlag,
  SweepSyntaxError,
} from "../../sweep/grid.js";
import { parseShard, type Shard, type SweepParameter, type SweepPlan } from "../../sweep/plan.js";
import { sweepText } from "../../sweep/sweep-text.js";
import { taskFileText } from "../../sweep/task-file.js";
import { VERSION } from "../../version.js";
import { writeAtomic } from "../files.js";
import { loadScenarioFile } from "../load-scenario-file.js";
import { collect, integerOption, positiveNumberOption } from "../options.js";
import { executePlan, partialFileName, shardFileName, writeSweepOutputs } from "../sweep-io.js";

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
    .action(async (arg: string, flags: SweepFlags) => {
      const { scenario } = loadScenarioFile(arg);
      const sets = flags.set ?? [];
      const parameters: SweepParameter[] = sets.map((text) => parseSetFlag(text));
      const flagTexts = sets.map((text) => `--set ${text}`);
      checkDistinctPaths(parameters, flagTexts);
      if (flags.duration !== undefined && parameters.some((p) => p.path === "duration")) {
        throw new UserError(
          "--duration: give the duration either as --duration or as --set duration=…, not both",
        );
      }
      const plan: SweepPlan = {
        command: "sweep",
        version: VERSION,
        scenario,
        parameters,
        replications: flags.replications,
        seed: flags.seed ?? scenario.seed,
        duration: flags.duration ?? null,
      };
      const points = expandGrid(plan, flagTexts);
      const out = flags.out ?? join("reports", scenario.name, "sweep");
      const shard = flags.shard ?? null;
      const records = await executePlan(plan, points, {
        out,
        shard,
        workers: flags.workers ?? availableParallelism(),
        quiet: flags.quiet ?? false,
        resume: flags.resume ?? false,
      });
      if (shard) {
        const name = shardFileName(shard);
        writeAtomic(join(out, name), taskFileText(plan, shard, records));
        rmSync(join(out, partialFileName(shard)), { force: true });
        process.stdout.write(
          `shard ${shard.index}/${shard.count}: ${records.length} runs\nwrote ${join(out, name)}\n` +
            `when every shard is done: rrdns merge ${join(out, "sweep.shard-*.jsonl")} --out ${out}\n`,
        );
        return;
      }
      const output = await writeSweepOutputs(
        out,
        plan,
        records,
        flags.report,
        flags.quiet ?? false,
      );
      rmSync(join(out, partialFileName(null)), { force: true });
      process.stdout.write(`${sweepText(output)}\nwrote ${out}/\n`);
    });
}
