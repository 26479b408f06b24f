import type { Command } from "commander";
import { type InputProblem, UserError } from "../../scenario/errors.js";
import { printable } from "../printable.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check scenario files against the schema without running them")
    .argument("<scenario...>", "scenario files or bundled names")
    .action(async (args: string[]) => {
      const { loadScenarioFile } = await import("../load-scenario-file.js");
      // Every file is checked, and each one's problems reported: a bad first
      // file must not hide the others' (exit 2 if any is bad).
      const problems: InputProblem[] = [];
      for (const arg of args) {
        try {
          const { path, scenario } = loadScenarioFile(arg);
          process.stdout.write(
            `${printable(path)}: ok (${printable(scenario.name)}, ${scenario.servers.length} servers, ${scenario.duration} s)\n`,
          );
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          problems.push(...error.problems);
        }
      }
      if (problems.length > 0) throw new UserError(problems);
    });
}
