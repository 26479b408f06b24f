import { join } from "node:path";
import type { Command } from "commander";
import { timeSeriesCsv } from "../../report/timeseries-csv.js";
import { runScenario } from "../../run/index.js";
import { UserError } from "../../scenario/index.js";
import { bundledScenarioFiles, writeAllAtomic } from "../files.js";
import { loadScenarioFile } from "../load-scenario-file.js";
import { positiveNumberOption } from "../options.js";
import { reportFiles } from "../report-files.js";

interface ReportsAllFlags {
  out: string;
  duration?: number;
}

export function registerReportsAll(program: Command): void {
  program
    .command("reports-all")
    .description("run every bundled scenario and write its results and report to reports/<name>/")
    .option("--out <dir>", "parent folder of the reports", "reports")
    .option(
      "--duration <s>",
      "simulated seconds for every scenario (overrides theirs; for quick checks)",
      positiveNumberOption("--duration"),
    )
    .action(async (flags: ReportsAllFlags) => {
      const paths = bundledScenarioFiles();
      if (paths.length === 0) throw new UserError("no bundled scenarios found");
      for (const path of paths) {
        const { scenario } = loadScenarioFile(path);
        if (flags.duration !== undefined && flags.duration <= scenario.warmup)
          throw new UserError(
            `--duration: ${flags.duration} s must be longer than ${scenario.name}'s warmup (${scenario.warmup} s)`,
          );
        const results = runScenario(scenario, { duration: flags.duration });
        const out = join(flags.out, scenario.name);
        const files = new Map<string, string | Uint8Array>([
          ["results.json", `${JSON.stringify(results, null, 2)}\n`],
          ["timeseries.csv", timeSeriesCsv(results)],
        ]);
        for (const [name, data] of await reportFiles(results)) files.set(name, data);
        writeAllAtomic(out, files);
        process.stdout.write(`${scenario.name}: wrote ${out}/\n`);
      }
    });
}
