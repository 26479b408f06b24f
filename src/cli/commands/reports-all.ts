import { join } from "node:path";
import type { Command } from "commander";
import { replayTrace, runScenario } from "../../run/index.js";
import { applyOverrides, UserError } from "../../scenario/index.js";
import { bundledScenarioFiles, writeAllAtomic } from "../files.js";
import { loadScenarioFile } from "../load-scenario-file.js";
import { positiveNumberOption } from "../options.js";
import { stepProgress } from "../progress.js";
import { runFiles } from "../report-files.js";
import { readLineBatches, traceFileOf } from "../trace-lines.js";

interface ReportsAllFlags {
  out: string;
  duration?: number;
  quiet?: boolean;
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
    .option("--quiet", "no progress bar on stderr")
    .action(async (flags: ReportsAllFlags) => {
      const paths = bundledScenarioFiles();
      if (paths.length === 0) throw new UserError("no bundled scenarios found");
      const progress = stepProgress({
        total: paths.length,
        unit: "scenarios",
        stream: process.stderr,
        quiet: flags.quiet ?? false,
      });
      for (const path of paths) {
        const scenario = applyOverrides(loadScenarioFile(path).scenario, [], flags.duration);
        const trace = scenario.clients.trace;
        // A replayed trace is read by the CLI, as `rrdns run` does it.
        const results = trace
          ? (await replayTrace(scenario, () => readLineBatches(traceFileOf(trace.file, path))))
              .results
          : runScenario(scenario);
        const out = join(flags.out, scenario.name);
        const files = await runFiles(results, true);
        writeAllAtomic(out, files);
        progress.tick();
        progress.print(`${scenario.name}: wrote ${out}/\n`, process.stdout);
      }
      progress.stop();
    });
}
