import { z } from "zod";
import { scenarioSchema } from "./schema.js";

/** The JSON Schema of scenario files, generated from the zod schema (input side: defaults optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }),
    title: "rrdns scenario",
  };
}
