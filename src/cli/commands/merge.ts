import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../../scenario/errors.js";
import type { SweepPlan, TaskRecord } from "../../study/index.js";
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
      const { lockFileName, writeSweepOutputs } = await import("../sweep-io.js");
      const { withSweepLock } = await import("../sweep-lock.js");
      const { plan, records } = await joinTaskFiles(files);
      const out = flags.out ?? join("reports", plan.scenario.name, "sweep");
      const output = await withSweepLock(join(out, lockFileName(null)), () =>
        writeSweepOutputs(out, plan, records, flags.report, flags.quiet ?? false),
      );
      process.stdout.write(`${sweepText(output)}\n`);
      wrote(`${out}/ (merged ${files.length} file${files.length === 1 ? "" : "s"})`);
    });
}

/**
 * Reads task files (each record is checked against its file's plan as it is
 * read), checks they come from one plan and agree wherever they overlap, and
 * that together they cover every task.
 */
async function joinTaskFiles(
  files: readonly string[],
): Promise<{ plan: SweepPlan; records: TaskRecord[] }> {
  const { missingTasks, runCount, stableStringify } = await import("../../study/index.js");
  const { readTaskFile } = await import("../sweep-io.js");
  let plan: SweepPlan | null = null;
  let id = "";
  let first = "";
  const shards = new Set<string>();
  const byTask = new Map<number, TaskRecord>();
  for (const file of files) {
    const parsed = readTaskFile(file);
    const p = parsed.header.plan;
    if (p.command !== "sweep") {
      throw new UserError(
        `${file}: holds '${p.command}' runs; merge joins 'rrdns sweep --shard' files`,
      );
    }
    if (plan === null) {
      plan = p;
      id = parsed.header.planId;
      first = file;
    } else if (parsed.header.planId !== id) {
      throw new UserError(
        `${file}: belongs to a different sweep than ${first} (scenario, --set values, replications, seed, duration or rrdns version differ)`,
      );
    }
    if (parsed.header.shard)
      shards.add(`${parsed.header.shard.index}/${parsed.header.shard.count}`);
    for (const r of parsed.records) {
      const seen = byTask.get(r.task);
      if (seen && stableStringify(seen.metrics) !== stableStringify(r.metrics)) {
        throw new UserError(`${file}: run ${r.task} disagrees with the same run in another file`);
      }
      byTask.set(r.task, r);
    }
  }
  if (plan === null) throw new UserError("merge: no files given");
  const records = [...byTask.values()];
  const missing = missingTasks(plan, records);
  if (missing.length > 0) {
    const counts = new Set([...shards].map((s) => Number(s.split("/")[1])));
    let hint = "";
    if (counts.size === 1) {
      const n = [...counts][0]!;
      const absent = [...new Set(missing.map((t) => t % n))].map((i) => `${i}/${n}`);
      hint = `; shards with missing runs: ${absent.join(", ")}`;
    }
    throw new UserError(
      `merge: ${missing.length} of ${runCount(plan)} runs are missing (first: ${missing.slice(0, 5).join(", ")})${hint}`,
    );
  }
  return { plan, records };
}
