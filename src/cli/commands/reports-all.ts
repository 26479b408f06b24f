import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../../scenario/errors.js";
import { positiveNumberOption } from "../options.js";
import { printable } from "../printable.js";

interface ReportsAllFlags {
  out?: string;
  duration?: number;
  quiet?: boolean;
}

/** Runs one bundled scenario and writes its folder; returns the folder. */
async function writeReport(path: string, flags: ReportsAllFlags): Promise<string> {
  const { replayTrace, runScenario } = await import("../../run/index.js");
  const { applyOverrides, overrideList } = await import("../../scenario/index.js");
  const { writeAllAtomic } = await import("../files.js");
  const { loadScenarioFile } = await import("../load-scenario-file.js");
  const { overrideFolderName, withOverrides } = await import("../override-folder.js");
  const { runFiles } = await import("../report-files.js");
  const { readLineBatches, traceFileOf } = await import("../trace-lines.js");
  const { warnLateEvents } = await import("../warnings.js");
  const loaded = loadScenarioFile(path);
  const scenario = applyOverrides(loaded.scenario, [], flags.duration);
  const overrides = overrideList(loaded.scenario, [], { duration: flags.duration });
  warnLateEvents(scenario, scenario.name);
  const trace = scenario.clients.trace;
  // A replayed trace is read by the CLI, as `rrdns run` does it.
  const results = trace
    ? (await replayTrace(scenario, () => readLineBatches(traceFileOf(trace.file, path)))).results
    : runScenario(scenario);
  // Without --out, a shortened run goes next to the committed report, as with `rrdns run`.
  const out =
    flags.out === undefined
      ? join("reports", overrideFolderName(loaded.scenario.name, overrides))
      : join(flags.out, scenario.name);
  writeAllAtomic(out, await runFiles(withOverrides(results, overrides), true));
  return out;
}

export function registerReportsAll(program: Command): void {
  program
    .command("reports-all")
    .description("run every bundled scenario and write its results and report to reports/<name>/")
    .option("--out <dir>", "parent folder of the reports (default: reports)")
    .option(
      "--duration <s>",
      "simulated seconds for every scenario (overrides theirs; for quick checks)",
      positiveNumberOption("--duration"),
    )
    .option("--quiet", "no progress bar on stderr")
    .action(async (flags: ReportsAllFlags) => {
      const { bundledScenarioFiles, scenarioNameOf } = await import("../files.js");
      const { stepProgress } = await import("../progress.js");
      const paths = bundledScenarioFiles();
      if (paths.length === 0) throw new UserError("no bundled scenarios found");
      const progress = stepProgress({
        total: paths.length,
        unit: "scenarios",
        stream: process.stderr,
        quiet: flags.quiet ?? false,
      });
      // One scenario's failure does not stop the others; each is named, and the exit code says so at the end.
      const failed: string[] = [];
      let bug = false;
      for (const path of paths) {
        const name = scenarioNameOf(path);
        try {
          const out = await writeReport(path, flags);
          progress.tick();
          progress.print(`${name}: wrote ${printable(out)}/\n`, process.stderr);
        } catch (error) {
          progress.tick();
          failed.push(name);
          if (!(error instanceof UserError)) bug = true;
          const text = error instanceof UserError ? error.format() : String(error);
          for (const line of text.split("\n"))
            progress.print(`rrdns: ${printable(name)}: ${printable(line)}\n`, process.stderr);
        }
      }
      progress.stop();
      if (failed.length > 0) {
        process.stderr.write(
          `rrdns: reports-all: ${failed.length} of ${paths.length} scenarios failed: ${failed.join(", ")}\n`,
        );
        process.exitCode = bug ? 1 : 2;
      }
    });
}
