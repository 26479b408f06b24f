#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { UserError } from "../scenario/errors.js";
import { VERSION } from "../version.js";
import { endQuietlyWhenOutputCloses } from "./closed-stdout.js";
import { registerCompletion } from "./commands/completion.js";
import { registerFit } from "./commands/fit.js";
import { registerList } from "./commands/list.js";
import { registerLogs } from "./commands/logs.js";
import { registerMerge } from "./commands/merge.js";
import { registerPlan } from "./commands/plan.js";
import { registerPresets } from "./commands/presets.js";
import { registerProbe } from "./commands/probe.js";
import { registerReport } from "./commands/report.js";
import { registerReportsAll } from "./commands/reports-all.js";
import { registerRun } from "./commands/run.js";
import { registerSchema } from "./commands/schema.js";
import { registerSweep } from "./commands/sweep.js";
import { registerTtl } from "./commands/ttl.js";
import { registerValidate } from "./commands/validate.js";
import { addExamples } from "./help-examples.js";
import { printable } from "./printable.js";
import { oneLineUsageErrors } from "./usage-errors.js";

const EXAMPLES = `
Examples:
  rrdns list                                 bundled scenarios and what each shows
  rrdns run default                          run the bundled default scenario
  rrdns run bind-two-servers --seed 7 --duration 600
  rrdns run default --format json --no-report > results.json
  rrdns validate default                     check a scenario (exit 2 on errors)
  rrdns presets                              resolver behaviours of real DNS software
`;

/** Builds the CLI. Exit codes: 0 success, 2 usage or input error, 1 bug. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name("rrdns")
    .description(
      "Simulate load distribution by round-robin DNS: balance, TTLs, caches and failures.",
    )
    .version(VERSION)
    .addHelpText("after", EXAMPLES)
    .exitOverride();
  registerRun(program);
  registerValidate(program);
  registerList(program);
  registerPresets(program);
  registerSchema(program);
  registerReport(program);
  registerReportsAll(program);
  registerSweep(program);
  registerTtl(program);
  registerPlan(program);
  registerMerge(program);
  registerProbe(program);
  registerLogs(program);
  registerFit(program);
  registerCompletion(program);
  for (const command of program.commands) command.exitOverride();
  oneLineUsageErrors(program);
  addExamples(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: "user" });
    // A command may end with a documented non-zero code (rrdns plan: no plan meets the SLO).
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they succeed for us.
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      )
        return 0;
      return 2;
    }
    // Errors thrown by our option parsers may reach us wrapped by commander.
    const userError =
      error instanceof UserError
        ? error
        : (error as { cause?: unknown }).cause instanceof UserError
          ? (error as { cause: UserError }).cause
          : undefined;
    if (userError) {
      // Messages quote scenario text and paths: no control characters reach the terminal.
      for (const line of userError.format().split("\n"))
        process.stderr.write(`rrdns: ${printable(line)}\n`);
      return 2;
    }
    throw error;
  }
}

// Run only as the program itself (also through npm's bin link): the docs tool
// imports buildProgram() from here to generate docs/reference/cli.md.
if (
  process.argv[1] !== undefined &&
  realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
) {
  endQuietlyWhenOutputCloses();
  process.exitCode = await main(process.argv.slice(2));
}
