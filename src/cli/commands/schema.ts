import type { Command } from "commander";
import { UserError } from "../../scenario/errors.js";

interface SchemaFlags {
  markdown?: boolean;
  results?: boolean;
}

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description(
      "print the scenario JSON Schema (for editor completion), the field reference, or the results schema",
    )
    .option("--markdown", "print the field reference table of docs/reference/scenario.md instead")
    .option("--results", "print the JSON Schema of results.json instead")
    .action(async (flags: SchemaFlags) => {
      if (flags.markdown && flags.results)
        throw new UserError("schema: --markdown and --results exclude each other");
      const { resultsJsonSchema } = await import("../../metrics/index.js");
      const { scenarioJsonSchema } = await import("../../scenario/index.js");
      const { fieldTableMarkdown } = await import("../schema-table.js");
      process.stdout.write(
        flags.markdown
          ? fieldTableMarkdown(scenarioJsonSchema())
          : `${JSON.stringify(flags.results ? resultsJsonSchema() : scenarioJsonSchema(), null, 2)}\n`,
      );
    });
}
