import { scenarioJsonSchema } from "./json-schema.js";

/** The parts of the JSON Schema that say which fields an object has. */
interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
}

let schema: SchemaNode | undefined;
/** Built on first use (a misspelling, a completion script): valid runs never pay for it. */
const root = (): SchemaNode => {
  schema ??= scenarioJsonSchema() as SchemaNode;
  return schema;
};

/** A node and the variants of its unions (a rate is a number or a profile object). */
function variants(node: SchemaNode): SchemaNode[] {
  return [node, ...(node.anyOf ?? []).flatMap(variants)];
}

/** The field names the schema allows in the object at `path` (a number steps into a list). */
export function fieldsAt(path: readonly PropertyKey[]): string[] {
  let nodes = [root()];
  for (const key of path) {
    nodes = nodes.flatMap(variants).flatMap((n) => {
      const next = typeof key === "number" ? n.items : n.properties?.[String(key)];
      return next ? [next] : [];
    });
  }
  const names = nodes.flatMap(variants).flatMap((n) => Object.keys(n.properties ?? {}));
  return [...new Set(names)].sort();
}

/** Every field path of the schema, lists written `servers[]`: for a field put at the wrong level. */
export function allFieldPaths(): string[] {
  const out: string[] = [];
  const walk = (node: SchemaNode, path: string, depth: number): void => {
    if (depth > 8) return;
    for (const v of variants(node)) {
      for (const [key, child] of Object.entries(v.properties ?? {})) {
        const here = path === "" ? key : `${path}.${key}`;
        out.push(here);
        walk(child, here, depth + 1);
      }
      if (v.items) walk(v.items, `${path}[]`, depth + 1);
    }
  };
  walk(root(), "", 0);
  return [...new Set(out)];
}

/** A field `--set` can change, with the words it takes when it takes only some. */
export interface SettableField {
  /** As `--set` takes it, lists at their first entry: `dns.ttl`, `servers[0].capacity`. */
  readonly path: string;
  /** Its allowed words (enums, `true`/`false`), e.g. the resolver presets; empty: any value. */
  readonly values: readonly string[];
}

const SCALAR = new Set(["string", "number", "integer", "boolean"]);

/** Every field that holds a single value (what `--set path=value` can set), in schema order. */
export function settableFields(): SettableField[] {
  const out = new Map<string, Set<string>>();
  const walk = (node: SchemaNode, path: string, depth: number): void => {
    if (depth > 8) return;
    const all = variants(node);
    const scalar = all.some(
      (v) =>
        [v.type].flat().some((t) => t !== undefined && SCALAR.has(t)) ||
        v.enum ||
        v.const !== undefined,
    );
    if (scalar && path !== "") {
      const words = out.get(path) ?? new Set<string>();
      for (const v of all) {
        for (const w of v.enum ?? []) if (typeof w === "string") words.add(w);
        if (typeof v.const === "string") words.add(v.const);
        if ([v.type].flat().includes("boolean")) for (const w of ["true", "false"]) words.add(w);
      }
      out.set(path, words);
    }
    for (const v of all) {
      for (const [key, child] of Object.entries(v.properties ?? {}))
        walk(child, path === "" ? key : `${path}.${key}`, depth + 1);
      if (v.items) walk(v.items, `${path}[0]`, depth + 1);
    }
  };
  walk(root(), "", 0);
  return [...out].map(([path, words]) => ({ path, values: [...words] }));
}
