import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import type { CapacityPlanChartData } from "../../report/index.js";
import { UserError } from "../../scenario/errors.js";
import type { CapacityPlan, Executor, PlanCandidate, PlanRun } from "../../study/index.js";
import { VERSION } from "../../version.js";
import { collect, integerOption, positiveNumberOption, replicationsOption } from "../options.js";
import { wrote } from "../wrote.js";

/** Exit code when no server count in the range meets the SLO (0: a plan meets it; 2: bad input). */
export const EXIT_NO_PLAN = 3;

interface PlanFlags {
  slo: string;
  maxErrors: string;
  servers: string;
  nPlusOne?: boolean;
  replications: number;
  seed?: number;
  duration?: number;
  set: string[];
  workers?: number;
  format: string;
  out?: string;
  report: boolean;
  quiet?: boolean;
}

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description(
      `capacity planner: the fewest servers that meet a response-time SLO, with 95% CIs (exit ${EXIT_NO_PLAN} when none in the range does)`,
    )
    .argument(
      "<scenario>",
      "scenario file with servers with capacity, or a bundled scenario's name",
    )
    .requiredOption("--slo <slo>", 'response-time objective, e.g. "p99<0.5s" or "p95<200ms"')
    .option("--max-errors <share>", "most failed requests, e.g. 0.1% or 0.001", "0.1%")
    .option("--servers <range>", "server counts to try, e.g. 2..16", "1..16")
    .option("--n-plus-one", "with one server down for the whole run")
    .option(
      "--replications <n>",
      "most independent seeds per count (each stops at 3 or more once its CIs are clear of the limits)",
      replicationsOption(2),
      5,
    )
    .option(
      "--set <path=value>",
      "override one scenario field before planning, e.g. dns.ttl=300 (repeatable)",
      collect,
      [],
    )
    .option(
      "--workers <k>",
      "worker threads (default: all cores; 1 runs in this process); the numbers do not depend on it",
      integerOption("--workers", 1),
    )
    .option("--seed <n>", "base seed (default: the scenario's)", integerOption("--seed"))
    .option("--duration <s>", "simulated seconds per run", positiveNumberOption("--duration"))
    .option("--format <format>", "stdout format: table or json", "table")
    .option("--out <dir>", "output folder (default: reports/<scenario name>/plan)")
    .option("--no-report", "skip the chart (plan.svg, plan.png)")
    .option("--quiet", "no progress bar or streamed rows on stderr")
    .action(async (arg: string, flags: PlanFlags) => {
      const { capacityPlanCsv, capacityPlanText, fmtSummary } = await import(
        "../../report/index.js"
      );
      const { stepProgress } = await import("../progress.js");
      const {
        inProcessExecutor,
        PLAN_WORKER_URL,
        parseFraction,
        parseServerRange,
        parseSlo,
        planCapacity,
        planStudy,
        runPlanTask,
      } = await import("../../study/index.js");
      const { poolExecutor } = await import("../worker-pool.js");
      const { writeOutputFolder } = await import("../files.js");
      const { loadScenarioFile, refuseTrace } = await import("../load-scenario-file.js");
      const { checkOutputFolder } = await import("../output/check-folder.js");
      const slo = parseSlo(flags.slo);
      const maxErrors = parseFraction(flags.maxErrors, "--max-errors");
      const servers = parseServerRange(flags.servers);
      if (flags.format !== "table" && flags.format !== "json")
        throw new UserError(`--format ${flags.format}: expected table or json`);
      const loaded = loadScenarioFile(arg);
      refuseTrace(loaded.scenario, loaded.path, "plan");
      const study = planStudy({
        scenario: loaded.scenario,
        path: loaded.path,
        arg,
        slo,
        maxErrors,
        servers,
        nPlusOne: flags.nPlusOne ?? false,
        replications: flags.replications,
        seed: flags.seed,
        duration: flags.duration,
        sets: flags.set,
      });
      const { scenario } = study;
      const out = flags.out ?? join("reports", scenario.name, "plan");
      checkOutputFolder(out); // before simulating: a bad --out should not cost the whole plan
      let total = study.maxRuns;
      const progress = stepProgress({
        total,
        unit: "runs (at most)",
        stream: process.stderr,
        quiet: flags.quiet ?? false,
      });
      const workers = flags.workers ?? availableParallelism();
      const executor: Executor<PlanRun> =
        workers === 1
          ? inProcessExecutor(runPlanTask)
          : poolExecutor<PlanRun>(workers, PLAN_WORKER_URL);
      let plan: CapacityPlan;
      try {
        plan = await planCapacity(
          scenario,
          study.options,
          executor,
          (done) => {
            if (done > total) {
              total = done;
              progress.setTotal(total);
            }
            progress.tick();
          },
          (c) => progress.row(candidateRowText(c, slo.metric, fmtSummary)),
        );
      } finally {
        await executor.close();
        progress.stop();
      }
      const json = `${JSON.stringify({ rrdns: "capacity-plan", ...plan }, null, 2)}\n`;
      const data: CapacityPlanChartData = { ...plan, scenario: scenario.name };
      const files = new Map<string, string | Uint8Array>([
        ["plan.json", json],
        ["plan.csv", capacityPlanCsv(data)],
      ]);
      if (flags.report) for (const [name, bytes] of await chartFiles(data)) files.set(name, bytes);
      writeOutputFolder(out, files);
      process.stdout.write(flags.format === "json" ? json : `${capacityPlanText(plan)}\n`);
      wrote(`${out}/`);
      if (plan.recommended === null) process.exitCode = EXIT_NO_PLAN;
    });
}

/** plan.svg, plan.png and index.html; a renderer failure costs the picture, not the plan's numbers. */
async function chartFiles(data: CapacityPlanChartData): Promise<Map<string, string | Uint8Array>> {
  const { capacityPlanChart, narrowSpec, planPage } = await import("../../report/index.js");
  const files = new Map<string, string | Uint8Array>();
  const chart = capacityPlanChart(data);
  const title = String((chart.spec.title as { text?: unknown } | undefined)?.text ?? "plan");
  let svg: string | null = null;
  let narrowSvg: string | null = null;
  try {
    const { renderSvg, svgToPng } = await import("../../report/render/index.js");
    svg = await renderSvg(chart.spec);
    files.set("plan.svg", svg);
    files.set("plan.png", svgToPng(svg));
    narrowSvg = await renderSvg(narrowSpec(chart.spec));
  } catch (error) {
    process.stderr.write(`rrdns: plan chart not rendered: ${(error as Error).message}\n`);
  }
  files.set(
    "index.html",
    planPage(data, [{ name: "plan", title, explain: chart.explain, svg, narrowSvg }], VERSION),
  );
  return files;
}

/** One count's line while the plan runs (terminal only): its SLO statistic, errors and utilisation. */
function candidateRowText(
  c: PlanCandidate,
  metric: string,
  fmtSummary: (s: PlanCandidate["latency"]) => string,
): string {
  return `${c.servers} servers: ${metric} ${fmtSummary(c.latency)} s · failed share ${fmtSummary(c.errors)} · busiest server's peak utilisation ${fmtSummary(c.busiestUtilisation)} · ${c.meets ? "meets the SLO" : "does not meet the SLO"}`;
}
