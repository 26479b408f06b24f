import { basename } from "node:path";
import type { Writable } from "node:stream";
import type { Command } from "commander";
import type { SortedLogInput } from "../../logs/index.js";
import { choiceOption, positiveNumberOption } from "../options.js";
import { checkOutputFile, writeOutputFile } from "../output/write-file.js";
import { printable } from "../printable.js";

interface MergeFlags {
  output?: string;
  format: "clf" | "tsv" | "csv";
  reorderWindow: number;
}

function malformedText(file: string, input: SortedLogInput): string {
  const p = input.parser;
  const parts: string[] = [];
  if (p.malformed > 0)
    parts.push(
      `${p.malformed} malformed line(s) skipped (first at line ${p.malformedLines.join(", ")})`,
    );
  if (input.late > 0) parts.push(`${input.late} line(s) beyond the reorder window dropped`);
  return parts.length > 0 ? `rrdns: ${printable(file)}: ${parts.join("; ")}\n` : "";
}

/** Where the merge goes: stdout, or the -o file. */
interface MergeSink {
  write(text: string): Promise<void>;
}

function stdoutSink(): MergeSink {
  const out: Writable = process.stdout;
  return {
    write: async (text) => {
      if (!out.write(text)) await new Promise<void>((done) => out.once("drain", () => done()));
    },
  };
}

/** A streaming k-way merge of logs into `out`, each input put in order by its own reorder window. */
async function mergeLogs(
  files: readonly string[],
  flags: MergeFlags,
  out: MergeSink,
): Promise<SortedLogInput[]> {
  const { nextInput, SortedLogInput } = await import("../../logs/index.js");
  const { readLineBatches } = await import("../trace-lines.js");
  const inputs = files.map(() => new SortedLogInput(flags.format, flags.reorderWindow));
  const readers = files.map((f) => readLineBatches(f)[Symbol.asyncIterator]());
  const fill = async (i: number) => {
    const input = inputs[i]!;
    while (!input.ready) {
      const next = await readers[i]!.next();
      if (next.done) input.end();
      else input.feed(next.value);
    }
  };
  for (let i = 0; i < inputs.length; i++) await fill(i);
  let buffer: string[] = [];
  for (;;) {
    const i = nextInput(inputs);
    if (i < 0) break;
    buffer.push(inputs[i]!.shift());
    if (buffer.length >= 8192) {
      await out.write(`${buffer.join("\n")}\n`);
      buffer = [];
    }
    if (!inputs[i]!.available) await fill(i);
  }
  if (buffer.length > 0) await out.write(`${buffer.join("\n")}\n`);
  return inputs;
}

export function registerLogs(program: Command): void {
  const logs = program
    .command("logs")
    .description("per-server access logs: merge them, count them");
  const formatOption = () =>
    choiceOption("--format <format>", "log format", ["clf", "tsv", "csv"] as const, "clf");
  logs
    .command("merge")
    .description(
      "merge access logs (plain or gzipped) into one in time order, streaming; stable for equal times",
    )
    .argument("<logs...>", "log files")
    .option("-o, --output <file>", "write here (gzipped if it ends in .gz) instead of stdout")
    .addOption(formatOption())
    .option(
      "--reorder-window <s>",
      "seconds a line may be out of order within one log (later lines are dropped, and counted)",
      positiveNumberOption("--reorder-window"),
      60,
    )
    .action(async (files: string[], flags: MergeFlags) => {
      const { checkTraceFile } = await import("../trace-lines.js");
      for (const f of files) checkTraceFile(f);
      if (flags.output !== undefined) checkOutputFile(flags.output, { flag: "-o", inputs: files });
      let inputs: SortedLogInput[];
      if (flags.output === undefined) inputs = await mergeLogs(files, flags, stdoutSink());
      else {
        // Staged and renamed whole; never one of the inputs, never a user's file.
        const output = flags.output;
        inputs = [];
        await writeOutputFile(
          output,
          { flag: "-o", inputs: files, gzip: output.endsWith(".gz") },
          async (file) => {
            inputs = await mergeLogs(files, flags, file);
          },
        );
      }
      for (let i = 0; i < files.length; i++)
        process.stderr.write(malformedText(files[i]!, inputs[i]!));
    });
  logs
    .command("stats")
    .description("per-server request counts and shares, from the logs alone (one log per server)")
    .argument("<logs...>", "log files, one per server")
    .addOption(formatOption())
    .addOption(
      choiceOption("--output-format <f>", "stdout format", ["table", "json"] as const, "table"),
    )
    .action(
      async (
        files: string[],
        flags: { format: "clf" | "tsv" | "csv"; outputFormat: "table" | "json" },
      ) => {
        const { SortedLogInput } = await import("../../logs/index.js");
        const { checkTraceFile, readLineBatches } = await import("../trace-lines.js");
        for (const f of files) checkTraceFile(f);
        const rows: { file: string; requests: number; malformed: number; share: number }[] = [];
        for (const f of files) {
          const input = new SortedLogInput(flags.format, Number.POSITIVE_INFINITY);
          const p = input.parser;
          for await (const batch of readLineBatches(f)) for (const line of batch) p.parse(line);
          rows.push({ file: f, requests: p.valid, malformed: p.malformed, share: 0 });
        }
        const total = rows.reduce((a, r) => a + r.requests, 0);
        for (const r of rows) r.share = total > 0 ? r.requests / total : 0;
        if (flags.outputFormat === "json") {
          process.stdout.write(`${JSON.stringify({ total, logs: rows }, null, 2)}\n`);
          return;
        }
        const width = Math.max(4, ...rows.map((r) => printable(basename(r.file)).length));
        let text = `${"log".padEnd(width)}  ${"requests".padStart(12)}  ${"share".padStart(7)}  malformed\n`;
        for (const r of rows)
          text += `${printable(basename(r.file)).padEnd(width)}  ${r.requests.toLocaleString("en-US").padStart(12)}  ${`${(r.share * 100).toFixed(1)}%`.padStart(7)}  ${r.malformed}\n`;
        text += `${"total".padEnd(width)}  ${total.toLocaleString("en-US").padStart(12)}\n`;
        process.stdout.write(text);
      },
    );
}
