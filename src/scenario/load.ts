import {
  type Document,
  isMap,
  isNode,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import { MAX_ALIAS_EXPANSION, MAX_DOCUMENT_ITEMS, MAX_NESTING } from "./bounds.js";
import { formatPath, UserError } from "./errors.js";
import type { LimitProblem } from "./limits.js";
import type { Scenario } from "./schema.js";
import { validateScenario } from "./validate.js";

/**
 * Parses and validates scenario text (YAML or JSON, which is YAML). Pure: the
 * caller reads the file. Returns the scenario with every default filled in, or
 * throws a UserError whose problems name file, line, column and field.
 */
export function loadScenario(
  text: string,
  fileName: string,
  /**
   * What the caller cannot run in a valid scenario (the playground: a trace
   * file), as field paths and messages: located like schema problems.
   */
  refuse?: (s: Scenario) => readonly LimitProblem[],
): Scenario {
  checkDocumentSize(text, fileName);
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(fileName);
    throw error;
  }
  // Unique keys are checked here, in linear time: the parser's own check is
  // quadratic in the keys of a mapping, so a million keys would never finish.
  const errors = [
    ...doc.errors.map((e) => ({ offset: e.pos[0], message: e.message.split("\n")[0] })),
    ...duplicateKeys(doc).map((offset) => ({ offset, message: "Map keys must be unique" })),
  ];
  if (errors.length > 0) {
    throw new UserError(
      errors.map((e) => ({
        file: fileName,
        ...position(lineCounter, Math.min(e.offset, text.length)),
        field: "",
        message: `YAML syntax error: ${e.message}`,
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
  const locate = (path: readonly PropertyKey[], key?: string) => ({
    file: fileName,
    ...locatePath(doc, lineCounter, path, key),
  });
  const scenario = validateScenario(data, locate);
  const refused = refuse?.(scenario) ?? [];
  if (refused.length > 0)
    throw new UserError(
      refused.map((p) => ({ ...locate(p.path), field: formatPath(p.path), message: p.message })),
    );
  return scenario;
}

/** Offsets of keys that repeat an earlier key of the same mapping. */
function duplicateKeys(doc: Document): number[] {
  const offsets: number[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        if (seen.has(value)) offsets.push(pair.key.range?.[0] ?? 0);
        seen.add(value);
      }
    },
  });
  return offsets;
}

/**
 * Refuses, before parsing, text the YAML parser would need too much memory or
 * stack for: too many values, or nesting too deep (flow brackets, and block
 * sequences opened on one line, `- - - 1`). Quotes are not tracked: a bracket
 * inside a string only makes the estimate more cautious.
 */
function checkDocumentSize(text: string, fileName: string): void {
  let items = 0;
  let depth = 0;
  let deepest = 0;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      items++;
      dashes = 0;
    } else if (c === 0x2c || c === 0x3a) items++;
    else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
    else if (c === 0x2d && text.charCodeAt(i + 1) === 0x20) dashes++;
    else continue;
    if (depth + dashes > deepest) deepest = depth + dashes;
  }
  const too = (what: string, n: number, max: number) =>
    new UserError([
      {
        file: fileName,
        line: 1,
        column: 1,
        field: "",
        message: `${n} ${what}; a scenario file may have at most ${max}`,
      },
    ]);
  if (items > MAX_DOCUMENT_ITEMS) throw too("lines, commas and colons", items, MAX_DOCUMENT_ITEMS);
  if (deepest > MAX_NESTING) throw too("levels of nesting", deepest, MAX_NESTING);
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
