import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../../scenario/errors.js";
import { positiveNumberOption } from "../options.js";

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
      const { replayTrace, runScenario } = await import("../../run/index.js");
      const { applyOverrides } = await import("../../scenario/index.js");
      const { bundledScenarioFiles, writeAllAtomic } = await import("../files.js");
      const { loadScenarioFile } = await import("../load-scenario-file.js");
      const { runFiles } = await import("../report-files.js");
      const { readLineBatches, traceFileOf } = await import("../trace-lines.js");
      const paths = bundledScenarioFiles();
      if (paths.length === 0) throw new UserError("no bundled scenarios found");
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
        process.stdout.write(`${scenario.name}: wrote ${out}/\n`);
      }
    });
}
