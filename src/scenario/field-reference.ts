import { scenarioJsonSchema } from "./json-schema.js";

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
};

interface Row {
  field: string;
  type: string;
  required: boolean;
  default: string;
  description: string;
}

/**
 * The README's reference of every scenario field, generated from the schema
 * so the documentation cannot drift from what the loader accepts.
 */
export function fieldReferenceMarkdown(): string {
  const rows: Row[] = [];
  walk(scenarioJsonSchema() as JsonSchema, "", rows, true);
  const lines = [
    "| field | type | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| \`${r.field}\`${r.required ? " (required)" : ""} | ${r.type} | ${r.default} | ${r.description.replace(/\|/g, "\\|")} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

function walk(schema: JsonSchema, path: string, rows: Row[], required: boolean): void {
  if (path !== "") {
    rows.push({
      field: path,
      type: typeOf(schema),
      required,
      default: schema.default === undefined ? "" : `\`${JSON.stringify(schema.default)}\``,
      description: schema.description ?? "",
    });
  }
  const objectVariants = schema.properties
    ? [schema]
    : (schema.anyOf ?? []).filter((v) => v.properties);
  if (objectVariants.length === 1) {
    const only = objectVariants[0]!;
    for (const [key, child] of Object.entries(only.properties ?? {})) {
      walk(child, path ? `${path}.${key}` : key, rows, only.required?.includes(key) ?? false);
    }
  } else {
    // A number-or-profile union (clients.rate; a session law's `dist`): document each variant's fields under its name.
    for (const variant of objectVariants) {
      const tag = variant.properties?.profile ? "profile" : "dist";
      const kind = variant.properties?.[tag]?.const;
      for (const [key, child] of Object.entries(variant.properties ?? {})) {
        if (key === tag) continue;
        walk(
          child,
          `${path}{${tag}: ${String(kind)}}.${key}`,
          rows,
          variant.required?.includes(key) ?? false,
        );
      }
    }
  }
  const items = schema.items ?? schema.anyOf?.find((s) => s.items)?.items;
  if (items) {
    if (items.anyOf?.every((s) => s.properties)) {
      // Several object shapes share one list: document the union of their fields once.
      const seen = new Set<string>();
      for (const variant of items.anyOf) {
        for (const [key, child] of Object.entries(variant.properties ?? {})) {
          if (seen.has(key)) continue;
          seen.add(key);
          walk(child, `${path}[].${key}`, rows, false);
        }
      }
    } else if (items.properties) {
      for (const [key, child] of Object.entries(items.properties)) {
        walk(child, `${path}[].${key}`, rows, items.required?.includes(key) ?? false);
      }
    }
  }
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  if (schema.anyOf) return [...new Set(schema.anyOf.map(typeOf))].join(" \\| ");
  if (schema.type === "array") return `list of ${schema.items ? typeOf(schema.items) : "values"}`;
  if (schema.type === "object") return "object";
  return Array.isArray(schema.type) ? schema.type.join(" \\| ") : (schema.type ?? "any");
}
