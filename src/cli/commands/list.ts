import type { Command } from "commander";
import { printable } from "../printable.js";

/** The first sentence of a description: the scenario's one-line claim. */
export function claimOf(description: string): string {
  const text = description.trim().replace(/\s+/g, " ");
  const end = text.search(/\.(\s|$)/);
  return end >= 0 ? text.slice(0, end + 1) : text;
}

export function registerList(program: Command): void {
  program
    .command("list")
    .description("list the bundled scenarios with the claim each one demonstrates")
    .action(async () => {
      // Loaded on use, here and in every command: \`rrdns --help\` should not pay for the schema.
      const { loadScenario } = await import("../../scenario/index.js");
      const { bundledScenarioFiles, readText, scenarioNameOf } = await import("../files.js");
      const files = bundledScenarioFiles();
      const width = Math.max(...files.map((f) => scenarioNameOf(f).length));
      for (const file of files) {
        const scenario = loadScenario(readText(file), file);
        process.stdout.write(
          `${scenarioNameOf(file).padEnd(width)}  ${printable(claimOf(scenario.description))}\n`,
        );
      }
    });
}
