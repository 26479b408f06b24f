import { OverrideSyntaxError, quoteText } from "../errors.js";

/** A field path such as ["servers", 0, "capacity"]. */
export type FieldPath = readonly (string | number)[];

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a dotted field path. Array elements may be written either way:
 * `servers[0].capacity` or `servers.0.capacity`.
 */
export function parsePath(text: string): FieldPath {
  const t = text.trim();
  if (t === "") throw new OverrideSyntaxError("empty field path");
  const out: (string | number)[] = [];
  for (const part of t.split(".")) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m)
      throw new OverrideSyntaxError(
        `${quoteText(text)}: cannot read path segment ${quoteText(part)}`,
      );
    const name = m[1]!;
    const indices = [...m[2]!.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
    if (name === "" && (indices.length === 0 || out.length === 0)) {
      throw new OverrideSyntaxError(`${quoteText(text)}: empty path segment`);
    }
    if (/^\d+$/.test(name)) out.push(Number(name));
    else if (name !== "") {
      if (!SEGMENT.test(name))
        throw new OverrideSyntaxError(`${quoteText(text)}: bad field name ${quoteText(name)}`);
      out.push(name);
    }
    out.push(...indices);
  }
  if (typeof out[0] === "number")
    throw new OverrideSyntaxError(`${quoteText(text)}: must start with a field name`);
  return out;
}

/** Formats a path the way error messages elsewhere do: `servers[0].capacity`. */
export function pathText(path: FieldPath): string {
  let s = "";
  for (const k of path) s += typeof k === "number" ? `[${k}]` : s === "" ? k : `.${k}`;
  return s;
}

/**
 * Returns a copy of `root` with the field at `path` set to `value`, copying
 * only the objects along the path. Missing objects on the way are created
 * (so `dns.healthCheck.interval` works on a scenario without a health check);
 * the schema then rejects unknown names. Array indices must exist.
 */
export function setAtPath(root: unknown, path: FieldPath, value: unknown): unknown {
  return setFrom(root, path, 0, value);
}

function setFrom(node: unknown, path: FieldPath, depth: number, value: unknown): unknown {
  if (depth === path.length) return value;
  const key = path[depth]!;
  const where = pathText(path.slice(0, depth)) || "the scenario";
  if (Array.isArray(node)) {
    if (typeof key !== "number") {
      throw new OverrideSyntaxError(
        `${where} is a list; index it with [n], not ${quoteText(`.${key}`)}`,
      );
    }
    if (key >= node.length) {
      throw new OverrideSyntaxError(
        `${where} has ${node.length} entr${node.length === 1 ? "y" : "ies"}, so [${key}] does not exist`,
      );
    }
    const copy = [...node];
    copy[key] = setFrom(node[key], path, depth + 1, value);
    return copy;
  }
  if (node === undefined) {
    if (typeof key === "number")
      throw new OverrideSyntaxError(`${where} is not set, so [${key}] does not exist`);
    return { [key]: setFrom(undefined, path, depth + 1, value) };
  }
  if (node === null || typeof node !== "object") {
    throw new OverrideSyntaxError(
      `${where} is a ${node === null ? "null" : typeof node}, not an object`,
    );
  }
  if (typeof key === "number")
    throw new OverrideSyntaxError(`${where} is not a list, so [${key}] does not exist`);
  const obj = node as Record<string, unknown>;
  // Own fields only: `constructor` or `toString` must read as absent (and then
  // be refused by the schema as unknown fields), not as Object's inherited ones.
  const current = Object.hasOwn(obj, key) ? obj[key] : undefined;
  return { ...obj, [key]: setFrom(current, path, depth + 1, value) };
}
