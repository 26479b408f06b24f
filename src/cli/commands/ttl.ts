import { rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { VERSION } from "../../version.js";
import {
  choiceOption,
  collect,
  integerOption,
  nonNegativeNumberOption,
  positiveNumberOption,
  replicationsOption,
  secondsOption,
} from "../options.js";
import { wrote } from "../wrote.js";

/** Exit code when no TTL tried meets every limit (as `rrdns plan`; 0: one does; 2: bad input). */
export const EXIT_NO_TTL = 3;

/** TTLs from a CDN's 10 s to a day: the range planners argue about. */
export const DEFAULT_TTLS = "10,30,60,300,900,3600,14400,86400";

interface TtlFlags {
  ttls: string;
  replications: number;
  maxDrain?: number;
  maxQps?: number;
  maxImbalance?: number;
  maxFailedVisits?: number;
  maxFailedShare?: string;
  maxFailedPerHour?: number;
  maxDelayMean?: number;
  maxDelayP99?: number;
  set: string[];
  seed?: number;
  duration?: number;
  out?: string;
  workers?: number;
  quiet?: boolean;
  resume?: boolean;
  report: boolean;
  format: "table" | "json";
}

export function registerTtl(program: Command): void {
  program
    .command("ttl")
    .description(
      "TTL advisor: sweep the TTL, show DNS cost against balance, failed visits and drain time with 95% CIs, and recommend one",
    )
    .argument("<scenario>", "scenario file, or the name of a bundled scenario")
    .option("--ttls <list>", "TTLs to try, seconds (same syntax as --set values)", DEFAULT_TTLS)
    .option(
      "--replications <n>",
      "most independent seeds per TTL (each stops at 3 or more once its CIs are clear of every limit)",
      replicationsOption(1),
      10,
    )
    .option(
      "--max-drain <s>",
      "limit: seconds until a failed server stops drawing traffic",
      nonNegativeNumberOption("--max-drain"),
    )
    .option(
      "--max-qps <q>",
      "limit: authoritative queries per second",
      nonNegativeNumberOption("--max-qps"),
    )
    .option(
      "--max-imbalance <x>",
      "limit: busiest server's load over the mean, per window",
      positiveNumberOption("--max-imbalance"),
    )
    .option(
      "--max-failed-share <share>",
      "limit: failed visits as a share of visits, e.g. 0.1% or 0.001",
    )
    .option(
      "--max-failed-per-hour <n>",
      "limit: failed visits per hour of measured time",
      nonNegativeNumberOption("--max-failed-per-hour"),
    )
    .option(
      "--max-delay-mean <s>",
      "limit: mean seconds (or ms) a visit loses to connect timeouts (failover clients trying a dead address)",
      secondsOption("--max-delay-mean"),
    )
    .option(
      "--max-delay-p99 <s>",
      "limit: 99th percentile of the seconds (e.g. 1s, 500ms) a visit loses to connect timeouts",
      secondsOption("--max-delay-p99"),
    )
    .option(
      "--max-failed-visits <n>",
      "deprecated (a count over the whole run, it grows with --duration): use --max-failed-share or --max-failed-per-hour",
      nonNegativeNumberOption("--max-failed-visits"),
    )
    .option(
      "--set <path=value>",
      "override one scenario field before the sweep, e.g. clients.selection=failover (repeatable; not dns.ttl: use --ttls)",
      collect,
      [],
    )
    .option("--seed <n>", "base seed (default: the scenario's)", integerOption("--seed"))
    .option(
      "--duration <s>",
      "simulated seconds per run (overrides the scenario's)",
      positiveNumberOption("--duration"),
    )
    .option("--out <dir>", "output folder (default: reports/<scenario name>/ttl)")
    .option(
      "--workers <k>",
      "worker threads (default: all cores; 1 runs in this process)",
      integerOption("--workers", 1),
    )
    .option("--quiet", "no progress bar or messages on stderr")
    .option("--resume", "continue an interrupted run from <out>/sweep.partial.jsonl")
    .option("--no-report", "skip the chart and index.html")
    .addOption(
      choiceOption("--format <format>", "stdout format", ["table", "json"] as const, "table"),
    )
    .action(async (arg: string, flags: TtlFlags) => {
      const { sweepCsv, ttlAdviceProse, ttlAdviceText, ttlChart, ttlCsv, ttlPage } = await import(
        "../../report/index.js"
      );
      const { lockFileName, partialFileName, ttlStudy, ttlStudyResult } = await import(
        "../../study/index.js"
      );
      const { writeAllAtomic } = await import("../files.js");
      const { loadScenarioFile, refuseTrace } = await import("../load-scenario-file.js");
      const { executePlan, pointRowText, renderCharts } = await import("../sweep-io.js");
      const { withSweepLock } = await import("../sweep-lock.js");
      const loaded = loadScenarioFile(arg);
      refuseTrace(loaded.scenario, loaded.path, "ttl");
      const study = ttlStudy({
        scenario: loaded.scenario,
        path: loaded.path,
        ttls: flags.ttls,
        sets: flags.set,
        replications: flags.replications,
        seed: flags.seed,
        duration: flags.duration,
        limits: {
          ...(flags.maxDrain !== undefined && { maxDrain: flags.maxDrain }),
          ...(flags.maxQps !== undefined && { maxQps: flags.maxQps }),
          ...(flags.maxImbalance !== undefined && { maxImbalance: flags.maxImbalance }),
          ...(flags.maxFailedVisits !== undefined && { maxFailedVisits: flags.maxFailedVisits }),
          ...(flags.maxFailedShare !== undefined && { maxFailedShare: flags.maxFailedShare }),
          ...(flags.maxFailedPerHour !== undefined && {
            maxFailedPerHour: flags.maxFailedPerHour,
          }),
          ...(flags.maxDelayMean !== undefined && { maxDelayMean: flags.maxDelayMean }),
          ...(flags.maxDelayP99 !== undefined && { maxDelayP99: flags.maxDelayP99 }),
        },
        version: VERSION,
      });
      const { plan, points } = study;
      const out = flags.out ?? join("reports", plan.scenario.name, "ttl");
      const quiet = flags.quiet ?? false;
      await withSweepLock(join(out, lockFileName(null)), async () => {
        const records = await executePlan(
          plan,
          points,
          {
            out,
            shard: null,
            workers: flags.workers ?? availableParallelism(),
            quiet,
            resume: flags.resume ?? false,
            pointRow: (point, records) => pointRowText(plan, point, records),
          },
          // Sequential stopping: a TTL gets more seeds only while a CI straddles a limit.
          study.rounds,
        );
        const { output, advice } = ttlStudyResult(study, records);
        const { explanation, notes } = ttlAdviceProse(advice);
        // ttl.json keeps the advice's published fields, in their published order.
        const published = {
          rows: advice.rows,
          limits: advice.limits,
          objectives: advice.objectives,
          drainApplicable: advice.drainApplicable,
          recommendedTtl: advice.recommendedTtl,
          explanation,
          notes,
        };
        const json = `${JSON.stringify({ rrdns: "ttl-advice", advice: published, sweep: output }, null, 2)}\n`;
        const files = new Map<string, string | Uint8Array>([
          ["ttl.json", json],
          ["ttl.csv", ttlCsv(advice)],
          ["sweep.csv", sweepCsv(output)],
        ]);
        if (flags.report) {
          const rendered = await renderCharts([ttlChart(advice, output)], quiet);
          for (const [name, data] of rendered.files) files.set(name, data);
          files.set("index.html", ttlPage(advice, output, rendered.figures));
        }
        writeAllAtomic(out, files);
        rmSync(join(out, partialFileName(null)), { force: true });
        process.stdout.write(flags.format === "json" ? json : `${ttlAdviceText(advice)}\n`);
        wrote(`${out}/`);
        if (advice.recommendedTtl === null) process.exitCode = EXIT_NO_TTL;
      });
    });
}
