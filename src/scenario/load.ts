import { isMap, isNode, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { formatPath, type InputProblem, UserError } from "./errors.js";
import { type Scenario, scenarioSchema } from "./schema.js";
import { crossCheck } from "./validate.js";

/**
 * Parses and validates scenario text (YAML or JSON, which is YAML). Pure: the
 * caller reads the file. Returns the scenario with every default filled in, or
 * throws a UserError whose problems name file, line, column and field.
 */
export function loadScenario(text: string, fileName: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
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
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
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
  const parsed = scenarioSchema.safeParse(data);
  const locate = (path: readonly PropertyKey[], key?: string): { line: number; column: number } =>
    locatePath(doc, lineCounter, path, key);
  if (!parsed.success) {
    throw new UserError(parsed.error.issues.map((issue) => toProblem(issue, fileName, locate)));
  }
  const problems = crossCheck(parsed.data).map((p) => {
    const where = locate(p.path);
    return { file: fileName, ...where, field: formatPath(p.path), message: p.message };
  });
  if (problems.length > 0) throw new UserError(problems);
  return parsed.data;
}

type Locate = (path: readonly PropertyKey[], key?: string) => { line: number; column: number };

function toProblem(issue: z.core.$ZodIssue, file: string, locate: Locate): InputProblem {
  const path = issue.path as PropertyKey[];
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    return {
      file,
      ...locate(path, key),
      field: formatPath([...path, key]),
      message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`,
    };
  }
  return { file, ...locate(path), field: formatPath(path), message: issue.message };
}

/** Finds the node for `path` (or the nearest ancestor that exists) and returns its position. */
function locatePath(
  doc: ReturnType<typeof parseDocument>,
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
