import { join } from "node:path";
import type { Command } from "commander";
import { wrote } from "../wrote.js";

interface MergeFlags {
  out?: string;
  quiet?: boolean;
  report: boolean;
}

export function registerMerge(program: Command): void {
  program
    .command("merge")
    .description(
      "join the shard files of a sweep run with --shard into the output a single run would give",
    )
    .argument("<files...>", "shard files (sweep.shard-<i>-of-<n>.jsonl); partial files work too")
    .option("--out <dir>", "output folder (default: reports/<scenario name>/sweep)")
    .option("--quiet", "no messages on stderr")
    .option("--no-report", "skip the charts and index.html")
    .action(async (files: string[], flags: MergeFlags) => {
      const { sweepText } = await import("../../report/index.js");
      const { joinTaskFiles, lockFileName } = await import("../../study/index.js");
      const { readText } = await import("../files.js");
      const { writeSweepOutputs } = await import("../sweep-io.js");
      const { withSweepLock } = await import("../sweep-lock.js");
      const { plan, records } = joinTaskFiles(
        files.map((file) => ({ file, text: readText(file) })),
      );
      const out = flags.out ?? join("reports", plan.scenario.name, "sweep");
      const output = await withSweepLock(join(out, lockFileName(null)), () =>
        writeSweepOutputs(out, plan, records, flags.report, flags.quiet ?? false),
      );
      process.stdout.write(`${sweepText(output)}\n`);
      wrote(`${out}/ (merged ${files.length} file${files.length === 1 ? "" : "s"})`);
    });
}
