import type { Command } from "commander";
import * as metrics from "../../metrics/index.js";
import { fieldReferenceMarkdown } from "../../scenario/field-reference.js";
import { UserError } from "../../scenario/index.js";
import { scenarioJsonSchema } from "../../scenario/json-schema.js";

interface SchemaFlags {
  markdown?: boolean;
  results?: boolean;
}

/**
 * The JSON Schema of results.json, defined once in src/metrics (the zod
 * schema results are written and read back with). Looked up by name so this
 * file builds before that export lands; once it has, import it directly.
 */
function resultsJsonSchema(): unknown {
  const make = (metrics as { resultsJsonSchema?: () => unknown }).resultsJsonSchema;
  if (!make) throw new UserError("schema --results: this build has no results schema");
  return make();
}

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description(
      "print the scenario JSON Schema (for editor completion), the field reference, or the results schema",
    )
    .option("--markdown", "print the field reference table used in the README instead")
    .option("--results", "print the JSON Schema of results.json instead")
    .action((flags: SchemaFlags) => {
      if (flags.markdown && flags.results)
        throw new UserError("schema: --markdown and --results exclude each other");
      process.stdout.write(
        flags.markdown
          ? fieldReferenceMarkdown()
          : `${JSON.stringify(flags.results ? resultsJsonSchema() : scenarioJsonSchema(), null, 2)}\n`,
      );
    });
}
