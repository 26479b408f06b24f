import { resolve } from "node:path";
import type { Command } from "commander";
import { parseTimeField } from "../../logs/parse-line.js";
import type { TraceSummary } from "../../run/index.js";
import { UserError } from "../../scenario/errors.js";
import {
  choiceOption,
  collect,
  integerOption,
  positiveNumberOption,
  replicationsOption,
} from "../options.js";
import { wrote } from "../wrote.js";

interface RunFlags {
  seed?: number;
  duration?: number;
  out?: string;
  format: "table" | "json";
  report: boolean;
  set: string[];
  replications: number;
  quiet?: boolean;
  accessLogs?: string;
  gzipLogs?: boolean;
  logOrigin?: number;
}

/** A line of what the replay read and left out, for stderr. */
export function traceSummaryText(t: TraceSummary): string {
  const examples = t.malformedLines > 0 ? ` (first at line ${t.malformedExamples.join(", ")})` : "";
  return (
    `trace ${t.file}: ${t.lines.toLocaleString("en-US")} lines, ${t.validLines.toLocaleString("en-US")} valid, ` +
    `${t.malformedLines.toLocaleString("en-US")} malformed skipped${examples}, ${t.lateLines} beyond the reorder window, ` +
    `${t.outsideLines.toLocaleString("en-US")} outside the replayed range; ${t.replayedRequests.toLocaleString("en-US")} requests from ` +
    `${t.hosts.toLocaleString("en-US")} hosts through ${t.resolvers.toLocaleString("en-US")} resolvers\n`
  );
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
    .addOption(
      choiceOption("--format <format>", "stdout format", ["table", "json"] as const, "table"),
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
      replicationsOption(1),
      1,
    )
    .option("--quiet", "no progress bar on stderr (there is none when stderr is not a terminal)")
    .option(
      "--access-logs <dir>",
      "write each server's access log into <dir> (<address>.log, Common Log Format): a replayed trace's lines, routed to the server that answered them, or for a synthetic workload a generated line per request the server saw (client address, time, status); with --replications, replication r's into <dir>/r<r>",
    )
    .option("--gzip-logs", "gzip the access logs (<address>.log.gz)")
    .option(
      "--log-origin <time>",
      "generated access logs: the date of simulated t = 0 (ISO 8601 or epoch seconds; default 2000-01-01T00:00:00Z)",
      (text: string) => {
        const t = parseTimeField(text);
        if (Number.isNaN(t))
          throw new UserError(
            `--log-origin: ${JSON.stringify(text)} is not an ISO 8601 time with a zone (Z or ±hh:mm) nor epoch seconds, in the years 1970 to 2099`,
          );
        return t;
      },
    )
    .action(async (arg: string, flags: RunFlags) => {
      const { applyOverrides, overrideList } = await import("../../scenario/index.js");
      const { loadScenarioFile } = await import("../load-scenario-file.js");
      // The scenario first: a missing or invalid one exits 2 before the simulator and the report load.
      const loaded = loadScenarioFile(arg);
      const scenario = applyOverrides(loaded.scenario, flags.set, flags.duration);
      const overrides = overrideList(loaded.scenario, flags.set, flags);
      const { MAX_REPLICATIONS, replicationsJson } = await import("../../run/index.js");
      const { runStudy } = await import("../../study/index.js");
      const { replicationsCsv, replicationsSummaryCsv, replicationsText, textSummary } =
        await import("../../report/index.js");
      const { AccessLogFolder, DEFAULT_LOG_ORIGIN } = await import("../access-log-writer.js");
      const { writeOutputFolder } = await import("../files.js");
      const { checkOutputFolder } = await import("../output/check-folder.js");
      const { defaultRunFolder, withOverrides } = await import("../override-folder.js");
      const { runProgress } = await import("../progress.js");
      const { runFiles } = await import("../report-files.js");
      const { readLineChunks, traceFileOf } = await import("../trace-lines.js");
      const { warnLateEvents } = await import("../warnings.js");
      const out = flags.out ?? defaultRunFolder(loaded.scenario.name, overrides);
      checkOutputFolder(out); // before simulating: a bad --out should not cost the whole run
      warnLateEvents(scenario);
      const progress = runProgress({
        runs: flags.replications,
        stream: process.stderr,
        quiet: flags.quiet ?? false,
      });
      const trace = scenario.clients.trace;
      const n = flags.replications;
      if (flags.accessLogs !== undefined && n > MAX_REPLICATIONS)
        throw new UserError(
          `--replications: ${n} replications is more than the limit of ${MAX_REPLICATIONS} per run`,
        );
      // One run's logs in <dir>; with replications, replication r's in <dir>/r<r>.
      const logsDir = flags.accessLogs;
      if (logsDir !== undefined && resolve(logsDir) === resolve(out))
        throw new UserError(
          `--access-logs ${logsDir}: is also the --out folder; give the logs a folder of their own`,
        );
      // Opened (locked, checked) before the simulation: a bad folder should not cost the run.
      const logFolder =
        logsDir === undefined
          ? undefined
          : AccessLogFolder.open(
              logsDir,
              scenario.servers.map((sv) => sv.address),
              n,
              flags.gzipLogs ?? false,
            );
      const logsFor = (r: number) => logFolder?.writer(r, flags.logOrigin ?? DEFAULT_LOG_ORIGIN);
      let study: Awaited<ReturnType<typeof runStudy>>;
      try {
        const traceFile = trace ? traceFileOf(trace.file, loaded.path) : undefined;
        study = await runStudy({
          scenario,
          seed: flags.seed,
          replications: n,
          ...(traceFile !== undefined ? { traceLines: () => readLineChunks(traceFile) } : {}),
          ...(logFolder !== undefined ? { logsFor: (r: number) => logsFor(r)! } : {}),
          onProgress: (run, seconds, horizon) => progress.update(run, seconds, horizon),
        });
        // Every run done: the logs get their final names.
        await logFolder?.commit();
      } catch (error) {
        logFolder?.abort();
        throw error;
      }
      const { replicated } = study;
      const results = withOverrides(study.results, overrides);
      progress.stop();
      if (study.trace && !flags.quiet) process.stderr.write(traceSummaryText(study.trace));
      const files = await runFiles(results, flags.report, replicated);
      const json = files.get("results.json") as string;
      if (replicated) {
        files.set(
          "replications.json",
          `${JSON.stringify(replicationsJson(replicated), null, 2)}\n`,
        );
        files.set("replications.csv", replicationsCsv(replicated));
        files.set("replications-summary.csv", replicationsSummaryCsv(replicated));
      }
      writeOutputFolder(out, files);
      if (flags.format === "json") {
        process.stdout.write(
          replicated
            ? `${JSON.stringify({ ...results, replications: replicationsJson(replicated) }, null, 2)}\n`
            : json,
        );
      } else {
        const extra = replicated ? `\n${replicationsText(replicated)}` : "";
        process.stdout.write(`${textSummary(results)}${extra}\n`);
      }
      wrote(`${out}/`);
    });
}
