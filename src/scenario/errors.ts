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

/** `file:line:col: field: message`, leaving out the parts we do not know. */
export function formatProblem(p: InputProblem): string {
  let where = p.file;
  if (p.file && p.line > 0) where += `:${p.line}:${p.column > 0 ? p.column : 1}`;
  const parts = [where, p.field, p.message].filter((s) => s.length > 0);
  return parts.join(": ");
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
