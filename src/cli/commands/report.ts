import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import type { ReplicationsFile, Results } from "../../metrics/index.js";
import { UserError } from "../../scenario/errors.js";
import type { StepProgress } from "../progress.js";
import { wrote } from "../wrote.js";

interface ReportFlags {
  out?: string;
  quiet?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description(
      "draw the charts and HTML report again from a saved results.json, without simulating",
    )
    .argument("<results>", "a results.json written by 'rrdns run'")
    .option("--out <dir>", "output folder (default: the folder of the results file)")
    .option("--quiet", "no progress bar on stderr")
    .action(async (file: string, flags: ReportFlags) => {
      const { timeSeriesCsv } = await import("../../report/index.js");
      const { readText, writeOutputFolder } = await import("../files.js");
      const { checkOutputFolder } = await import("../output/check-folder.js");
      const { settleOutputFolder } = await import("../output/write-folder.js");
      const { isReportFile, reportFiles } = await import("../report-files.js");
      const { stepProgress } = await import("../progress.js");
      const out = flags.out ?? dirname(file);
      checkOutputFolder(out);
      // A run killed mid-switch is finished first, so the results read are a complete run's.
      settleOutputFolder(dirname(file));
      const text = readText(file);
      const results = await parseResultsFile(text, file);
      // A replicated run's folder: its report keeps the table over the replications.
      const replicationsFile = join(dirname(file), "replications.json");
      const replications = existsSync(replicationsFile)
        ? await parseReplicationsFile(readText(replicationsFile), replicationsFile)
        : undefined;
      let progress: StepProgress | null = null;
      const files = await reportFiles(results, replications, (_done, total) => {
        progress ??= stepProgress({
          total,
          unit: "charts",
          stream: process.stderr,
          quiet: flags.quiet ?? false,
          done: 0,
        });
        progress.tick();
      });
      (progress as StepProgress | null)?.stop();
      // The report links to its data; keep the folder complete wherever it goes.
      files.set("timeseries.csv", timeSeriesCsv(results));
      const inPlace = resolve(out) === resolve(dirname(file));
      if (!inPlace) files.set("results.json", text);
      // The page links to the replications' files too: they travel with it.
      if (!inPlace && replications)
        for (const name of ["replications.json", "replications.csv", "replications-summary.csv"]) {
          const from = join(dirname(file), name);
          if (existsSync(from)) files.set(name, readText(from));
        }
      // Redrawn in place, the run's other files (results.json, replications.*) stay part of the output.
      writeOutputFolder(out, files, { keep: (path) => inPlace && !isReportFile(path) });
      wrote(`${join(out, "index.html")} and ${files.size - 1} more files`);
    });
}

/** JSON.parse, its error a UserError naming the file. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: not JSON (${(error as Error).message})`);
  }
}

/** Parses and checks a results file, turning every way it can be wrong into a UserError. */
export async function parseResultsFile(text: string, file: string): Promise<Results> {
  const value = parseJson(text, file);
  const { checkResults } = await import("../../metrics/index.js");
  const check = checkResults(value);
  if (check.ok) return check.results;
  const shown = check.problems.slice(0, 5);
  const more = check.problems.length - shown.length;
  throw new UserError(
    `${file}: not an rrdns results file (write one with 'rrdns run'):\n  ${shown.join("\n  ")}${more > 0 ? `\n  … and ${more} more` : ""}`,
  );
}

/** Parses and checks a replications.json written by `rrdns run --replications`; UserError if it is not one. */
export async function parseReplicationsFile(text: string, file: string): Promise<ReplicationsFile> {
  const value = parseJson(text, file);
  const { replicationsSchema } = await import("../../metrics/index.js");
  const parsed = replicationsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const i = parsed.error.issues[0]!;
  throw new UserError(
    `${file}: not an rrdns replications file: ${i.path.length > 0 ? i.path.map(String).join(".") : "(top level)"}: ${i.message}`,
  );
}
