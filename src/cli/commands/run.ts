import { join } from "node:path";
import type { Command } from "commander";
import { replicationsCsv, replicationsText, textSummary } from "../../report/index.js";
import type { RunOptions } from "../../run/index.js";
import { replicate, replicationsJson } from "../../run/index.js";
import { applyOverrides, type Scenario } from "../../scenario/index.js";
import { writeOutputFolder } from "../files.js";
import { loadScenarioFile } from "../load-scenario-file.js";
import { choiceOption, collect, integerOption, positiveNumberOption } from "../options.js";
import { checkOutputFolder } from "../output/check-folder.js";
import { runProgress } from "../progress.js";
import { runFiles } from "../report-files.js";
import { simulateInSlices } from "../simulate.js";

interface RunFlags {
  seed?: number;
  duration?: number;
  out?: string;
  format: "table" | "json";
  report: boolean;
  set: string[];
  replications: number;
  quiet?: boolean;
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
    .addOption(
      choiceOption("--format <format>", "stdout format", ["table", "json"] as const, "table"),
    )
    .option("--no-report", "skip the charts and HTML report")
    .option(
      "--set <path=value>",
      "override one scenario field, e.g. dns.ttl=300 (repeatable)",
      collect,
      [],
    )
    .option(
      "--replications <n>",
      "independent runs on seeds derived from the base seed; adds mean, sd and 95% CI of every key metric",
      integerOption("--replications", 1),
      1,
    )
    .option("--quiet", "no progress bar on stderr (there is none when stderr is not a terminal)")
    .action(async (arg: string, flags: RunFlags) => {
      const scenario = applyOverrides(loadScenarioFile(arg).scenario, flags.set, flags.duration);
      const out = flags.out ?? join("reports", scenario.name);
      checkOutputFolder(out); // before simulating: a bad --out should not cost the whole run
      // applyOverrides has set the duration; only the seed is still an option.
      const options = { seed: flags.seed };
      const progress = runProgress({
        runs: flags.replications,
        stream: process.stderr,
        quiet: flags.quiet ?? false,
      });
      const simulate = (s: Scenario, o: RunOptions, run: number) =>
        simulateInSlices(s, o, (seconds, horizon) => progress.update(run, seconds, horizon));
      const replicated =
        flags.replications > 1
          ? replicate(scenario, { ...options, replications: flags.replications, simulate })
          : undefined;
      // The report and results.json always describe the base-seed run; replications add their summary.
      const results = replicated ? replicated.first : simulate(scenario, options, 0);
      progress.stop();
      const files = await runFiles(results, flags.report);
      const json = files.get("results.json") as string;
      if (replicated) {
        files.set(
          "replications.json",
          `${JSON.stringify(replicationsJson(replicated), null, 2)}\n`,
        );
        files.set("replications.csv", replicationsCsv(replicated));
      }
      writeOutputFolder(out, files);
      if (flags.format === "json") {
        process.stdout.write(
          replicated
            ? `${JSON.stringify({ ...results, replications: replicationsJson(replicated) }, null, 2)}\n`
            : json,
        );
      } else {
        const extra = replicated ? `\n${replicationsText(replicated)}` : "";
        process.stdout.write(`${textSummary(results)}${extra}\nwrote ${out}/\n`);
      }
    });
}
