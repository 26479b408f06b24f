import type { Command } from "commander";
import { printable } from "../printable.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check scenario files against the schema without running them")
    .argument("<scenario...>", "scenario files or bundled names")
    .action(async (args: string[]) => {
      const { loadScenarioFile } = await import("../load-scenario-file.js");
      for (const arg of args) {
        const { path, scenario } = loadScenarioFile(arg);
        process.stdout.write(
          `${printable(path)}: ok (${printable(scenario.name)}, ${scenario.servers.length} servers, ${scenario.duration} s)\n`,
        );
      }
    });
}
