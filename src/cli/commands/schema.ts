import type { Command } from "commander";
import { scenarioJsonSchema } from "../../scenario/json-schema.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the scenario JSON Schema (for editor completion)")
    .action(() => {
      process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    });
}
