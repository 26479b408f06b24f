/**
 * One Markdown row per field of a JSON Schema (made by zod's toJSONSchema):
 * the scenario field reference and the results.json reference are both this
 * table, so neither can drift from what the loader accepts or a run writes.
 */

export type JsonSchema = {
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
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean | JsonSchema;
};

export interface FieldRow {
  field: string;
  type: string;
  required: boolean;
  default: string;
  bounds: string;
  description: string;
}

/** Every field of the schema, depth first, in the schema's order. */
export function fieldRows(schema: JsonSchema): FieldRow[] {
  const rows: FieldRow[] = [];
  walk(schema, "", rows, true);
  return rows;
}

/** A Markdown table cell: pipes escaped, line breaks folded. */
export function cell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
}

/** The scenario field reference: field, type, default, bounds and meaning. */
export function fieldTableMarkdown(schema: JsonSchema): string {
  const lines = [
    "| field | type | default | bounds | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...fieldRows(schema).map(
      (r) =>
        `| \`${r.field}\`${r.required ? " (required)" : ""} | ${r.type} | ${r.default} | ${r.bounds} | ${cell(r.description)} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

function walk(schema: JsonSchema, path: string, rows: FieldRow[], required: boolean): void {
  if (path !== "") {
    rows.push({
      field: path,
      type: typeOf(schema),
      required,
      default: schema.default === undefined ? "" : `\`${JSON.stringify(schema.default)}\``,
      bounds: boundsOf(schema),
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

/** Numeric and length bounds, as `≥ 0`, `> 0`, `≤ 1`, `1–100 items`; "" when none. */
function boundsOf(schema: JsonSchema): string {
  const own = [
    schema.minimum !== undefined ? `≥ ${num(schema.minimum)}` : "",
    schema.exclusiveMinimum !== undefined ? `> ${num(schema.exclusiveMinimum)}` : "",
    schema.maximum !== undefined ? `≤ ${num(schema.maximum)}` : "",
    schema.exclusiveMaximum !== undefined ? `< ${num(schema.exclusiveMaximum)}` : "",
    schema.minItems !== undefined && schema.minItems > 0 ? `≥ ${num(schema.minItems)} items` : "",
    schema.maxItems !== undefined ? `≤ ${num(schema.maxItems)} items` : "",
    schema.minLength !== undefined && schema.minLength > 0
      ? `≥ ${num(schema.minLength)} chars`
      : "",
    schema.maxLength !== undefined ? `≤ ${num(schema.maxLength)} chars` : "",
  ].filter(Boolean);
  if (own.length > 0) return own.join(", ");
  // A union's bounds, where its variants have them (a number or a draw: the number's).
  const fromVariants = [...new Set((schema.anyOf ?? []).map(boundsOf).filter(Boolean))];
  return fromVariants.join("; ");
}

/** 9007199254740991 and the like stay readable. */
function num(n: number): string {
  if (n === Number.MAX_SAFE_INTEGER) return "2^53 − 1";
  return Math.abs(n) >= 1e6 ? n.toExponential().replace("e+", "e") : String(n);
}
