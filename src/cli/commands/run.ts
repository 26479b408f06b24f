import { join } from "node:path";
import type { Command } from "commander";
import { textSummary } from "../../report/text-summary.js";
import { timeSeriesCsv } from "../../report/timeseries-csv.js";
import { runScenario } from "../../run/index.js";
import { type Scenario, UserError } from "../../scenario/index.js";
import { checkDistinctPaths, expandGrid, parseSetFlag } from "../../sweep/grid.js";
import { replicate, replicationsJson } from "../../sweep/replicate.js";
import { replicationsCsv, replicationsText } from "../../sweep/replicate-text.js";
import { VERSION } from "../../version.js";
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

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * Applies `--set path=value` overrides and `--duration`, validating the result
 * like a scenario file (schema limits and cross-field checks included).
 */
function applyOverrides(
  scenario: Scenario,
  sets: readonly string[],
  duration: number | undefined,
): Scenario {
  if (sets.length === 0 && duration === undefined) return scenario;
  const flags = sets.map((text) => `--set ${text}`);
  const parameters = sets.map((text, i) => parseSetFlag(text, flags[i]));
  parameters.forEach((p, i) => {
    if (p.values.length !== 1) {
      throw new UserError(
        `${flags[i]}: 'rrdns run' takes one value per field; use 'rrdns sweep' for several`,
      );
    }
  });
  checkDistinctPaths(parameters, flags);
  const plan = {
    command: "sweep",
    version: VERSION,
    scenario,
    parameters,
    replications: 1,
    seed: scenario.seed,
    duration: duration ?? null,
  } as const;
  return expandGrid(plan, flags)[0]!.scenario;
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
      const options = { seed: flags.seed, duration: flags.duration };
      const replicated =
        flags.replications > 1
          ? replicate(scenario, { ...options, replications: flags.replications })
          : undefined;
      // The report and results.json always describe the base-seed run; replications add their summary.
      const results = replicated ? replicated.first : runScenario(scenario, options);
      const out = flags.out ?? join("reports", scenario.name);
      const json = `${JSON.stringify(results, null, 2)}\n`;
      const files = new Map<string, string | Uint8Array>([
        ["results.json", json],
        ["timeseries.csv", timeSeriesCsv(results)],
      ]);
      if (replicated) {
        files.set(
          "replications.json",
          `${JSON.stringify(replicationsJson(replicated), null, 2)}\n`,
        );
        files.set("replications.csv", replicationsCsv(replicated));
      }
      if (flags.report)
        for (const [name, data] of await reportFiles(results)) files.set(name, data);
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
