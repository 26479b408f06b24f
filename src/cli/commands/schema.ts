import type { Command } from "commander";
import { fieldReferenceMarkdown } from "../../scenario/field-reference.js";
import { scenarioJsonSchema } from "../../scenario/json-schema.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the scenario JSON Schema (for editor completion), or the field reference")
    .option("--markdown", "print the field reference table used in the README instead")
    .action((flags: { markdown?: boolean }) => {
      process.stdout.write(
        flags.markdown
          ? fieldReferenceMarkdown()
          : `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`,
      );
    });
}
