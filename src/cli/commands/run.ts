import { join } from "node:path";
import type { Command } from "commander";
import { textSummary } from "../../report/text-summary.js";
import { runScenario } from "../../run/index.js";
import { applyOverrides } from "../../scenario/index.js";
import { replicate, replicationsJson } from "../../sweep/replicate.js";
import { replicationsCsv, replicationsText } from "../../sweep/replicate-text.js";
import { writeAllAtomic } from "../files.js";
import { loadScenarioFile } from "../load-scenario-file.js";
import { choiceOption, collect, integerOption, positiveNumberOption } from "../options.js";
import { runFiles } from "../report-files.js";

interface RunFlags {
  seed?: number;
  duration?: number;
  out?: string;
  format: "table" | "json";
  report: boolean;
  set: string[];
  replications: number;
}

/** Everything `rrdns run` writes; what a run does not write again is removed. */
const RUN_OUTPUTS = [
  "results.json",
  "timeseries.csv",
  "replications.json",
  "replications.csv",
  "index.html",
  "charts/",
];

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
    .action(async (arg: string, flags: RunFlags) => {
      const scenario = applyOverrides(loadScenarioFile(arg).scenario, flags.set, flags.duration);
      // applyOverrides has set the duration; only the seed is still an option.
      const options = { seed: flags.seed };
      const replicated =
        flags.replications > 1
          ? replicate(scenario, { ...options, replications: flags.replications })
          : undefined;
      // The report and results.json always describe the base-seed run; replications add their summary.
      const results = replicated ? replicated.first : runScenario(scenario, options);
      const out = flags.out ?? join("reports", scenario.name);
      const files = await runFiles(results, flags.report);
      const json = files.get("results.json") as string;
      if (replicated) {
        files.set(
          "replications.json",
          `${JSON.stringify(replicationsJson(replicated), null, 2)}\n`,
        );
        files.set("replications.csv", replicationsCsv(replicated));
      }
      writeAllAtomic(out, files, RUN_OUTPUTS);
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
