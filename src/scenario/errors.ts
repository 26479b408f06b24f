/** One mistake in a user's input, located as precisely as we can. */
export interface InputProblem {
  readonly file: string;
  /** 1-based line, or 0 when unknown. */
  readonly line: number;
  /** 1-based column, or 0 when unknown. */
  readonly column: number;
  /** Dotted field path such as `dns.ttl` or `servers[1].address`; empty for the whole file. */
  readonly field: string;
  readonly message: string;
}

/**
 * The one error type for user mistakes (bad scenario, bad flag, unreadable
 * file). The CLI prints `format()` and exits with code 2; anything else that
 * is thrown is a bug.
 */
export class UserError extends Error {
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[] | string) {
    const list: readonly InputProblem[] =
      typeof problems === "string"
        ? [{ file: "", line: 0, column: 0, field: "", message: problems }]
        : problems;
    super(list.map(formatProblem).join("\n"));
    this.name = "UserError";
    this.problems = list;
  }

  format(): string {
    return this.message;
  }
}

/**
 * A mistake in override syntax (a --set path or value list). Thrown by the
 * pure parsers, which do not know which flag they were given; the caller turns
 * it into a UserError naming the flag.
 */
export class OverrideSyntaxError extends Error {
  override readonly name = "OverrideSyntaxError";
}

/**
 * `file:line:col: field: message`, leaving out the parts we do not know.
 * Scenario text reaches every part (keys, names, --set values), so control
 * characters are shown escaped: an ESC sequence must not drive the terminal,
 * and a newline in a file name or field must not print a line that looks like
 * another error. Messages may span lines on purpose (a list of problems), so
 * only their newlines are kept; callers quote user text inside them (quoteText).
 */
export function formatProblem(p: InputProblem): string {
  let where = escapeControl(p.file);
  if (p.file && p.line > 0) where += `:${p.line}:${p.column > 0 ? p.column : 1}`;
  const parts = [where, escapeControl(p.field), escapeControl(p.message, true)].filter(
    (s) => s.length > 0,
  );
  return parts.join(": ");
}

/** Replaces control characters by visible escapes (`\n`, `\x1b`, `\u202e`). */
export function escapeControl(text: string, keepNewlines = false): string {
  let out = "";
  for (const c of text) out += isControl(c) && !(keepNewlines && c === "\n") ? escapeChar(c) : c;
  return out;
}

/** C0 controls, DEL, C1 controls, the Unicode line/paragraph separators and bidi controls. */
function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function escapeChar(c: string): string {
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** User text inside a message: single-quoted, every control character escaped (newlines too). */
export function quoteText(text: string): string {
  return `'${escapeControl(text)}'`;
}

/** Formats a path like ["servers", 1, "address"] as `servers[1].address`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out.length === 0 ? String(key) : `.${String(key)}`;
  }
  return out;
}
