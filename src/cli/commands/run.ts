import { join } from "node:path";
import type { Command } from "commander";
import { textSummary } from "../../report/text-summary.js";
import { timeSeriesCsv } from "../../report/timeseries-csv.js";
import { runScenario } from "../../run/index.js";
import { binCountProblem, UserError } from "../../scenario/index.js";
import { writeAllAtomic } from "../files.js";
import { loadScenarioFile } from "../load-scenario-file.js";
import { choiceOption, integerOption, positiveNumberOption } from "../options.js";
import { reportFiles } from "../report-files.js";

interface RunFlags {
  seed?: number;
  duration?: number;
  out?: string;
  format: "table" | "json";
  report: boolean;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("simulate a scenario and write results.json, timeseries.csv and the report")
    .argument("<scenario>", "scenario file, or the name of a bundled scenario (see 'rrdns list')")
    .option("--seed <n>", "random seed (overrides the scenario's)", integerOption("--seed"))
    .option(
      "--duration <s>",
      "simulated seconds (overrides the scenario's)",
      positiveNumberOption("--duration"),
    )
    .option("--out <dir>", "output folder (default: reports/<scenario name>)")
    .option(
      "--format <format>",
      "stdout format: table or json",
      choiceOption("--format", ["table", "json"] as const),
      "table",
    )
    .option("--no-report", "skip the charts and HTML report")
    .action(async (arg: string, flags: RunFlags) => {
      const { scenario } = loadScenarioFile(arg);
      if (flags.duration !== undefined && flags.duration <= scenario.warmup) {
        throw new UserError(
          `--duration: ${flags.duration} s must be longer than the scenario's warmup (${scenario.warmup} s)`,
        );
      }
      const bins =
        flags.duration === undefined ? undefined : binCountProblem(flags.duration, scenario.window);
      if (bins) throw new UserError(`--duration: ${bins}`);
      const results = runScenario(scenario, { seed: flags.seed, duration: flags.duration });
      const out = flags.out ?? join("reports", scenario.name);
      const json = `${JSON.stringify(results, null, 2)}\n`;
      const files = new Map<string, string | Uint8Array>([
        ["results.json", json],
        ["timeseries.csv", timeSeriesCsv(results)],
      ]);
      if (flags.report)
        for (const [name, data] of await reportFiles(results)) files.set(name, data);
      writeAllAtomic(out, files);
      process.stdout.write(
        flags.format === "json" ? json : `${textSummary(results)}\nwrote ${out}/\n`,
      );
    });
}
