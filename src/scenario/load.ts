import { type Document, isMap, isNode, LineCounter, type Node, parseDocument, visit } from "yaml";
import { UserError } from "./errors.js";
import { MAX_ALIAS_EXPANSION } from "./limits.js";
import type { Scenario } from "./schema.js";
import { validateScenario } from "./validate.js";

/**
 * Parses and validates scenario text (YAML or JSON, which is YAML). Pure: the
 * caller reads the file. Returns the scenario with every default filled in, or
 * throws a UserError whose problems name file, line, column and field.
 */
export function loadScenario(text: string, fileName: string): Scenario {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(fileName);
    throw error;
  }
  if (doc.errors.length > 0) {
    throw new UserError(
      doc.errors.map((e) => ({
        file: fileName,
        ...position(lineCounter, Math.min(e.pos[0], text.length)),
        field: "",
        message: `YAML syntax error: ${e.message.split("\n")[0]}`,
      })),
    );
  }
  const data = toData(doc, lineCounter, fileName);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new UserError([
      {
        file: fileName,
        line: 1,
        column: 1,
        field: "",
        message: "a scenario must be a mapping of fields",
      },
    ]);
  }
  return validateScenario(data, (path, key) => ({
    file: fileName,
    ...locatePath(doc, lineCounter, path, key),
  }));
}

/**
 * The document as plain data. Aliases are expanded only up to
 * MAX_ALIAS_EXPANSION (a billion-laughs file is refused after that much work,
 * in bounded memory), and nesting deep enough to exhaust the stack is refused
 * too: both as located UserErrors, never as a stack trace.
 */
function toData(doc: Document, lineCounter: LineCounter, fileName: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new UserError([
        {
          file: fileName,
          ...firstAliasPosition(doc, lineCounter),
          field: "",
          message: `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (references × the aliases inside what they refer to); write the repeated parts out, or use fewer references`,
        },
      ]);
    }
    if (error instanceof RangeError) throw tooDeep(fileName);
    throw error;
  }
}

function tooDeep(fileName: string): UserError {
  return new UserError([
    { file: fileName, line: 1, column: 1, field: "", message: "the document is nested too deeply" },
  ]);
}

function firstAliasPosition(
  doc: Document,
  lineCounter: LineCounter,
): { line: number; column: number } {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return position(lineCounter, offset);
}

/** Finds the node for `path` (or the nearest ancestor that exists) and returns its position. */
function locatePath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  key?: string,
): { line: number; column: number } {
  let node: Node | null = doc.contents;
  for (const segment of path) {
    if (!isNode(node)) break;
    const next: unknown = (node as unknown as { get(k: unknown, keep: true): unknown }).get?.(
      segment,
      true,
    );
    if (!isNode(next)) break;
    node = next;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find(
      (p) => isNode(p.key) && (p.key as { value?: unknown }).value === key,
    );
    if (pair && isNode(pair.key) && pair.key.range) return position(lineCounter, pair.key.range[0]);
  }
  if (isNode(node) && node.range) return position(lineCounter, node.range[0]);
  return { line: 1, column: 1 };
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
