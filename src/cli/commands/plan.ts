import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import {
  type CapacityPlanChartData,
  capacityPlanChart,
  capacityPlanCsv,
  capacityPlanText,
} from "../../report/index.js";
import { renderSvg, svgToPng } from "../../report/render/index.js";
import { applyOverrides, UserError } from "../../scenario/index.js";
import {
  type CapacityPlan,
  type Executor,
  inProcessExecutor,
  PLAN_WORKER_URL,
  type PlanRun,
  parseFraction,
  parseServerRange,
  parseSlo,
  planCapacity,
  poolExecutor,
  runPlanTask,
} from "../../sweep/index.js";
import { writeOutputFolder } from "../files.js";
import { loadScenarioFile, refuseTrace } from "../load-scenario-file.js";
import { collect, integerOption, positiveNumberOption } from "../options.js";
import { checkOutputFolder } from "../output/check-folder.js";

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
      integerOption("--replications", 2),
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
    .action(async (arg: string, flags: PlanFlags) => {
      const slo = parseSlo(flags.slo);
      const maxErrors = parseFraction(flags.maxErrors, "--max-errors");
      const servers = parseServerRange(flags.servers);
      if (flags.format !== "table" && flags.format !== "json")
        throw new UserError(`--format ${flags.format}: expected table or json`);
      const loaded = loadScenarioFile(arg);
      refuseTrace(loaded.scenario, loaded.path, "plan");
      const scenario = applyOverrides(loaded.scenario, flags.set, flags.duration);
      const out = flags.out ?? join("reports", scenario.name, "plan");
      const service = scenario.service ?? {};
      const modelled =
        scenario.service !== undefined ||
        scenario.servers.some((sv) => sv.workers !== undefined || sv.serviceTime !== undefined);
      if (!modelled || (!service.serviceTime && !scenario.servers[0]!.serviceTime))
        throw new UserError(
          `${arg}: rrdns plan needs servers with capacity (a service block with a serviceTime)`,
        );
      checkOutputFolder(out); // before simulating: a bad --out should not cost the whole plan
      const workers = flags.workers ?? availableParallelism();
      const executor: Executor<PlanRun> =
        workers === 1
          ? inProcessExecutor(runPlanTask)
          : poolExecutor<PlanRun>(workers, PLAN_WORKER_URL);
      let plan: CapacityPlan;
      try {
        plan = await planCapacity(
          scenario,
          {
            slo,
            maxErrors,
            servers,
            nPlusOne: flags.nPlusOne ?? false,
            replications: flags.replications,
            seed: flags.seed ?? scenario.seed,
          },
          executor,
        );
      } finally {
        await executor.close();
      }
      const json = `${JSON.stringify({ rrdns: "capacity-plan", ...plan }, null, 2)}\n`;
      const data: CapacityPlanChartData = { ...plan, scenario: scenario.name };
      const files = new Map<string, string | Uint8Array>([
        ["plan.json", json],
        ["plan.csv", capacityPlanCsv(data)],
      ]);
      if (flags.report) for (const [name, bytes] of await chartFiles(data)) files.set(name, bytes);
      writeOutputFolder(out, files);
      printPlan(plan, flags.format, json, out);
      if (plan.recommended === null) process.exitCode = EXIT_NO_PLAN;
    });
}

/** Everything `rrdns plan` prints: the table and the recommendation, or plan.json. */
function printPlan(plan: CapacityPlan, format: string, json: string, out: string): void {
  process.stdout.write(format === "json" ? json : `${capacityPlanText(plan)}\nwrote ${out}/\n`);
}

/** plan.svg and plan.png; a renderer failure costs the picture, not the plan's numbers. */
async function chartFiles(data: CapacityPlanChartData): Promise<Map<string, string | Uint8Array>> {
  const files = new Map<string, string | Uint8Array>();
  try {
    const svg = await renderSvg(capacityPlanChart(data).spec);
    files.set("plan.svg", svg);
    files.set("plan.png", svgToPng(svg));
  } catch (error) {
    process.stderr.write(`rrdns: plan chart not rendered: ${(error as Error).message}\n`);
  }
  return files;
}
